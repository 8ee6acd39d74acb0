import { type Assessment, assessSubmission } from '../assessment/assess.js'
import { decideAward } from '../assessment/decide.js'
import { finalizeDecision } from '../assessment/finalize.js'
import { obError } from '../internal/ob-error.js'
import { parseAssessmentInput } from '../model/parse.js'
import type { AssessmentInput } from '../model/review.js'
import type { Submission } from '../model/submission.js'
import type { MicroCredentialTemplate } from '../model/template.js'
import type { RosterRow } from './roster.js'

export interface DecideRowOptions {
  row: Pick<RosterRow, 'row' | 'name' | 'email' | 'did'>
  template: MicroCredentialTemplate
  /** The row's assessment (submission + reviews) as read from its JSON file; none when the issuer awards directly. */
  assessment?: unknown
  issuerOfRecord: { id: string; name: string }
  at: Date
}

/**
 * The finalized award decision and submission for one roster row. With an assessment, the reviews
 * must recommend the award; without one, the issuer of record attests it directly. Throws
 * `ERR_OB_DECISION_INVALID` when the row is not awarded and `ERR_OB_INPUT_INVALID` for an
 * assessment of another template.
 */
export function decideRow({ row, template, assessment, issuerOfRecord, at }: DecideRowOptions) {
  const educator = { name: row.name, ...(row.email ? { email: row.email } : {}), ...(row.did ? { id: row.did } : {}) }
  if (assessment !== undefined) {
    const { input, decision } = assessRow(row, template, assessment)
    if (decision.outcome !== 'award-recommended') throw obError('ERR_OB_DECISION_INVALID', `not awarded: ${decision.outcome}`)
    const submission: Submission = { ...input.submission, educator: { ...input.submission.educator, ...educator } }
    return { submission, final: finalizeDecision(decision, { issuerOfRecord, at }) }
  }
  // The issuer of record attests the award directly: no scored reviews, so no rubric results are claimed.
  const decision = decideAward(template.rubric, [], { policy: { minAssessors: 1 } })
  const final = finalizeDecision(decision, { issuerOfRecord, action: 'award', reason: 'awarded by the issuer of record (batch roster)', at })
  const submission: Submission = {
    id: `roster-row-${row.row}`,
    templateId: template.id,
    educator,
    attempt: 1,
    submittedAt: at.toISOString(),
    overviewAnswers: [],
    evidence: [],
  }
  return { submission, final }
}

/**
 * A row's assessment read against its template and its educator, then assessed. Throws
 * `ERR_OB_INPUT_INVALID` for an assessment of another template or of another educator, and the
 * parser's and assessor's coded errors for one that is malformed or does not fit the rubric.
 */
export function assessRow(row: Pick<RosterRow, 'name' | 'email' | 'did'>, template: MicroCredentialTemplate, assessment: unknown): { input: AssessmentInput; decision: Assessment } {
  const input = parseAssessmentInput(assessment)
  if (input.submission.templateId !== template.id) throw obError('ERR_OB_INPUT_INVALID', `the assessment is for "${input.submission.templateId}", not "${template.id}"`)
  const mismatch = educatorMismatch(row, input.submission.educator)
  if (mismatch) throw obError('ERR_OB_INPUT_INVALID', `the roster row's educator is not the assessment's: ${mismatch}`)
  return { input, decision: assessSubmission(template, input) }
}

/**
 * Why a roster row names someone other than the assessment's educator, or `undefined` when they are
 * the same person: every identifier both give (DID, email, case-insensitive) must agree, and with
 * none in common the names must.
 */
export function educatorMismatch(row: Pick<RosterRow, 'name' | 'email' | 'did'>, educator: Submission['educator']): string | undefined {
  const email = (e: string | undefined) => e?.trim().toLowerCase()
  if (row.did && educator.id && row.did !== educator.id) return `DID "${row.did}" ≠ "${educator.id}"`
  if (row.email && educator.email && email(row.email) !== email(educator.email)) return `email "${row.email}" ≠ "${educator.email}"`
  const shared = (row.did && educator.id) || (row.email && educator.email)
  const name = (n: string) => n.trim().replace(/\s+/g, ' ').toLowerCase()
  if (!shared && name(row.name) !== name(educator.name)) return `name "${row.name}" ≠ "${educator.name}"`
  return undefined
}
