import { describe, expect, it } from 'vitest'
import { cohensKappa, interRaterAgreement } from '../../src/assessment/agreement.js'
import type { Review } from '../../src/model/review.js'

const review = (rater: string, submission: string, levels: string[]): Review => ({
  id: `${rater}-${submission}`,
  submissionId: submission,
  reviewer: { id: rater, name: rater, role: 'assessor' },
  scores: levels.map((levelId, i) => ({ criterionId: `c${i}`, levelId, feedback: 'f' })),
  recommendation: 'award',
  reviewedAt: '2026-01-01T00:00:00Z',
})

describe('inter-rater agreement', () => {
  it("computes Cohen's kappa (textbook example: 0.4)", () => {
    // 50 items: both yes 20, a yes/b no 5, a no/b yes 10, both no 15 → po 0.7, pe 0.5, κ 0.4
    const a = [...Array(20).fill('y'), ...Array(5).fill('y'), ...Array(10).fill('n'), ...Array(15).fill('n')]
    const b = [...Array(20).fill('y'), ...Array(5).fill('n'), ...Array(10).fill('y'), ...Array(15).fill('n')]
    expect(cohensKappa(a, b)).toBeCloseTo(0.4, 4)
  })
  it('flags raters below the threshold and not those who agree', () => {
    const reviews = [1, 2, 3].flatMap((s) => [
      review('ann', `s${s}`, ['p', 'd', 'p']),
      review('bob', `s${s}`, ['p', 'd', 'p']),
      review('cat', `s${s}`, ['d', 'p', 'd']),
    ])
    const result = interRaterAgreement(reviews, { minItems: 5 })
    expect(result.pairs.find((p) => p.raters.join() === 'ann,bob')).toMatchObject({ items: 9, percentAgreement: 1, kappa: 1 })
    expect(result.needsCalibration).toEqual(['ann', 'bob', 'cat'])
  })
  it('rejects unequal label lists', () => {
    expect(() => cohensKappa(['a'], [])).toThrow(RangeError)
  })
})
