import { ValidationError, type ValidationProblem } from '../errors.js'
import type { AssessmentInput, DecisionPolicy, Review } from '../model/review.js'
import { levelIndex, maximumPoints, type Rubric, type RubricCriterion, requiredLevelIndex } from '../model/rubric.js'

/** Every policy field, filled in. */
export type ResolvedPolicy = Required<Omit<DecisionPolicy, 'minimumTotal'>> & Pick<DecisionPolicy, 'minimumTotal'>

/** The defaults applied to every `DecisionPolicy`. */
export const DEFAULT_POLICY: ResolvedPolicy = {
  combine: 'lowest',
  maxAttempts: 3,
  closeCallMargin: 1,
  minAssessors: 1,
  countPeerReviews: false,
}

/** One reviewer's feedback on a criterion. */
export interface CriterionFeedback {
  reviewerId: string
  role: Review['reviewer']['role']
  levelId: string
  feedback: string
}

/** How one criterion came out after combining the scoring reviews. */
export interface CriterionOutcome {
  criterionId: string
  criterionName: string
  /** The combined level (for `mean`, the highest level whose points do not exceed the mean). */
  levelId: string
  /** Combined points (for `mean`, the mean itself). */
  points: number
  requiredLevelId: string
  met: boolean
  /** Scoring reviewers split on pass/fail in a close call (or at all, under `unanimous`): another assessor is needed. */
  disputed: boolean
  /** Feedback from every reviewer, sorted by reviewer id. */
  feedback: CriterionFeedback[]
}

/** A criterion the educator still has to meet, with the feedback to act on. */
export interface UnmetCriterion {
  criterionId: string
  criterionName: string
  achievedLevelId: string
  requiredLevelId: string
  /** Plain-language guidance for the educator. */
  message: string
  feedback: CriterionFeedback[]
}

interface DecisionBase {
  criteria: CriterionOutcome[]
  total: number
  maxTotal: number
  attempt: number
  policy: ResolvedPolicy
  /** Ids of the reviews that were scored, sorted. */
  scoredReviewIds: string[]
}

/** The outcome of assessing one submission. Callers must handle all four. */
export type Decision =
  | (DecisionBase & { outcome: 'award-recommended' })
  | (DecisionBase & { outcome: 'resubmit'; unmet: UnmetCriterion[]; message: string })
  | (DecisionBase & { outcome: 'needs-review'; reasons: string[]; action: 'assign-additional-assessor' })
  | (DecisionBase & { outcome: 'denied'; reason: 'attempts-exhausted'; unmet: UnmetCriterion[]; message: string })

export type DecisionOutcome = Decision['outcome']

export interface DecideAwardOptions {
  /** The attempt number of the submission. @default 1 */
  attempt?: number
  /** @default DEFAULT_POLICY */
  policy?: DecisionPolicy
}

/**
 * Combines reviews into a decision. Pure and deterministic: the order of `reviews` never matters.
 * Throws `ERR_OB_REVIEW_INVALID` (listing every problem) when a review names an unknown criterion
 * or level, misses a criterion, or a reviewer scored twice — never a partial decision.
 * @example
 * const decision = decideAward(template.rubric, reviews, { attempt: 1, policy: { combine: 'majority' } })
 * if (decision.outcome === 'resubmit') console.log(decision.message)
 */
export function decideAward(rubric: Rubric, reviews: readonly Review[], { attempt = 1, policy = {} }: DecideAwardOptions = {}): Decision {
  const resolved = resolvePolicy(policy)
  assertReviewsFit(rubric, reviews)
  const sorted = [...reviews].sort((a, b) => compare(a.reviewer.id, b.reviewer.id) || compare(a.id, b.id))
  const scoring = sorted.filter((r) => r.reviewer.role === 'assessor' || resolved.countPeerReviews)

  const criteria = rubric.criteria.map((criterion) => combineCriterion(criterion, sorted, scoring, resolved))
  const total = round(criteria.reduce((sum, c) => sum + c.points, 0))
  const maxTotal = maximumPoints(rubric)
  const base: DecisionBase = {
    criteria,
    total,
    maxTotal,
    attempt,
    policy: resolved,
    scoredReviewIds: scoring.map((r) => r.id).sort(compare),
  }

  const minimumTotal = resolved.minimumTotal ?? rubric.minimumTotal
  const belowTotal = minimumTotal !== undefined && total < minimumTotal
  // A clear fail anywhere decides the outcome; close calls only matter when nothing clearly fails.
  const clearFail = scoring.length > 0 && (belowTotal || criteria.some((c) => !c.met && !c.disputed))
  const allMet = scoring.length > 0 && !belowTotal && criteria.every((c) => c.met)

  const reasons: string[] = []
  if (scoring.length < resolved.minAssessors)
    reasons.push(`${scoring.length} scored review(s); the policy needs ${resolved.minAssessors}`)
  if (!clearFail)
    for (const c of criteria) if (c.disputed) reasons.push(`reviewers split on whether "${c.criterionName}" is met (a close call)`)
  const recommendations = new Set(scoring.map((r) => r.recommendation))
  if (recommendations.size > 1) reasons.push('reviewers recommend differently (award and resubmit)')
  else if (allMet && recommendations.has('resubmit')) reasons.push('every criterion is met but reviewers recommend resubmission')
  else if (!allMet && recommendations.has('award')) reasons.push('reviewers recommend award but not every criterion is met')

  if (reasons.length > 0) return { ...base, outcome: 'needs-review', reasons, action: 'assign-additional-assessor' }
  if (allMet) return { ...base, outcome: 'award-recommended' }

  const unmet = criteria.filter((c) => !c.met).map((c) => unmetCriterion(c, rubric))
  const totalNote = belowTotal ? [`Your total is ${total} points; ${minimumTotal} are needed.`] : []
  if (attempt >= resolved.maxAttempts) {
    const message = [
      `This was attempt ${attempt} of ${resolved.maxAttempts}, so this micro-credential cannot be resubmitted.`,
      ...unmet.map((u) => u.message),
      ...totalNote,
    ].join('\n')
    return { ...base, outcome: 'denied', reason: 'attempts-exhausted', unmet, message }
  }
  const message = [
    `You are close. Please revise and resubmit (attempt ${attempt + 1} of ${resolved.maxAttempts}).`,
    ...unmet.map((u) => u.message),
    ...totalNote,
  ].join('\n')
  return { ...base, outcome: 'resubmit', unmet, message }
}

/**
 * Decides an assessment input as stored in a file: its reviews, at the submission's attempt, under
 * its own policy (if any).
 * @example
 * const decision = decideAssessment(template.rubric, parseAssessmentInput(json))
 */
export function decideAssessment(rubric: Rubric, { submission, reviews, policy }: AssessmentInput): Decision {
  return decideAward(rubric, reviews, { attempt: submission.attempt, ...(policy ? { policy } : {}) })
}

/** Fills in the defaults of a policy. */
export function resolvePolicy(policy: DecisionPolicy = {}): ResolvedPolicy {
  const resolved: ResolvedPolicy = { ...DEFAULT_POLICY }
  for (const [key, value] of Object.entries(policy)) if (value !== undefined) Object.assign(resolved, { [key]: value })
  return resolved
}

function combineCriterion(
  criterion: RubricCriterion,
  all: readonly Review[],
  scoring: readonly Review[],
  policy: ResolvedPolicy,
): CriterionOutcome {
  const required = requiredLevelIndex(criterion)
  const feedback: CriterionFeedback[] = all.map((review) => {
    const score = review.scores.find((s) => s.criterionId === criterion.id)!
    return { reviewerId: review.reviewer.id, role: review.reviewer.role, levelId: score.levelId, feedback: score.feedback }
  })
  const indexes = scoring.map((r) => levelIndex(criterion, r.scores.find((s) => s.criterionId === criterion.id)!.levelId))
  const base = { criterionId: criterion.id, criterionName: criterion.name, requiredLevelId: criterion.requiredLevel, feedback }
  if (indexes.length === 0) {
    const lowest = criterion.levels[0]!
    return { ...base, levelId: lowest.id, points: 0, met: false, disputed: false }
  }

  const passing = indexes.filter((i) => i >= required).length
  const split = passing > 0 && passing < indexes.length
  const closeCall = indexes.every((i) => required - i <= policy.closeCallMargin)

  let index: number
  let points: number
  let met: boolean
  switch (policy.combine) {
    case 'lowest':
    case 'unanimous':
      index = Math.min(...indexes)
      points = criterion.levels[index]!.points
      met = index >= required
      break
    case 'majority': {
      // The highest level that a strict majority reached or exceeded.
      const sortedDesc = [...indexes].sort((a, b) => b - a)
      index = sortedDesc[Math.floor(indexes.length / 2)]!
      points = criterion.levels[index]!.points
      met = index >= required
      break
    }
    case 'mean': {
      points = round(indexes.reduce((sum, i) => sum + criterion.levels[i]!.points, 0) / indexes.length)
      index = Math.max(0, criterion.levels.findLastIndex((l) => l.points <= points))
      met = points >= criterion.levels[required]!.points
      break
    }
  }
  // Monotone by construction: raising a score can only turn fail → disputed → met.
  const disputed = split && !met && (policy.combine === 'unanimous' || closeCall)
  return { ...base, levelId: criterion.levels[index]!.id, points, met, disputed }
}

function unmetCriterion(outcome: CriterionOutcome, rubric: Rubric): UnmetCriterion {
  const criterion = rubric.criteria.find((c) => c.id === outcome.criterionId)!
  const levelName = (id: string) => criterion.levels.find((l) => l.id === id)?.name ?? id
  const notes = outcome.feedback.map((f) => `  - ${f.feedback}`).join('\n')
  const message = `"${outcome.criterionName}": your work was scored "${levelName(outcome.levelId)}"; "${levelName(outcome.requiredLevelId)}" is needed.${notes ? `\n${notes}` : ''}`
  return {
    criterionId: outcome.criterionId,
    criterionName: outcome.criterionName,
    achievedLevelId: outcome.levelId,
    requiredLevelId: outcome.requiredLevelId,
    message,
    feedback: outcome.feedback,
  }
}

function assertReviewsFit(rubric: Rubric, reviews: readonly Review[]): void {
  const problems: ValidationProblem[] = []
  const reviewers = new Set<string>()
  reviews.forEach((review, r) => {
    if (reviewers.has(review.reviewer.id))
      problems.push({ path: `/${r}/reviewer/id`, message: `reviewer "${review.reviewer.id}" already reviewed this submission` })
    reviewers.add(review.reviewer.id)
    const scored = new Set<string>()
    review.scores.forEach((score, s) => {
      const criterion = rubric.criteria.find((c) => c.id === score.criterionId)
      if (!criterion) problems.push({ path: `/${r}/scores/${s}/criterionId`, message: `"${score.criterionId}" is not a rubric criterion` })
      else if (levelIndex(criterion, score.levelId) < 0)
        problems.push({ path: `/${r}/scores/${s}/levelId`, message: `"${score.levelId}" is not a level of "${criterion.id}"` })
      if (scored.has(score.criterionId))
        problems.push({ path: `/${r}/scores/${s}/criterionId`, message: `"${score.criterionId}" is scored twice` })
      scored.add(score.criterionId)
    })
    for (const criterion of rubric.criteria)
      if (!scored.has(criterion.id)) problems.push({ path: `/${r}/scores`, message: `criterion "${criterion.id}" is not scored` })
  })
  if (problems.length > 0) throw new ValidationError('ERR_OB_REVIEW_INVALID', 'reviews', problems)
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000
}
