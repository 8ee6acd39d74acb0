import { DecisionInvalid } from '../errors.js'
import { DEFAULT_NEXT_STEP, type Decision, nextStepText } from './decide.js'

/** What the issuer of record decides. */
export type IssuerAction = 'award' | 'deny' | 'open-resubmission'

export interface IssuerOfRecord {
  id: string
  name: string
}

interface FinalDecisionBase {
  decision: Decision
  issuerOfRecord: IssuerOfRecord
  decidedAt: string
  overridden: boolean
  reason?: string
  /**
   * What the educator is told: the final decision's own words. Following a recommendation keeps the
   * assessors' feedback; an override says who decided and why, so a denial never reads "resubmit".
   */
  message: string
}

/** The final, human decision on a submission. Only an `awarded` decision can be issued as a credential. */
export type FinalDecision =
  | (FinalDecisionBase & { status: 'awarded' })
  | (FinalDecisionBase & { status: 'denied' })
  | (FinalDecisionBase & { status: 'resubmission-open' })

export interface FinalizeDecisionOptions {
  issuerOfRecord: IssuerOfRecord
  /** @default the action the decision recommends */
  action?: IssuerAction
  /** Required when `action` overrides the recommendation. */
  reason?: string
  /** @default new Date() */
  at?: Date
}

/** The action a computed decision recommends, or `undefined` when it needs another review first. */
export function recommendedAction(decision: Decision): IssuerAction | undefined {
  switch (decision.outcome) {
    case 'award-recommended':
      return 'award'
    case 'resubmit':
      return 'open-resubmission'
    case 'denied':
      return 'deny'
    case 'needs-review':
      return undefined
  }
}

/**
 * The issuer of record's final decision. Following the recommendation needs no reason;
 * overriding it (or deciding a `needs-review` case) requires one, else `ERR_OB_DECISION_INVALID`.
 * @example
 * const final = finalizeDecision(decision, { issuerOfRecord: { id: 'did:web:district.example', name: 'District' } })
 */
export function finalizeDecision(
  decision: Decision,
  { issuerOfRecord, action = recommendedAction(decision), reason, at = new Date() }: FinalizeDecisionOptions,
): FinalDecision {
  if (action === undefined)
    throw new DecisionInvalid('the decision needs another review; pass an explicit "action" with a "reason" to decide anyway')
  const overridden = action !== recommendedAction(decision)
  if (overridden && !reason?.trim())
    throw new DecisionInvalid(`overriding the "${decision.outcome}" recommendation with "${action}" requires a reason`)
  const status = action === 'award' ? 'awarded' : action === 'deny' ? 'denied' : 'resubmission-open'
  return {
    status,
    decision,
    issuerOfRecord,
    decidedAt: at.toISOString(),
    overridden,
    ...(reason ? { reason } : {}),
    message: educatorMessage(status, decision, { issuerOfRecord, overridden, ...(reason ? { reason } : {}) }),
  }
}

/** The educator-facing text of a final decision (see `FinalDecision.message`). */
function educatorMessage(
  status: FinalDecision['status'],
  decision: Decision,
  { issuerOfRecord, overridden, reason }: { issuerOfRecord: IssuerOfRecord; overridden: boolean; reason?: string },
): string {
  const because = reason?.trim() ? ` Reason: ${reason.trim().replace(/[.!?]+$/, '')}.` : ''
  const criterionFeedback = decision.outcome === 'resubmit' || decision.outcome === 'denied' ? decision.unmet.map((u) => u.message) : []
  if (!overridden && (decision.outcome === 'resubmit' || decision.outcome === 'denied')) return decision.message
  switch (status) {
    case 'awarded':
      return `${issuerOfRecord.name} awarded you this micro-credential.${because}`
    case 'resubmission-open':
      return [`${issuerOfRecord.name} opened your submission for resubmission.${because}`, ...criterionFeedback].join('\n')
    case 'denied':
      return [
        `${issuerOfRecord.name} did not award this micro-credential.${because}`,
        ...criterionFeedback,
        nextStepText(decision.outcome === 'denied' ? decision.nextStep : (decision.policy.nextStep ?? DEFAULT_NEXT_STEP)),
      ].join('\n')
  }
}
