import type { Rubric, RubricCriterion } from './schema/rubric.js'

export type { Rubric, RubricCriterion, RubricCriterionLevel } from './schema/rubric.js'

/** Index of a level in its criterion (0 = lowest), or -1 when the id is not a level of it. */
export function levelIndex(criterion: RubricCriterion, levelId: string): number {
  return criterion.levels.findIndex((level) => level.id === levelId)
}

/** Index of the criterion's passing level; -1 when `requiredLevel` names no level. */
export function requiredLevelIndex(criterion: RubricCriterion): number {
  return levelIndex(criterion, criterion.requiredLevel)
}

/** Sum of every criterion's highest level points. */
export function maximumPoints(rubric: Rubric): number {
  return rubric.criteria.reduce((sum, c) => sum + Math.max(...c.levels.map((l) => l.points)), 0)
}
