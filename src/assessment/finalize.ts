import { DecisionInvalid } from '../errors.js'
import type { Decision } from './decide.js'

/** What the issuer of record decides. */
export type IssuerAction = 'award' | 'deny' | 'open-resubmission'

export interface IssuerOfRecord {
  id: string
  name: string
}

/** The final, human decision on a submission. Only an `awarded` decision can be issued as a credential. */
export type FinalDecision =
  | { status: 'awarded'; decision: Decision; issuerOfRecord: IssuerOfRecord; decidedAt: string; overridden: boolean; reason?: string }
  | { status: 'denied'; decision: Decision; issuerOfRecord: IssuerOfRecord; decidedAt: string; overridden: boolean; reason?: string }
  | {
      status: 'resubmission-open'
      decision: Decision
      issuerOfRecord: IssuerOfRecord
      decidedAt: string
      overridden: boolean
      reason?: string
    }

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
  }
}
