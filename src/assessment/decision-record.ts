import { v5 as uuidv5 } from 'uuid'
import { MICROCRED_UUID_NAMESPACE } from '../internal/ids.js'
import { DecisionInvalid, ValidationError } from '../errors.js'
import type { AssessmentInput } from '../model/review.js'
import type { MicroCredentialTemplate } from '../model/template.js'
import { assessSubmission } from './assess.js'
import { assertAttemptFollowsTrail, submissionReceivedEvent } from './attempt-history.js'
import { type AuditHead, type AuditTrail, appendAuditEvent, auditHead } from './audit-trail.js'
import { type FinalDecision, finalizeDecision, type IssuerAction, type IssuerOfRecord } from './finalize.js'

/** The issuer of record's decision as filed: what was decided on which submission, and the audit trail's head after it. */
export interface DecisionRecord {
  submissionId: string
  templateId: string
  templateVersion: string
  action: IssuerAction
  final: FinalDecision
  /** The audit trail's head right after the decision was appended: keep it apart from the trail. */
  auditHead: AuditHead
}

export interface RecordDecisionOptions {
  issuerOfRecord: IssuerOfRecord
  /** @default the recommended action */
  action?: IssuerAction
  /** Required for an override. */
  reason?: string
  /** @default new Date() */
  at?: Date
  /** The trail to append to. @default [] */
  trail?: AuditTrail
}

/**
 * Assesses the submission, finalizes the issuer of record's decision and appends it to the audit
 * trail: the submission the first time the trail sees it, and every review not yet recorded.
 * The trail is the history of attempts (`assertAttemptFollowsTrail`): a repeated or skipped attempt
 * number, or a new submission after an award, is refused with `ERR_OB_SUBMISSION_INVALID`; the same
 * submission may be decided again. Throws `ERR_OB_DECISION_INVALID` for an incomplete submission
 * or an override without a reason.
 * @example
 * const { trail, record } = recordDecision(template, input, { issuerOfRecord, action: 'award', reason: 'Moderation panel', trail: old })
 */
export function recordDecision(
  template: MicroCredentialTemplate,
  input: AssessmentInput,
  { issuerOfRecord, action, reason, at = new Date(), trail = [] }: RecordDecisionOptions,
): { trail: AuditTrail; record: DecisionRecord } {
  const assessment = assessSubmission(template, input)
  const { submission, reviews } = input
  const nextStep = input.policy?.nextStep ?? template.nextStep
  assertAttemptFollowsTrail(trail, template, submission, nextStep ? { nextStep } : {})
  if (assessment.outcome === 'incomplete')
    throw new DecisionInvalid(`the submission is incomplete (missing ${assessment.missing.map((m) => m.partId).join(', ')}); return it to the educator`)
  const final = finalizeDecision(assessment, { issuerOfRecord, ...(action ? { action } : {}), ...(reason !== undefined ? { reason } : {}), at })
  let next = trail
  if (!trail.some((e) => e.action === 'submission-received' && e.subject === submission.id)) next = appendAuditEvent(next, submissionReceivedEvent(template, submission))
  // Reviews added since an earlier decision on this submission are recorded too.
  const recorded = new Set(trail.filter((e) => e.action === 'review-recorded' && e.detail?.submission === submission.id).map((e) => e.subject))
  for (const review of [...reviews].filter((r) => !recorded.has(r.id)).sort((a, b) => (a.reviewedAt < b.reviewedAt ? -1 : a.reviewedAt > b.reviewedAt ? 1 : 0)))
    next = appendAuditEvent(next, {
      at: review.reviewedAt,
      actor: { id: review.reviewer.id, role: review.reviewer.role },
      action: 'review-recorded',
      subject: review.id,
      detail: { submission: submission.id, recommendation: review.recommendation },
    })
  const system = { id: 'microcred', role: 'system' } as const
  next = appendAuditEvent(next, { at: final.decidedAt, actor: system, action: 'decision-computed', subject: submission.id, detail: { outcome: assessment.outcome, total: assessment.total } })
  next = appendAuditEvent(next, {
    at: final.decidedAt,
    actor: { id: issuerOfRecord.id, role: 'issuer-of-record' },
    action: 'decision-finalized',
    subject: submission.id,
    ...(final.reason ? { reason: final.reason } : {}),
    detail: { status: final.status, recommended: assessment.outcome, overridden: final.overridden },
  })
  const chosen: IssuerAction = final.status === 'awarded' ? 'award' : final.status === 'denied' ? 'deny' : 'open-resubmission'
  const record: DecisionRecord = {
    submissionId: submission.id,
    templateId: template.id,
    templateVersion: template.version,
    action: chosen,
    final,
    auditHead: auditHead(next),
  }
  return { trail: next, record }
}

/**
 * The final decision a filed record stands for, re-derived from the assessment (never trusted from
 * the file): the recorded action, reason, issuer of record and time applied to a fresh decision.
 * Throws `ERR_OB_INPUT_INVALID` when the record is malformed or for another submission or template.
 */
export function finalFromRecord(template: MicroCredentialTemplate, input: AssessmentInput, record: unknown): FinalDecision {
  const r = record as Partial<DecisionRecord> | null
  const problems: { path: string; message: string }[] = []
  const final = r?.final
  if (typeof r !== 'object' || r === null || typeof final !== 'object' || final === null) problems.push({ path: '', message: 'is not a decision record' })
  else {
    if (r.submissionId !== input.submission.id) problems.push({ path: '/submissionId', message: `"${String(r.submissionId)}" is not the submission "${input.submission.id}"` })
    if (r.templateId !== template.id || r.templateVersion !== template.version)
      problems.push({ path: '/templateId', message: `"${String(r.templateId)}" v${String(r.templateVersion)} is not the template "${template.id}" v${template.version}` })
    if (r.action !== 'award' && r.action !== 'deny' && r.action !== 'open-resubmission') problems.push({ path: '/action', message: `"${String(r.action)}" is not award, deny or open-resubmission` })
    if (typeof final.issuerOfRecord?.id !== 'string' || typeof final.issuerOfRecord?.name !== 'string') problems.push({ path: '/final/issuerOfRecord', message: 'needs an id and a name' })
    if (typeof final.decidedAt !== 'string' || Number.isNaN(Date.parse(final.decidedAt))) problems.push({ path: '/final/decidedAt', message: 'is not a date-time' })
  }
  if (problems.length > 0) throw new ValidationError('ERR_OB_INPUT_INVALID', 'decision record', problems)
  const assessment = assessSubmission(template, input)
  if (assessment.outcome === 'incomplete') throw new DecisionInvalid('the submission is incomplete; it cannot have been decided')
  const { issuerOfRecord, reason, decidedAt } = final as FinalDecision
  return finalizeDecision(assessment, {
    issuerOfRecord: { id: issuerOfRecord.id, name: issuerOfRecord.name },
    action: r!.action!,
    ...(typeof reason === 'string' ? { reason } : {}),
    at: new Date(decidedAt),
  })
}

/**
 * The id a filed decision's credential is issued under: the same decision (issuer, submission, time
 * decided) always gives the same id, so issuing it again, or in its other format, yields one credential
 * with one status entry that recognizers count once. A new decision on the submission gives a new id.
 * @example
 * const id = credentialIdOfDecision(key.issuerId, record)
 */
export function credentialIdOfDecision(issuerId: string, record: Pick<DecisionRecord, 'submissionId' | 'final'>): string {
  return `urn:uuid:${uuidv5(JSON.stringify(['decision', issuerId, record.submissionId, record.final.decidedAt]), MICROCRED_UUID_NAMESPACE)}`
}
