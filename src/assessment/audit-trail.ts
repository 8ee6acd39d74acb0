import { createHash } from 'node:crypto'
import { canonicalJson } from '../internal/canonical-json.js'

/** What happened, in the review workflow's own words. */
export type AuditAction =
  | 'submission-received'
  | 'review-recorded'
  | 'decision-computed'
  | 'reviewer-requested'
  | 'decision-finalized'
  | 'credential-issued'
  | 'credential-revoked'

export interface AuditActor {
  id: string
  role: 'educator' | 'assessor' | 'peer-reviewer' | 'issuer-of-record' | 'system'
}

export interface AuditEventInput {
  at: string
  actor: AuditActor
  action: AuditAction
  /** The id of the thing acted on (submission, review, credential). */
  subject: string
  /** Why, when a person made a choice (required for overrides). */
  reason?: string
  /** Small, JSON-safe details (e.g. the outcome). */
  detail?: Record<string, string | number | boolean>
}

/** An event as recorded: numbered and hash-chained so that edits and deletions are detectable. */
export interface AuditEvent extends AuditEventInput {
  seq: number
  /** SHA-256 (hex) of the previous event's canonical JSON; `''` for the first. */
  prev: string
}

/** An append-only audit trail; never mutated in place. */
export type AuditTrail = readonly Readonly<AuditEvent>[]

/**
 * Returns a new trail with the event appended; the old trail is left untouched.
 * @example
 * let trail: AuditTrail = []
 * trail = appendAuditEvent(trail, { at, actor: { id: 'sys', role: 'system' }, action: 'decision-computed', subject: 'sub-1' })
 */
export function appendAuditEvent(trail: AuditTrail, event: AuditEventInput): AuditTrail {
  const last = trail.at(-1)
  const recorded: AuditEvent = {
    ...structuredClone(event),
    seq: trail.length + 1,
    prev: last ? hashEvent(last) : '',
  }
  return Object.freeze([...trail, Object.freeze(recorded)])
}

/** Checks the hash chain and numbering; returns the index of the first broken event, or -1. */
export function findAuditTamper(trail: AuditTrail): number {
  for (let i = 0; i < trail.length; i++) {
    const event = trail[i]!
    const expectedPrev = i === 0 ? '' : hashEvent(trail[i - 1]!)
    if (event.seq !== i + 1 || event.prev !== expectedPrev) return i
  }
  return -1
}

function hashEvent(event: AuditEvent): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex')
}
