import { ValidationError, type ValidationProblem } from '../errors.js'
import { describeDuration } from '../internal/duration.js'
import type { AssessmentInput, DecisionPolicy, Review } from '../model/review.js'
import { levelIndex, maximumPoints, type Rubric, type RubricCriterion, requiredLevelIndex } from '../model/rubric.js'
import type { NextStep } from '../model/template.js'

/** Every policy field, filled in. */
export type ResolvedPolicy = Required<Omit<DecisionPolicy, 'minimumTotal' | 'nextStep'>> & Pick<DecisionPolicy, 'minimumTotal' | 'nextStep'>

/** The defaults applied to every `DecisionPolicy`. Frozen: a caller cannot change them for everyone. */
export const DEFAULT_POLICY: Readonly<ResolvedPolicy> = Object.freeze({
  combine: 'lowest',
  maxAttempts: 3,
  closeCallMargin: 1,
  minAssessors: 1,
  maxAssessors: 3,
  countPeerReviews: false,
})

/** The next step a denied educator gets when the programme configured none. */
export const DEFAULT_NEXT_STEP: Readonly<NextStep> = Object.freeze({
  message: 'Talk with your programme coordinator about coaching and when you can start a new submission.',
})

/** One reviewer's feedback on a criterion, attributed. */
export interface CriterionFeedback {
  reviewerId: string
  reviewerName: string
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
  /**
   * The policy cannot settle this criterion yet and another assessor is needed: a close call
   * (`lowest`, `mean`), any split (`unanimous`) or a tie (`majority`), while fewer than
   * `maxAssessors` have scored.
   */
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
  /** Feedback of the reviewers who scored this criterion below its required level (the reasons it is unmet). */
  feedback: CriterionFeedback[]
}

/** How far the submission is from the bar; sets the tone of the message. */
export type Distance = 'total-only' | 'close' | 'partway' | 'not-yet'

interface DecisionBase {
  criteria: CriterionOutcome[]
  total: number
  maxTotal: number
  /** The minimum total in force (policy, else rubric), if any. */
  minimumTotal?: number
  attempt: number
  policy: ResolvedPolicy
  /** Ids of the reviews that were scored, sorted. */
  scoredReviewIds: string[]
}

/** The outcome of assessing one submission. Callers must handle all four. */
export type Decision =
  | (DecisionBase & { outcome: 'award-recommended' })
  | (DecisionBase & { outcome: 'resubmit'; unmet: UnmetCriterion[]; distance: Distance; message: string })
  | (DecisionBase & { outcome: 'needs-review'; reasons: string[]; action: 'assign-additional-assessor' })
  | (DecisionBase & {
      outcome: 'denied'
      reason: 'attempts-exhausted'
      unmet: UnmetCriterion[]
      distance: Distance
      /** What the educator can do now (the programme's, else `DEFAULT_NEXT_STEP`). */
      nextStep: NextStep
      message: string
    })

export type DecisionOutcome = Decision['outcome']

export interface DecideAwardOptions {
  /** The attempt number of the submission; above the policy's `maxAttempts` it is refused. @default 1 */
  attempt?: number
  /** @default DEFAULT_POLICY */
  policy?: DecisionPolicy
  /** When given, every review must name this submission. */
  submissionId?: string
}

/**
 * Combines reviews into a decision. Pure and deterministic: the order of `reviews` never matters,
 * and raising any score never worsens the outcome. Once `maxAssessors` have scored, every policy
 * decides (no more `needs-review`). Throws `ERR_OB_REVIEW_INVALID` (listing every problem) when a
 * review names an unknown criterion or level, misses a criterion, scores one twice, belongs to
 * another submission, or a reviewer reviewed twice; `ERR_OB_SUBMISSION_INVALID` for an attempt
 * beyond the policy's limit — never a partial decision.
 * @example
 * const decision = decideAward(template.rubric, reviews, { attempt: 1, policy: { combine: 'majority' } })
 * if (decision.outcome === 'resubmit') console.log(decision.message)
 */
export function decideAward(
  rubric: Rubric,
  reviews: readonly Review[],
  { attempt = 1, policy = {}, submissionId }: DecideAwardOptions = {},
): Decision {
  const resolved = resolvePolicy(policy)
  assertAttemptAllowed(attempt, resolved)
  assertReviewsFit(rubric, reviews, submissionId)
  const sorted = [...reviews].sort((a, b) => compare(a.reviewer.id, b.reviewer.id) || compare(a.id, b.id))
  const scoring = sorted.filter((r) => r.reviewer.role === 'assessor' || resolved.countPeerReviews)

  const criteria = rubric.criteria.map((criterion) => combineCriterion(criterion, sorted, scoring, resolved))
  const total = round(criteria.reduce((sum, c) => sum + c.points, 0))
  const maxTotal = maximumPoints(rubric)
  const minimumTotal = resolved.minimumTotal ?? rubric.minimumTotal
  const base: DecisionBase = {
    criteria,
    total,
    maxTotal,
    ...(minimumTotal !== undefined ? { minimumTotal } : {}),
    attempt,
    policy: resolved,
    scoredReviewIds: scoring.map((r) => r.id).sort(compare),
  }

  const belowTotal = minimumTotal !== undefined && total < minimumTotal
  // A clear fail anywhere decides the outcome; close calls only matter when nothing clearly fails.
  const clearFail = scoring.length > 0 && (belowTotal || criteria.some((c) => !c.met && !c.disputed))
  const allMet = scoring.length > 0 && !belowTotal && criteria.every((c) => c.met)
  const canAskMore = scoring.length < resolved.maxAssessors

  const reasons: string[] = []
  if (scoring.length < resolved.minAssessors)
    reasons.push(`${scoring.length} scored review(s); the policy needs ${resolved.minAssessors}`)
  if (!clearFail)
    for (const c of criteria) if (c.disputed) reasons.push(disputeReason(c, resolved))
  // The scores decide; a resubmit recommendation against scores that pass every criterion is the one
  // recommendation that earns another look, and only while another assessor may still be asked.
  const resubmitVotes = scoring.filter((r) => r.recommendation === 'resubmit').length
  const resubmitCarries = resolved.combine === 'majority' || resolved.combine === 'mean' ? resubmitVotes * 2 >= scoring.length : resubmitVotes > 0
  if (allMet && canAskMore && resubmitVotes > 0 && resubmitCarries)
    reasons.push(`${resubmitVotes} of ${scoring.length} assessor(s) recommend resubmission although every criterion is met`)

  if (reasons.length > 0) return { ...base, outcome: 'needs-review', reasons, action: 'assign-additional-assessor' }
  if (allMet) return { ...base, outcome: 'award-recommended' }

  const unmet = criteria.filter((c) => !c.met).map((c) => unmetCriterion(c, rubric))
  const distance = distanceOf(criteria, rubric)
  const totalNote = belowTotal ? [`Total: ${total} of ${maxTotal} points; ${minimumTotal} needed.`] : []
  if (attempt >= resolved.maxAttempts) {
    const nextStep = resolved.nextStep ?? DEFAULT_NEXT_STEP
    const message = [
      `This was attempt ${attempt} of ${resolved.maxAttempts}, the last this programme allows for one submission, so the micro-credential is not awarded this time. The assessors' feedback below is yours to build on.`,
      ...totalNote,
      ...unmet.map((u) => u.message),
      nextStepText(nextStep),
    ].join('\n')
    return { ...base, outcome: 'denied', reason: 'attempts-exhausted', unmet, distance, nextStep: { ...nextStep }, message }
  }
  const next = `attempt ${attempt + 1} of ${resolved.maxAttempts}`
  const opening: Record<Distance, string> = {
    'total-only': `Every criterion reaches its required level, but the total falls short. Strengthen any criterion and resubmit (${next}).`,
    close: `You are close: one criterion is one level short. Revise it and resubmit (${next}).`,
    partway: `You met ${criteria.length - unmet.length} of ${criteria.length} criteria. Revise the ${unmet.length} below and resubmit (${next}).`,
    'not-yet': `This submission does not yet meet the criteria. Start with the feedback below, use the resources of the micro-credential, and resubmit when ready (${next}).`,
  }
  const message = [opening[distance], ...totalNote, ...unmet.map((u) => u.message)].join('\n')
  return { ...base, outcome: 'resubmit', unmet, distance, message }
}

/**
 * Decides an assessment input as stored in a file: its reviews, at the submission's attempt, under
 * its own policy (if any); every review must name the submission. Use `assessSubmission` to check
 * the submission against its template (and its completeness) first.
 * @example
 * const decision = decideAssessment(template.rubric, parseAssessmentInput(json))
 */
export function decideAssessment(rubric: Rubric, { submission, reviews, policy }: AssessmentInput): Decision {
  return decideAward(rubric, reviews, { attempt: submission.attempt, submissionId: submission.id, ...(policy ? { policy } : {}) })
}

/** Fills in the defaults of a policy; throws `ERR_OB_INPUT_INVALID` when `minAssessors` exceeds `maxAssessors`. */
export function resolvePolicy(policy: DecisionPolicy = {}): ResolvedPolicy {
  const resolved: ResolvedPolicy = { ...DEFAULT_POLICY }
  for (const [key, value] of Object.entries(policy)) if (value !== undefined) Object.assign(resolved, { [key]: value })
  if (resolved.minAssessors > resolved.maxAssessors)
    throw new ValidationError('ERR_OB_INPUT_INVALID', 'policy', [
      { path: '/maxAssessors', message: `${resolved.maxAssessors} is below "minAssessors" (${resolved.minAssessors})` },
    ])
  return resolved
}

/** The educator-facing text of a next step. */
export function nextStepText(step: NextStep): string {
  return [
    `Next step: ${step.message}`,
    ...(step.coach ? [`Coach: ${step.coach}`] : []),
    ...(step.contact ? [`Contact: ${step.contact}`] : []),
    ...(step.startOverAfter ? [`You can start a new submission after ${describeDuration(step.startOverAfter)}.`] : []),
  ].join('\n')
}

/** Refuses an attempt beyond the policy's limit (`ERR_OB_SUBMISSION_INVALID`): it is never scored. */
export function assertAttemptAllowed(attempt: number, policy: ResolvedPolicy): void {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`"attempt" must be a whole number from 1 (got ${attempt})`)
  if (attempt > policy.maxAttempts)
    throw new ValidationError('ERR_OB_SUBMISSION_INVALID', 'submission', [
      { path: '/attempt', message: `attempt ${attempt} is beyond the policy's ${policy.maxAttempts} attempts; it is refused, not scored` },
    ])
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
    return {
      reviewerId: review.reviewer.id,
      reviewerName: review.reviewer.name,
      role: review.reviewer.role,
      levelId: score.levelId,
      feedback: score.feedback,
    }
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
  // A split the policy cannot settle goes to one more assessor, until `maxAssessors` have scored:
  // then the combined level stands. Monotone: raising a score only turns fail → disputed → met.
  const unsettled =
    policy.combine === 'unanimous' ? true : policy.combine === 'majority' ? passing * 2 === indexes.length : closeCall
  const disputed = split && !met && unsettled && indexes.length < policy.maxAssessors
  return { ...base, levelId: criterion.levels[index]!.id, points, met, disputed }
}

function disputeReason(c: CriterionOutcome, policy: ResolvedPolicy): string {
  switch (policy.combine) {
    case 'majority':
      return `assessors are tied on whether "${c.criterionName}" is met; one more assessor decides`
    case 'unanimous':
      return `assessors split on whether "${c.criterionName}" is met, and this policy needs them to agree`
    default:
      return `assessors split on whether "${c.criterionName}" is met (a close call)`
  }
}

function distanceOf(criteria: readonly CriterionOutcome[], rubric: Rubric): Distance {
  const unmet = criteria.filter((c) => !c.met)
  if (unmet.length === 0) return 'total-only'
  if (unmet.length === criteria.length) return 'not-yet'
  if (unmet.length === 1) {
    const criterion = rubric.criteria.find((c) => c.id === unmet[0]!.criterionId)!
    if (requiredLevelIndex(criterion) - levelIndex(criterion, unmet[0]!.levelId) <= 1) return 'close'
  }
  return 'partway'
}

function unmetCriterion(outcome: CriterionOutcome, rubric: Rubric): UnmetCriterion {
  const criterion = rubric.criteria.find((c) => c.id === outcome.criterionId)!
  const levelName = (id: string) => criterion.levels.find((l) => l.id === id)?.name ?? id
  const required = requiredLevelIndex(criterion)
  // Only the reviewers who scored it below the bar explain why it is unmet; each is attributed.
  const below = outcome.feedback.filter((f) => levelIndex(criterion, f.levelId) < required)
  const notes = below.map((f) => `  - ${f.reviewerName} (${f.role}, scored ${levelName(f.levelId)}): ${f.feedback}`).join('\n')
  // What the required level looks like is the most useful growth feedback: the rubric's own words.
  const requiredLevel = criterion.levels.find((l) => l.id === outcome.requiredLevelId)
  const bar = requiredLevel?.description ? ` At "${requiredLevel.name}": ${requiredLevel.description.trim().replace(/[.!?]*$/, '.')}` : ''
  const message = `"${outcome.criterionName}": your work was scored "${levelName(outcome.levelId)}"; "${levelName(outcome.requiredLevelId)}" is needed.${bar}${notes ? `\n${notes}` : ''}`
  return {
    criterionId: outcome.criterionId,
    criterionName: outcome.criterionName,
    achievedLevelId: outcome.levelId,
    requiredLevelId: outcome.requiredLevelId,
    message,
    feedback: below,
  }
}

/**
 * Checks that reviews fit the rubric and the submission: every criterion scored exactly once with a
 * known level, each reviewer (and review id) once, and, when `submissionId` is given, every review
 * naming it. Throws `ERR_OB_REVIEW_INVALID` listing every problem.
 */
export function assertReviewsFit(rubric: Rubric, reviews: readonly Review[], submissionId?: string): void {
  const problems: ValidationProblem[] = []
  const reviewers = new Set<string>()
  const reviewIds = new Set<string>()
  reviews.forEach((review, r) => {
    if (submissionId !== undefined && review.submissionId !== submissionId)
      problems.push({ path: `/${r}/submissionId`, message: `review "${review.id}" is for submission "${review.submissionId}", not "${submissionId}"` })
    if (reviewers.has(review.reviewer.id))
      problems.push({ path: `/${r}/reviewer/id`, message: `reviewer "${review.reviewer.id}" already reviewed this submission` })
    reviewers.add(review.reviewer.id)
    if (reviewIds.has(review.id)) problems.push({ path: `/${r}/id`, message: `review id "${review.id}" is used twice` })
    reviewIds.add(review.id)
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
