import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type AuditEventInput, type AuditTrail, appendAuditEvent, auditHead, findAuditTamper, parseAuditTrail } from '../../src/assessment/audit-trail.js'

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

describe('audit trail head', () => {
  const build = (n: number) => {
    let trail: AuditTrail = []
    for (let i = 0; i < n; i++)
      trail = appendAuditEvent(trail, { at: `2026-01-0${i + 1}T00:00:00Z`, actor: { id: 'a', role: 'system' }, action: 'review-recorded', subject: `r${i}` })
    return trail
  }

  it('an edited last event passes the chain but not the recorded head', () => {
    const trail = build(4)
    const head = auditHead(trail)
    const edited = trail.map((e, i) => (i === 3 ? { ...e, subject: 'forged' } : e))
    expect(findAuditTamper(edited)).toBe(-1)
    expect(findAuditTamper(edited, { head })).toBe(3)
  })

  it('deleted final events pass the chain but not the recorded head', () => {
    const trail = build(4)
    const head = auditHead(trail)
    expect(findAuditTamper(trail.slice(0, 2))).toBe(-1)
    expect(findAuditTamper(trail.slice(0, 2), { head })).toBe(2)
    expect(findAuditTamper([], { head })).toBe(0)
  })

  it('events appended after the recorded head are fine', () => {
    const trail = build(2)
    const head = auditHead(trail)
    const longer = appendAuditEvent(trail, { at: '2026-02-01T00:00:00Z', actor: { id: 'i', role: 'issuer-of-record' }, action: 'credential-issued', subject: 'urn:uuid:1' })
    expect(findAuditTamper(longer, { head })).toBe(-1)
    expect(auditHead([])).toEqual({ seq: 0, hash: '' })
    expect(findAuditTamper([], { head: auditHead([]) })).toBe(-1)
  })

  it('property: cutting any number of final events or editing any event up to the head is found', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 12 }), fc.nat(), fc.boolean(), (events, pick, cut) => {
        let trail: AuditTrail = []
        for (const event of events) trail = appendAuditEvent(trail, event)
        const head = auditHead(trail)
        const at = pick % trail.length
        const altered = cut ? trail.slice(0, at) : trail.map((e, i) => (i === at ? { ...e, subject: `${e.subject}!` } : e))
        expect(findAuditTamper(altered, { head })).not.toBe(-1)
      }),
    )
  })

  it('parseAuditTrail reads a written trail and refuses what is not one', () => {
    const trail = build(3)
    const read = parseAuditTrail(JSON.parse(JSON.stringify(trail)))
    expect(read).toEqual(trail)
    expect(findAuditTamper(read, { head: auditHead(trail) })).toBe(-1)
    expect(() => parseAuditTrail({})).toThrow(expect.objectContaining({ code: 'ERR_OB_INPUT_INVALID' }))
    expect(() => parseAuditTrail([{ ...trail[0], action: 'deleted-everything' }])).toThrow(
      expect.objectContaining({ code: 'ERR_OB_INPUT_INVALID', problems: [expect.objectContaining({ path: '/0' })] }),
    )
  })
})
