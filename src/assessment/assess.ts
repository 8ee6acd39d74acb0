import type { AssessmentInput } from '../model/review.js'
import type { MicroCredentialTemplate } from '../model/template.js'
import { assertSubmissionFits, checkCompleteness, type MissingPart } from './completeness.js'
import { assertAttemptAllowed, assertReviewsFit, type Decision, decideAward, resolvePolicy } from './decide.js'

/** A submission returned to the educator before scoring: it misses required parts. */
export interface IncompleteSubmission {
  outcome: 'incomplete'
  submissionId: string
  /** The attempt, which stays unused: the completed submission keeps this number. */
  attempt: number
  attemptUsed: false
  missing: MissingPart[]
  message: string
}

/** What assessing a submission gives: sent back as incomplete, or a decision on its reviews. */
export type Assessment = IncompleteSubmission | Decision

/**
 * Assesses a submission the way a programme does: inputs that belong together first (the
 * submission is for this template and version, every review for this submission, the attempt within
 * the limit — else an `ObError`), then completeness (an incomplete submission is returned, unscored,
 * using no attempt), then the decision. The template's `nextStep` applies unless the policy has one.
 * @example
 * const result = assessSubmission(template, parseAssessmentInput(json))
 * if (result.outcome === 'incomplete') console.log(result.message)
 */
export function assessSubmission(template: MicroCredentialTemplate, { submission, reviews, policy = {} }: AssessmentInput): Assessment {
  assertSubmissionFits(template, submission)
  const merged = { ...(template.nextStep ? { nextStep: template.nextStep } : {}), ...policy }
  const completeness = checkCompleteness(template, submission)
  if (!completeness.complete) {
    // The inputs are still checked (a wrong review or an attempt beyond the limit is an error), but nothing is scored.
    assertAttemptAllowed(submission.attempt, resolvePolicy(merged))
    assertReviewsFit(template.rubric, reviews, submission.id)
    return { outcome: 'incomplete', submissionId: submission.id, attempt: submission.attempt, attemptUsed: false, missing: completeness.missing, message: completeness.message }
  }
  return decideAward(template.rubric, reviews, { attempt: submission.attempt, policy: merged, submissionId: submission.id })
}
