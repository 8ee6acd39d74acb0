import { describe, expect, it } from 'vitest'
import { type AuditTrail, appendAuditEvent } from '../../src/assessment/audit-trail.js'
import { recordDecision } from '../../src/assessment/decision-record.js'
import type { IssuerAction } from '../../src/assessment/finalize.js'
import type { AssessmentInput } from '../../src/model/review.js'
import type { MicroCredentialTemplate } from '../../src/model/template.js'
import { exampleAssessment, exampleTemplate } from '../helpers/examples.js'

const gestures = exampleTemplate('checking-understanding-gestures')
const issuerOfRecord = { id: 'https://district.example.org', name: 'Springfield Public Schools' }
const at = new Date('2026-10-21T09:00:00Z')

/** Jordan Blake's attempts: 1 (email only, resubmit), 2 (id and email, resubmit), 3 (email only, denied at the limit). */
const jordan1 = exampleAssessment('gestures-resubmit')
const jordan2 = exampleAssessment('gestures-override')
const jordan3 = exampleAssessment('gestures-denied')

/** The same assessment under another submission id and attempt number. */
function as(base: AssessmentInput, id: string, attempt: number, submittedAt = base.submission.submittedAt): AssessmentInput {
  const input = structuredClone(base)
  input.submission = { ...input.submission, id, attempt, submittedAt }
  input.reviews = input.reviews.map((r) => ({ ...r, id: `${r.id}-${id}`, submissionId: id }))
  return input
}

function decideOn(trail: AuditTrail, input: AssessmentInput, action: IssuerAction, reason?: string, template: MicroCredentialTemplate = gestures, when = at) {
  return recordDecision(template, input, { issuerOfRecord, action, ...(reason ? { reason } : {}), at: when, trail }).trail
}

/** Attempt 1 reopened, attempt 2 awarded (over a resubmit recommendation): the new-user review's trail. */
const reopenedThenAwarded = decideOn(decideOn([], jordan1, 'open-resubmission'), jordan2, 'award', 'Moderation panel')

const refusal = (...fragments: string[]) =>
  expect.objectContaining({ code: 'ERR_OB_SUBMISSION_INVALID', message: expect.stringMatching(new RegExp(fragments.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*'))) })

describe('recordDecision: the audit trail is the history of attempts', () => {
  it('records the template and the educator on submission-received', () => {
    const received = reopenedThenAwarded.filter((e) => e.action === 'submission-received')
    expect(received.map((e) => e.detail)).toEqual([
      { attempt: 1, templateId: gestures.id, templateVersion: '1.2', educatorEmail: 'jordan.blake@district.example.org', educatorName: 'Jordan Blake' },
      { attempt: 2, templateId: gestures.id, templateVersion: '1.2', educatorId: 'did:example:educator-jordan-blake', educatorEmail: 'jordan.blake@district.example.org', educatorName: 'Jordan Blake' },
    ])
  })

  it('refuses a new attempt 1 when attempts 1 (reopened) and 2 (awarded) are on the trail, naming both reasons', () => {
    const again = as(jordan1, 'sub-1200', 1)
    let error: unknown
    try {
      decideOn(reopenedThenAwarded, again, 'open-resubmission')
    } catch (e) {
      error = e
    }
    expect(error).toEqual(refusal('Jordan Blake was already awarded this micro-credential', 'submission "sub-1104"', 'attempt 2'))
    expect(error).toEqual(refusal('attempt 1 was already received', 'submission "sub-1002"', 'next attempt is 3'))
  })

  it('refuses a new submission after an award even with the next attempt number', () => {
    expect(() => decideOn(reopenedThenAwarded, as(jordan1, 'sub-1201', 3), 'open-resubmission')).toThrow(refusal('already awarded', 'sub-1104'))
  })

  it('refuses an attempt number used before, and one that skips ahead', () => {
    const afterOne = decideOn([], jordan1, 'open-resubmission')
    expect(() => decideOn(afterOne, as(jordan1, 'sub-1300', 1), 'open-resubmission')).toThrow(refusal('attempt 1 was already received', 'submission "sub-1002"', 'next attempt is 2'))
    expect(() => decideOn(afterOne, as(jordan2, 'sub-1301', 3), 'award', 'Panel')).toThrow(refusal('attempt 3 follows attempt 1', 'sub-1002', 'expected attempt 2'))
    // The next attempt is accepted, although the educator is identified by email on one and by id and email on the other.
    expect(decideOn(afterOne, jordan2, 'open-resubmission').filter((e) => e.action === 'submission-received')).toHaveLength(2)
  })

  it('re-deciding the same submission keeps working, and records the reviews added since', () => {
    const reopened = decideOn([], jordan2, 'open-resubmission')
    const withMore = structuredClone(jordan2)
    withMore.reviews.push({ ...structuredClone(jordan2.reviews[0]!), id: 'rev-1104-c', reviewer: { ...jordan2.reviews[0]!.reviewer, id: 'https://assessors.example.org/a/third', name: 'Third Assessor' }, reviewedAt: '2026-10-21T08:00:00Z' })
    const redecided = decideOn(reopened, withMore, 'award', 'Third assessor and panel')
    expect(redecided.slice(reopened.length).map((e) => [e.action, e.subject])).toEqual([
      ['review-recorded', 'rev-1104-c'],
      ['decision-computed', 'sub-1104'],
      ['decision-finalized', 'sub-1104'],
    ])
    // Deciding it once more after the award is still the same submission.
    expect(() => decideOn(redecided, withMore, 'deny', 'Plagiarised video')).not.toThrow()
  })

  it('refuses a known submission id that comes back as another attempt, template or educator', () => {
    const reopened = decideOn([], jordan1, 'open-resubmission')
    expect(() => decideOn(reopened, as(jordan1, 'sub-1002', 2), 'open-resubmission')).toThrow(refusal('submission "sub-1002" was received as attempt 1', 'attempt 2'))
    const otherEducator = structuredClone(jordan1)
    otherEducator.submission.educator = { name: 'Someone Else', email: 'someone@district.example.org' }
    expect(() => decideOn(reopened, otherEducator, 'open-resubmission')).toThrow(refusal('submission "sub-1002" was received from another educator'))
  })

  it('refuses to decide again an attempt that a later attempt has followed', () => {
    const two = decideOn(decideOn([], jordan1, 'open-resubmission'), jordan2, 'open-resubmission')
    expect(() => decideOn(two, jordan1, 'award', 'Appeal')).toThrow(refusal('submission "sub-1002" (attempt 1) was followed by attempt 2', 'sub-1104'))
  })

  it('after a denial a new submission starts over at attempt 1, once the waiting time has passed', () => {
    let trail = decideOn([], jordan1, 'open-resubmission')
    trail = decideOn(trail, jordan2, 'open-resubmission')
    trail = decideOn(trail, jordan3, 'deny', undefined, gestures, new Date('2026-11-10T09:00:00Z'))
    expect(() => decideOn(trail, as(jordan1, 'sub-1400', 2, '2027-03-01T00:00:00Z'), 'open-resubmission')).toThrow(
      refusal('attempt 3 (submission "sub-1004") was denied', 'starts over at attempt 1'),
    )
    // The template's nextStep says P3M: not before 2027-02-10.
    expect(() => decideOn(trail, as(jordan1, 'sub-1401', 1, '2027-01-15T00:00:00Z'), 'open-resubmission')).toThrow(refusal('2027-02-10'))
    expect(() => decideOn(trail, as(jordan1, 'sub-1402', 1, '2027-02-10T09:00:00Z'), 'open-resubmission')).not.toThrow()
  })

  it('keeps educators and micro-credentials apart; a new version is the same micro-credential', () => {
    const other = structuredClone(jordan1)
    other.submission.educator = { name: 'Jordan Blake', email: 'j.blake2@district.example.org' }
    expect(() => decideOn(reopenedThenAwarded, as(other, 'sub-1500', 1), 'open-resubmission')).not.toThrow()
    const anotherTemplate = { ...structuredClone(gestures), id: 'https://credentials.example.org/microcredentials/another' }
    const forAnother = as(jordan1, 'sub-1501', 1)
    forAnother.submission.templateId = anotherTemplate.id
    expect(() => decideOn(reopenedThenAwarded, forAnother, 'open-resubmission', undefined, anotherTemplate)).not.toThrow()
    const nextVersion = { ...structuredClone(gestures), version: '1.3' }
    const onNextVersion = as(jordan1, 'sub-1502', 3)
    onNextVersion.submission.templateVersion = '1.3'
    expect(() => decideOn(reopenedThenAwarded, onNextVersion, 'open-resubmission', undefined, nextVersion)).toThrow(refusal('already awarded'))
  })

  it('treats older submission-received events without a template id as not comparable', () => {
    const legacy = appendAuditEvent([], { at: '2026-09-01T00:00:00Z', actor: { id: 'jordan.blake@district.example.org', role: 'educator' }, action: 'submission-received', subject: 'sub-0900', detail: { attempt: 1 } })
    expect(() => decideOn(legacy, jordan1, 'open-resubmission')).not.toThrow()
  })

  it('refuses a new attempt while the previous one has no final decision', () => {
    const received = appendAuditEvent([], {
      at: '2026-09-01T00:00:00Z',
      actor: { id: 'jordan.blake@district.example.org', role: 'educator' },
      action: 'submission-received',
      subject: 'sub-0901',
      detail: { attempt: 1, templateId: gestures.id, educatorEmail: 'Jordan.Blake@district.example.org' },
    })
    expect(() => decideOn(received, jordan2, 'open-resubmission')).toThrow(refusal('attempt 1 (submission "sub-0901") has no final decision yet'))
  })

  describe('a second award cannot be had by changing how the educator is identified', () => {
    const withEducator = (base: AssessmentInput, id: string, educator: AssessmentInput['submission']['educator']) => {
      const input = as(base, id, 1)
      input.submission = { ...input.submission, educator }
      return input
    }
    const award = exampleAssessment('gestures-award')
    const name = award.submission.educator.name
    const cases: [string, AssessmentInput['submission']['educator'], AssessmentInput['submission']['educator']][] = [
      ['an id, then only an email', { name, id: 'did:example:ana' }, { name, email: 'ana@district.example.org' }],
      ['a name only, then the name and an email', { name }, { name: `  ${name.toUpperCase()} `, email: 'ana@district.example.org' }],
      ['a DID, then the same DID with the scheme in capitals', { name, id: 'did:example:ana' }, { name: 'Someone Else', id: 'DID:Example:ana' }],
    ]
    it.each(cases)('%s → ERR_OB_SUBMISSION_INVALID', (_, first, second) => {
      const trail = decideOn([], withEducator(award, 'sub-first', first), 'award')
      expect(() => decideOn(trail, withEducator(award, 'sub-second', second), 'award')).toThrow(refusal('already awarded this micro-credential'))
    })
    it('two people with different ids and the same name are two people', () => {
      const trail = decideOn([], withEducator(award, 'sub-first', { name, id: 'did:example:ana-1' }), 'award')
      expect(() => decideOn(trail, withEducator(award, 'sub-second', { name, id: 'did:example:ana-2' }), 'award')).not.toThrow()
    })
  })
})
