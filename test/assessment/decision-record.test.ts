import { describe, expect, it } from 'vitest'
import { auditHead, findAuditTamper } from '../../src/assessment/audit-trail.js'
import { credentialIdOfDecision, finalFromRecord, recordDecision } from '../../src/assessment/decision-record.js'
import { exampleAssessment, exampleTemplate } from '../helpers/examples.js'

const gestures = exampleTemplate('checking-understanding-gestures')
const issuerOfRecord = { id: 'https://district.example.org', name: 'Springfield Public Schools' }
const at = new Date('2026-10-21T09:00:00Z')

describe('recordDecision', () => {
  it('appends the submission, its reviews and the decision to the trail, and records the head', () => {
    const input = exampleAssessment('gestures-override')
    const { trail, record } = recordDecision(gestures, input, { issuerOfRecord, action: 'award', reason: 'Moderation panel', at })
    expect(trail.map((e) => e.action)).toEqual(['submission-received', 'review-recorded', 'review-recorded', 'decision-computed', 'decision-finalized'])
    expect(trail.at(-1)).toMatchObject({ actor: { role: 'issuer-of-record' }, reason: 'Moderation panel', detail: { status: 'awarded', recommended: 'resubmit', overridden: true } })
    expect(record).toMatchObject({ submissionId: 'sub-1104', action: 'award', final: { overridden: true }, auditHead: auditHead(trail) })
    expect(findAuditTamper(trail, { head: record.auditHead })).toBe(-1)
  })

  it('a second decision on the same trail adds only the decision events', () => {
    const input = exampleAssessment('gestures-override')
    const first = recordDecision(gestures, input, { issuerOfRecord, action: 'open-resubmission', at })
    const second = recordDecision(gestures, input, { issuerOfRecord, action: 'award', reason: 'Panel', at, trail: first.trail })
    expect(second.trail).toHaveLength(first.trail.length + 2)
    expect(second.trail.slice(0, first.trail.length)).toEqual(first.trail)
  })

  it('an override needs a reason; an incomplete submission cannot be decided', () => {
    expect(() => recordDecision(gestures, exampleAssessment('gestures-override'), { issuerOfRecord, action: 'award', at })).toThrow(
      expect.objectContaining({ code: 'ERR_OB_DECISION_INVALID' }),
    )
    expect(() => recordDecision(gestures, exampleAssessment('gestures-incomplete'), { issuerOfRecord, action: 'award', reason: 'x', at })).toThrow(
      expect.objectContaining({ code: 'ERR_OB_DECISION_INVALID', message: expect.stringContaining('practice-video') }),
    )
  })
})

describe('finalFromRecord', () => {
  const input = exampleAssessment('gestures-override')
  const { record } = recordDecision(gestures, input, { issuerOfRecord, action: 'award', reason: 'Moderation panel', at })

  it('re-derives the final decision from the assessment, not from numbers in the file', () => {
    const tampered = structuredClone(record) as unknown as { final: { decision: { total: number } } }
    tampered.final.decision.total = 99
    const final = finalFromRecord(gestures, input, JSON.parse(JSON.stringify(tampered)))
    expect(final).toMatchObject({ status: 'awarded', overridden: true, reason: 'Moderation panel', decidedAt: at.toISOString() })
    expect(final.decision.total).toBe(14)
  })

  it('refuses a record for another submission, or no record at all', () => {
    expect(() => finalFromRecord(gestures, exampleAssessment('gestures-award'), record)).toThrow(
      expect.objectContaining({ code: 'ERR_OB_INPUT_INVALID', problems: [expect.objectContaining({ path: '/submissionId' })] }),
    )
    expect(() => finalFromRecord(gestures, input, null)).toThrow(expect.objectContaining({ code: 'ERR_OB_INPUT_INVALID' }))
    expect(() => finalFromRecord(gestures, input, { ...record, reason: undefined, final: { ...record.final, reason: undefined } })).toThrow(
      expect.objectContaining({ code: 'ERR_OB_DECISION_INVALID' }),
    )
  })

  it('credentialIdOfDecision: the same decision always gives the same id; another decision or issuer another', () => {
    const final = { decidedAt: '2026-10-21T09:00:00.000Z' } as Parameters<typeof credentialIdOfDecision>[1]['final']
    const id = credentialIdOfDecision('did:key:z6Mk-a', { submissionId: 'sub-1', final })
    expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(credentialIdOfDecision('did:key:z6Mk-a', { submissionId: 'sub-1', final })).toBe(id)
    expect(credentialIdOfDecision('did:key:z6Mk-a', { submissionId: 'sub-1', final: { ...final, decidedAt: '2026-10-22T09:00:00.000Z' } })).not.toBe(id)
    expect(credentialIdOfDecision('did:key:z6Mk-b', { submissionId: 'sub-1', final })).not.toBe(id)
    expect(credentialIdOfDecision('did:key:z6Mk-a', { submissionId: 'sub-2', final })).not.toBe(id)
  })
})
