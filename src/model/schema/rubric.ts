import { type Static, Type } from '@sinclair/typebox'

/** An identifier local to a template: letters, digits, `-`, `_`, `.`, `:`. */
export const LocalIdSchema = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$', maxLength: 128 })

/**
 * One level of a rubric criterion, e.g. "Proficient". Levels are listed low → high,
 * as OB 3.0 orders `rubricCriterionLevel`.
 */
export const RubricCriterionLevelSchema = Type.Object(
  {
    id: LocalIdSchema,
    name: Type.String({ minLength: 1 }),
    description: Type.String({ minLength: 1 }),
    points: Type.Number({ minimum: 0 }),
  },
  { $id: 'RubricCriterionLevel', additionalProperties: false },
)
export type RubricCriterionLevel = Static<typeof RubricCriterionLevelSchema>

/** A rubric criterion scores one or more submission parts against ordered levels. */
export const RubricCriterionSchema = Type.Object(
  {
    id: LocalIdSchema,
    name: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    /** Ids of the submission parts (overview questions, artifacts, `reflection`) this criterion scores. */
    parts: Type.Array(LocalIdSchema, { minItems: 1, uniqueItems: true }),
    /** Ordered low → high; points must rise with the order. */
    levels: Type.Array(RubricCriterionLevelSchema, { minItems: 2 }),
    /** Id of the lowest level that passes this criterion. */
    requiredLevel: LocalIdSchema,
  },
  { $id: 'RubricCriterion', additionalProperties: false },
)
export type RubricCriterion = Static<typeof RubricCriterionSchema>

/** The scoring guide of a micro-credential. */
export const RubricSchema = Type.Object(
  {
    criteria: Type.Array(RubricCriterionSchema, { minItems: 1 }),
    /** Optional minimum of summed points across criteria, on top of every criterion passing. */
    minimumTotal: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { $id: 'Rubric', additionalProperties: false },
)
export type Rubric = Static<typeof RubricSchema>
