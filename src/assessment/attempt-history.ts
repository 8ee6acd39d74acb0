import { ValidationError, type ValidationProblem } from '../errors.js'
import { addIsoDuration, describeDuration } from '../internal/duration.js'
import type { NextStep } from '../model/schema/template.js'
import type { Educator, Submission } from '../model/submission.js'
import type { MicroCredentialTemplate } from '../model/template.js'
import type { AuditEventInput, AuditTrail } from './audit-trail.js'

/**
 * The `submission-received` event of a submission: its attempt, the template (id and version) and
 * who the educator is (`educatorId`, `educatorEmail`, `educatorName`), so that later
 * submissions can be checked against it (`assertAttemptFollowsTrail`).
 * @example
 * trail = appendAuditEvent(trail, submissionReceivedEvent(template, submission))
 */
export function submissionReceivedEvent(template: Pick<MicroCredentialTemplate, 'id' | 'version'>, submission: Submission): AuditEventInput {
  const { id, email, name } = submission.educator
  return {
    at: submission.submittedAt,
    actor: { id: id ?? email ?? name, role: 'educator' },
    action: 'submission-received',
    subject: submission.id,
    detail: {
      attempt: submission.attempt,
      templateId: template.id,
      templateVersion: template.version,
      ...(id !== undefined ? { educatorId: id } : {}),
      ...(email !== undefined ? { educatorEmail: email } : {}),
      educatorName: name,
    },
  }
}

export interface AssertAttemptFollowsTrailOptions {
  /** The programme's next step after a denial; its `startOverAfter` is the wait before a new submission. */
  nextStep?: NextStep
}

/** One earlier submission of the same educator for the same micro-credential, as the trail holds it. */
interface ReceivedAttempt {
  submissionId: string
  attempt: number
  /** The latest final decision on it, if any. */
  decision?: { status: string; at: string }
}

/**
 * Checks a submission against the audit trail, which is the history of attempts. For the same
 * educator and micro-credential (template id, any version):
 * - a new submission is refused after an award;
 * - after a reopened attempt the next one is that attempt + 1 (never a number already received,
 *   never skipping ahead); a new attempt while the previous one is undecided is refused;
 * - after a denial a new submission starts over at attempt 1, and not before the next step's
 *   `startOverAfter` has passed since the denial;
 * - with no earlier attempt on the trail the attempt number is taken as given.
 *
 * A submission already on the trail may be decided again (more reviews, an appeal) while it is the
 * latest attempt, no other attempt was awarded, and it is the same submission (attempt, template,
 * educator). The same educator: the same `id`, or the same email (any case); one known by name only
 * matches by name only. `submission-received` events without a template id (written by older versions) are not comparable and are skipped.
 * Throws `ERR_OB_SUBMISSION_INVALID` listing every problem.
 * @example
 * assertAttemptFollowsTrail(trail, template, input.submission, { nextStep: template.nextStep })
 */
export function assertAttemptFollowsTrail(
  trail: AuditTrail,
  template: Pick<MicroCredentialTemplate, 'id'>,
  submission: Submission,
  { nextStep }: AssertAttemptFollowsTrailOptions = {},
): void {
  const problems: ValidationProblem[] = []
  const own = trail.find((e) => e.action === 'submission-received' && e.subject === submission.id)
  const history = attemptsOf(trail, template.id, submission.educator)
  const awarded = history.find((a) => a.decision?.status === 'awarded' && a.submissionId !== submission.id)
  // An award under identifiers that cannot be compared with these (an id then only an email, a name
  // then an email), to the same name: most likely the same person changing how they are identified.
  const awardedElsewhere = awarded ? undefined : awardedToSameNameUncomparably(trail, template.id, submission)
  if (awardedElsewhere)
    problems.push({
      path: '/educator',
      message: `${submission.educator.name} was already awarded this micro-credential under other identifiers (submission "${awardedElsewhere}"); identify the educator as on that submission (the same id or email), or, if they are different people, give this one an id of their own`,
    })
  if (awarded)
    problems.push({
      path: '/educator',
      message: `${submission.educator.name} was already awarded this micro-credential (submission "${awarded.submissionId}", attempt ${awarded.attempt}, ${awarded.decision!.at.slice(0, 10)}); a new submission is not assessed`,
    })

  if (own) {
    const recorded = own.detail ?? {}
    if (typeof recorded.attempt === 'number' && recorded.attempt !== submission.attempt)
      problems.push({ path: '/attempt', message: `submission "${submission.id}" was received as attempt ${recorded.attempt}; it cannot come back as attempt ${submission.attempt}` })
    if (typeof recorded.templateId === 'string' && recorded.templateId !== template.id)
      problems.push({ path: '/templateId', message: `submission "${submission.id}" was received for "${recorded.templateId}", not "${template.id}"` })
    const identity = recordedIdentity(recorded)
    if (identity && !sameEducator(identity, submission.educator))
      problems.push({ path: '/educator', message: `submission "${submission.id}" was received from another educator` })
    const index = history.findIndex((a) => a.submissionId === submission.id)
    const later = index >= 0 ? history.slice(index + 1).at(-1) : undefined
    if (later)
      problems.push({
        path: '/id',
        message: `submission "${submission.id}" (attempt ${submission.attempt}) was followed by attempt ${later.attempt} (submission "${later.submissionId}"); only the latest attempt can be decided again`,
      })
  } else {
    const last = history.at(-1)
    if (last) problems.push(...nextAttemptProblems(history, last, submission, nextStep))
  }
  if (problems.length > 0) throw new ValidationError('ERR_OB_SUBMISSION_INVALID', 'submission', problems)
}

/** Why a new submission is not the next attempt after `last` (none when it is). */
function nextAttemptProblems(history: readonly ReceivedAttempt[], last: ReceivedAttempt, submission: Submission, nextStep: NextStep | undefined): ValidationProblem[] {
  const status = last.decision?.status
  if (status === 'denied') {
    if (submission.attempt !== 1)
      return [{ path: '/attempt', message: `attempt ${last.attempt} (submission "${last.submissionId}") was denied, so a new submission starts over at attempt 1 (got attempt ${submission.attempt})` }]
    const wait = nextStep?.startOverAfter
    if (wait) {
      const from = addIsoDuration(new Date(last.decision!.at), wait)
      if (Date.parse(submission.submittedAt) < from.getTime())
        return [
          {
            path: '/submittedAt',
            message: `a new submission may start ${describeDuration(wait)} after the denial of submission "${last.submissionId}", from ${from.toISOString()} (submitted ${submission.submittedAt})`,
          },
        ]
    }
    return []
  }
  if (status === undefined)
    return [{ path: '/attempt', message: `attempt ${last.attempt} (submission "${last.submissionId}") has no final decision yet; a new attempt follows a reopened one` }]
  // The attempts since the last denial are this round's; the next one follows the highest.
  const deniedAt = history.findLastIndex((a) => a.decision?.status === 'denied')
  const round = history.slice(deniedAt + 1)
  const highest = round.reduce((max, a) => (a.attempt > max.attempt ? a : max), last)
  const expected = highest.attempt + 1
  if (submission.attempt === expected) return []
  const same = round.find((a) => a.attempt === submission.attempt) ?? (submission.attempt < highest.attempt ? highest : undefined)
  if (same)
    return [
      {
        path: '/attempt',
        message: `attempt ${same.attempt} was already received (submission "${same.submissionId}"); the next attempt is ${expected}${same.attempt !== submission.attempt ? ` (got attempt ${submission.attempt})` : ''}`,
      },
    ]
  return [{ path: '/attempt', message: `attempt ${submission.attempt} follows attempt ${highest.attempt} (submission "${highest.submissionId}"); expected attempt ${expected}` }]
}

/** The educator's comparable submissions for the template, in trail order, each with its latest final decision. */
function attemptsOf(trail: AuditTrail, templateId: string, educator: Educator): ReceivedAttempt[] {
  const attempts: ReceivedAttempt[] = []
  for (const event of trail) {
    const detail = event.detail ?? {}
    if (event.action === 'submission-received') {
      const identity = recordedIdentity(detail)
      if (detail.templateId === templateId && typeof detail.attempt === 'number' && identity && sameEducator(identity, educator))
        attempts.push({ submissionId: event.subject, attempt: detail.attempt })
    } else if (event.action === 'decision-finalized' && typeof detail.status === 'string') {
      const attempt = attempts.find((a) => a.submissionId === event.subject)
      if (attempt) attempt.decision = { status: detail.status, at: event.at }
    }
  }
  return attempts
}

interface Identity {
  id?: string
  email?: string
  name?: string
}

function recordedIdentity(detail: Readonly<Record<string, string | number | boolean>>): Identity | undefined {
  const { educatorId: id, educatorEmail: email, educatorName: name } = detail
  const identity: Identity = {
    ...(typeof id === 'string' ? { id } : {}),
    ...(typeof email === 'string' ? { email } : {}),
    ...(typeof name === 'string' ? { name } : {}),
  }
  return Object.keys(identity).length > 0 ? identity : undefined
}

function sameEducator(a: Identity, b: Educator): boolean {
  if (a.id !== undefined && b.id !== undefined && normalId(a.id) === normalId(b.id)) return true
  if (a.email !== undefined && b.email !== undefined && normalEmail(a.email) === normalEmail(b.email)) return true
  return a.id === undefined && a.email === undefined && b.id === undefined && b.email === undefined && a.name !== undefined && normalName(a.name) === normalName(b.name)
}

/** No identifier of one kind on both sides: neither the same nor different people can be told. */
function uncomparable(a: Identity, b: Educator): boolean {
  return !(a.id !== undefined && b.id !== undefined) && !(a.email !== undefined && b.email !== undefined)
}

function awardedToSameNameUncomparably(trail: AuditTrail, templateId: string, submission: Submission): string | undefined {
  const awarded = new Set(trail.filter((e) => e.action === 'decision-finalized' && e.detail?.status === 'awarded').map((e) => e.subject))
  for (const event of trail) {
    const detail = event.detail ?? {}
    if (event.action !== 'submission-received' || detail.templateId !== templateId || event.subject === submission.id || !awarded.has(event.subject)) continue
    const identity = recordedIdentity(detail)
    if (identity?.name !== undefined && uncomparable(identity, submission.educator) && normalName(identity.name) === normalName(submission.educator.name)) return event.subject
  }
  return undefined
}

// Identifiers compared as people write them: a URI's scheme (and a DID's method) in any case, an email
// in any case, a name in any case and spacing, Unicode-normalised.
function normalId(id: string): string {
  const trimmed = id.trim()
  const did = /^(did):([a-z0-9]+):/i.exec(trimmed)
  if (did) return `did:${did[2]!.toLowerCase()}:${trimmed.slice(did[0].length)}`
  return trimmed.replace(/^[a-z][a-z0-9+.-]*:/i, (scheme) => scheme.toLowerCase())
}
const normalEmail = (email: string) => email.trim().toLowerCase()
const normalName = (name: string) => name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()
