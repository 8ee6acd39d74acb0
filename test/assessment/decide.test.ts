import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decideAssessment, decideAward } from '../../src/assessment/decide.js'
import type { DecisionPolicy, Review } from '../../src/model/review.js'
import type { Rubric } from '../../src/model/rubric.js'
import { exampleAssessment, exampleTemplate } from '../helpers/examples.js'

const gestures = exampleTemplate('checking-understanding-gestures')

describe('decideAward on the examples', () => {
  it.each([
    ['checking-understanding-gestures', 'gestures-award', 'award-recommended'],
    ['checking-understanding-gestures', 'gestures-resubmit', 'resubmit'],
    ['checking-understanding-gestures', 'gestures-disagreement', 'needs-review'],
    ['checking-understanding-gestures', 'gestures-denied', 'denied'],
    ['supporting-executive-function', 'executive-function-majority-award', 'award-recommended'],
    ['formative-data-personalize-learning', 'formative-data-mean-resubmit', 'resubmit'],
  ])('%s / %s → %s', (template, assessment, outcome) => {
    const input = exampleAssessment(assessment)
    const decision = decideAward(exampleTemplate(template).rubric, input.reviews, {
      attempt: input.submission.attempt,
      ...(input.policy ? { policy: input.policy } : {}),
    })
    expect(decision.outcome).toBe(outcome)
  })

  it('names each unmet criterion with its feedback for the educator', () => {
    const input = exampleAssessment('gestures-resubmit')
    const decision = decideAward(gestures.rubric, input.reviews)
    if (decision.outcome !== 'resubmit') throw new Error(decision.outcome)
    expect(decision.unmet.map((u) => u.criterionId)).toEqual(['responsive-teaching', 'reflection'])
    expect(decision.message).toContain('"Acting on the evidence"')
    expect(decision.message).toContain('To reach Proficient')
  })

  it('peer reviewers give feedback but do not score by default', () => {
    const input = exampleAssessment('gestures-award')
    const decision = decideAward(gestures.rubric, input.reviews, { policy: { minAssessors: 2 } })
    expect(decision.outcome).toBe('award-recommended')
    expect(decision.scoredReviewIds).toHaveLength(2)
    expect(decision.criteria[2]!.feedback).toHaveLength(3)
    // Counted, the peer's Developing makes a close call: a fourth scorer is asked only if the policy allows one.
    const counted = decideAward(gestures.rubric, input.reviews, { policy: { countPeerReviews: true, maxAssessors: 4 } })
    expect(counted.outcome).toBe('needs-review')
    expect(decideAward(gestures.rubric, input.reviews, { policy: { countPeerReviews: true } }).outcome).toBe('resubmit')
  })

  it('needs-review when there are fewer scored reviews than the policy asks', () => {
    const input = exampleAssessment('gestures-resubmit')
    const decision = decideAward(gestures.rubric, input.reviews, { policy: { minAssessors: 2 } })
    expect(decision.outcome).toBe('needs-review')
  })

  it('applies the minimum total', () => {
    const input = exampleAssessment('gestures-award')
    const decision = decideAward(gestures.rubric, input.reviews, { policy: { minimumTotal: 100 } })
    expect(decision.outcome).toBe('resubmit')
  })
})

describe('decideAward negative cases', () => {
  const reviews = exampleAssessment('gestures-award').reviews
  it('rejects an unknown criterion and level, listing every problem', () => {
    const bad: Review = structuredClone(reviews[0]!)
    bad.scores[0]!.criterionId = 'nope'
    bad.scores[1]!.levelId = 'legendary'
    expect(() => decideAward(gestures.rubric, [bad])).toThrow(
      expect.objectContaining({
        code: 'ERR_OB_REVIEW_INVALID',
        problems: expect.arrayContaining([
          expect.objectContaining({ path: '/0/scores/0/criterionId' }),
          expect.objectContaining({ path: '/0/scores/1/levelId' }),
          expect.objectContaining({ path: '/0/scores', message: 'criterion "overview" is not scored' }),
        ]),
      }),
    )
  })
  it('rejects a reviewer who reviewed twice', () => {
    expect(() => decideAward(gestures.rubric, [reviews[0]!, { ...reviews[0]!, id: 'x' }])).toThrow(
      expect.objectContaining({ code: 'ERR_OB_REVIEW_INVALID' }),
    )
  })
})

// --- property-based -------------------------------------------------------------------------
const rank = { denied: 0, resubmit: 1, 'needs-review': 2, 'award-recommended': 3 } as const
const rubric: Rubric = gestures.rubric
const policyArb: fc.Arbitrary<DecisionPolicy> = fc.record({
  combine: fc.constantFrom('lowest', 'majority', 'mean', 'unanimous'),
  closeCallMargin: fc.integer({ min: 0, max: 3 }),
  minAssessors: fc.integer({ min: 1, max: 3 }),
  maxAssessors: fc.integer({ min: 3, max: 5 }),
  maxAttempts: fc.integer({ min: 1, max: 4 }),
})
/** The decision, or the code it is refused with (an attempt beyond the limit). */
const outcomeOf = (reviews: Review[], policy: DecisionPolicy, attempt: number) => {
  try {
    return decideAward(rubric, reviews, { policy, attempt })
  } catch (error) {
    return (error as { code: string }).code
  }
}
const reviewsArb = fc
  .array(
    fc.record({
      levels: fc.tuple(...rubric.criteria.map((c) => fc.integer({ min: 0, max: c.levels.length - 1 }))),
      recommendation: fc.constantFrom('award' as const, 'resubmit' as const),
      peer: fc.boolean(),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((specs) =>
    specs.map(
      (s, i): Review => ({
        id: `r${i}`,
        submissionId: 's',
        reviewer: { id: `reviewer-${i}`, name: `R${i}`, role: s.peer ? 'peer-reviewer' : 'assessor' },
        scores: rubric.criteria.map((c, j) => ({ criterionId: c.id, levelId: c.levels[s.levels[j]!]!.id, feedback: 'f' })),
        recommendation: s.recommendation,
        reviewedAt: '2026-01-01T00:00:00Z',
      }),
    ),
  )

describe('decideAward properties', () => {
  it('does not depend on the order of reviews', () => {
    fc.assert(
      fc.property(reviewsArb, policyArb, fc.integer({ min: 1, max: 4 }), fc.integer(), (reviews, policy, attempt, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(reviews, { minLength: reviews.length }), { seed, numRuns: 1 })[0]!
        expect(outcomeOf(shuffled, policy, attempt)).toEqual(outcomeOf(reviews, policy, attempt))
      }),
    )
  })

  it('raising any assessor level never worsens the outcome', () => {
    fc.assert(
      fc.property(reviewsArb, policyArb, fc.integer({ min: 1, max: 4 }), fc.nat(), fc.nat(), (reviews, policy, attempt, r, c) => {
        const review = reviews[r % reviews.length]!
        const criterionIndex = c % rubric.criteria.length
        const criterion = rubric.criteria[criterionIndex]!
        const current = criterion.levels.findIndex((l) => l.id === review.scores[criterionIndex]!.levelId)
        fc.pre(current < criterion.levels.length - 1 && attempt <= policy.maxAttempts!)
        const raised = structuredClone(reviews)
        raised[r % reviews.length]!.scores[criterionIndex]!.levelId = criterion.levels[current + 1]!.id
        const before = decideAward(rubric, reviews, { policy, attempt }).outcome
        const after = decideAward(rubric, raised, { policy, attempt }).outcome
        expect(rank[after]).toBeGreaterThanOrEqual(rank[before])
      }),
      { numRuns: 2000 },
    )
  })

  it('an award means every criterion meets its required level under the policy', () => {
    fc.assert(
      fc.property(reviewsArb, policyArb, (reviews, policy) => {
        const decision = decideAward(rubric, reviews, { policy })
        if (decision.outcome !== 'award-recommended') return
        for (const criterion of rubric.criteria) {
          const outcome = decision.criteria.find((o) => o.criterionId === criterion.id)!
          const required = criterion.levels.find((l) => l.id === criterion.requiredLevel)!
          expect(outcome.met).toBe(true)
          expect(outcome.points).toBeGreaterThanOrEqual(required.points)
        }
      }),
      { numRuns: 500 },
    )
  })
})

describe('decideAssessment', () => {
  it('decides a stored assessment at its attempt and under its policy', () => {
    const input = exampleAssessment('gestures-denied')
    expect(decideAssessment(gestures.rubric, input)).toEqual(decideAward(gestures.rubric, input.reviews, { attempt: input.submission.attempt }))
    expect(decideAssessment(gestures.rubric, input).outcome).toBe('denied')
  })
})
