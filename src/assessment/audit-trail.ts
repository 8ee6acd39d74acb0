import { createHash } from 'node:crypto'
import { ValidationError } from '../errors.js'
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

/**
 * The trail's head: the last event's number and hash (`{ seq: 0, hash: '' }` when empty). Record it
 * somewhere the trail's keeper cannot rewrite with it (a decision file, a signed log, a separate
 * store): the hash chain alone cannot show an edited last event or deleted final events.
 */
export interface AuditHead {
  seq: number
  /** SHA-256 (hex) of the last event's canonical JSON. */
  hash: string
}

/** The head of a trail, to be recorded apart from it. */
export function auditHead(trail: AuditTrail): AuditHead {
  const last = trail.at(-1)
  return last ? { seq: last.seq, hash: hashEvent(last) } : { seq: 0, hash: '' }
}

export interface FindAuditTamperOptions {
  /** A head recorded earlier: the events up to it must all be there, the last one unchanged. */
  head?: AuditHead
}

/**
 * Checks the hash chain and numbering, and (given a recorded head) that no event up to it was
 * removed or edited; returns the index of the first broken or missing event, or -1. Events appended
 * after the recorded head are fine.
 * @example
 * if (findAuditTamper(trail, { head: decisionFile.auditHead }) !== -1) throw new Error('audit trail altered')
 */
export function findAuditTamper(trail: AuditTrail, { head }: FindAuditTamperOptions = {}): number {
  for (let i = 0; i < trail.length; i++) {
    const event = trail[i]!
    const expectedPrev = i === 0 ? '' : hashEvent(trail[i - 1]!)
    if (event.seq !== i + 1 || event.prev !== expectedPrev) return i
  }
  if (head && head.seq > 0) {
    if (trail.length < head.seq) return trail.length
    if (hashEvent(trail[head.seq - 1]!) !== head.hash) return head.seq - 1
  }
  return -1
}

const ACTIONS: ReadonlySet<string> = new Set<AuditAction>([
  'submission-received',
  'review-recorded',
  'decision-computed',
  'reviewer-requested',
  'decision-finalized',
  'credential-issued',
  'credential-revoked',
])
const ROLES: ReadonlySet<string> = new Set<AuditActor['role']>(['educator', 'assessor', 'peer-reviewer', 'issuer-of-record', 'system'])

/**
 * Reads an audit trail from JSON (an array of events), or throws `ERR_OB_INPUT_INVALID` naming the
 * first malformed event. The chain itself is checked by `findAuditTamper`.
 */
export function parseAuditTrail(input: unknown): AuditTrail {
  if (!Array.isArray(input)) throw new ValidationError('ERR_OB_INPUT_INVALID', 'audit trail', [{ path: '', message: 'must be an array of events' }])
  input.forEach((event: unknown, i) => {
    const e = event as Partial<Record<keyof AuditEvent, unknown>> | null
    const ok =
      typeof e === 'object' &&
      e !== null &&
      typeof e.at === 'string' &&
      typeof e.subject === 'string' &&
      typeof e.seq === 'number' &&
      typeof e.prev === 'string' &&
      typeof e.action === 'string' &&
      ACTIONS.has(e.action) &&
      typeof e.actor === 'object' &&
      e.actor !== null &&
      typeof (e.actor as AuditActor).id === 'string' &&
      ROLES.has((e.actor as AuditActor).role) &&
      (e.reason === undefined || typeof e.reason === 'string') &&
      (e.detail === undefined || (typeof e.detail === 'object' && e.detail !== null && !Array.isArray(e.detail)))
    if (!ok) throw new ValidationError('ERR_OB_INPUT_INVALID', 'audit trail', [{ path: `/${i}`, message: 'is not an audit event (at, actor, action, subject, seq, prev)' }])
  })
  return Object.freeze((structuredClone(input) as AuditEvent[]).map((e) => Object.freeze(e)))
}

function hashEvent(event: AuditEvent): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex')
}
