import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type AuditEventInput, type AuditTrail, appendAuditEvent, findAuditTamper } from '../../src/assessment/audit-trail.js'

const eventArb: fc.Arbitrary<AuditEventInput> = fc.record({
  at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  actor: fc.record({ id: fc.string({ minLength: 1 }), role: fc.constantFrom('assessor', 'issuer-of-record', 'system' as const) }),
  action: fc.constantFrom('submission-received', 'review-recorded', 'decision-computed', 'decision-finalized' as const),
  subject: fc.string({ minLength: 1 }),
})

describe('audit trail', () => {
  it('only grows: every append keeps the earlier events unchanged and the chain intact', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 20 }), (events) => {
        let trail: AuditTrail = []
        for (const event of events) {
          const next = appendAuditEvent(trail, event)
          expect(next.length).toBe(trail.length + 1)
          expect(next.slice(0, trail.length)).toEqual(trail)
          trail = next
        }
        expect(findAuditTamper(trail)).toBe(-1)
      }),
    )
  })
  it('is frozen and detects an edited or deleted event', () => {
    let trail: AuditTrail = []
    for (let i = 0; i < 3; i++) trail = appendAuditEvent(trail, { at: `2026-01-0${i + 1}T00:00:00Z`, actor: { id: 'a', role: 'system' }, action: 'review-recorded', subject: `r${i}` })
    expect(Object.isFrozen(trail)).toBe(true)
    expect(() => {
      ;(trail as unknown as { subject: string }[])[0]!.subject = "x"
    }).toThrow()
    const edited = trail.map((e, i) => (i === 1 ? { ...e, subject: 'forged' } : e))
    expect(findAuditTamper(edited)).toBe(2)
    expect(findAuditTamper([trail[0]!, trail[2]!])).toBe(1)
  })
})
