import { describe, expect, it } from 'vitest'
import { addIsoDuration, describeDuration, parseIsoDuration } from '../../src/internal/duration.js'

describe('ISO 8601 durations', () => {
  it.each([
    ['2026-10-10T12:00:00Z', 'P2Y', '2028-10-10T12:00:00.000Z'],
    ['2026-01-31T00:00:00Z', 'P1M', '2026-02-28T00:00:00.000Z'],
    ['2028-02-29T00:00:00Z', 'P1Y', '2029-02-28T00:00:00.000Z'],
    ['2026-11-15T08:30:00Z', 'P18M', '2028-05-15T08:30:00.000Z'],
    ['2026-12-25T00:00:00Z', 'P1W3D', '2027-01-04T00:00:00.000Z'],
  ])('%s + %s = %s', (from, duration, to) => {
    expect(addIsoDuration(new Date(from), duration).toISOString()).toBe(to)
  })
  it('refuses what is not a PnYnMnWnD duration', () => {
    for (const bad of ['P', '2Y', 'PT1H', 'P1.5Y', 'P-1Y', ''])
      expect(() => parseIsoDuration(bad)).toThrow(RangeError)
  })
  it('describes a duration in words', () => {
    expect(describeDuration('P2Y')).toBe('2 years')
    expect(describeDuration('P1Y6M')).toBe('1 year and 6 months')
    expect(describeDuration('P1M2W1D')).toBe('1 month, 2 weeks and 1 day')
  })
})
