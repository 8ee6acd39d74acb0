import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assessSubmission } from '../../src/assessment/assess.js'
import { assertSubmissionFits, checkCompleteness } from '../../src/assessment/completeness.js'
import type { AssessmentInput } from '../../src/model/review.js'
import { exampleAssessment, exampleTemplate } from '../helpers/examples.js'

const gestures = exampleTemplate('checking-understanding-gestures')
const award = exampleAssessment('gestures-award')
const withSubmission = (edit: (input: AssessmentInput) => void): AssessmentInput => {
  const input = structuredClone(award)
  edit(input)
  return input
}

describe('checkCompleteness: completeness before competency', () => {
  it('a complete submission is complete', () => {
    expect(checkCompleteness(gestures, award.submission)).toEqual({ complete: true })
  })

  it('lists every missing required part: artifact, overview answer, reflection', () => {
    const input = withSubmission(({ submission }) => {
      submission.evidence = submission.evidence.filter((e) => e.partId !== 'practice-video')
      submission.overviewAnswers = submission.overviewAnswers.filter((a) => a.questionId !== 'context')
      delete submission.reflection
    })
    const result = checkCompleteness(gestures, input.submission)
    if (result.complete) throw new Error('expected incomplete')
    expect(result.missing).toEqual([
      { partId: 'context', kind: 'overview-question', name: expect.stringContaining('Describe your class') },
      { partId: 'practice-video', kind: 'artifact', name: 'Video of practice' },
      { partId: 'reflection', kind: 'reflection', name: 'Reflection' },
    ])
    expect(result.message).toContain('Video of practice')
    expect(result.message).toContain('not used up')
  })

  it('a blank answer or reflection counts as missing', () => {
    const input = withSubmission(({ submission }) => {
      submission.overviewAnswers[0]!.answer = '   '
      submission.reflection = ' \n '
    })
    const result = checkCompleteness(gestures, input.submission)
    expect(result.complete ? [] : result.missing.map((m) => m.partId)).toEqual(['context', 'reflection'])
  })

  it('an optional artifact or reflection may be left out', () => {
    const template = structuredClone(gestures)
    template.submission.artifacts[1]!.required = false
    template.submission.reflection!.required = false
    const input = withSubmission(({ submission }) => {
      submission.evidence = submission.evidence.filter((e) => e.partId !== 'practice-video')
      delete submission.reflection
    })
    expect(checkCompleteness(template, input.submission)).toEqual({ complete: true })
  })
})

describe('assertSubmissionFits: a submission belongs to its template', () => {
  it.each([
    ['another template', (i: AssessmentInput) => (i.submission.templateId = 'https://credentials.example.org/microcredentials/other'), '/templateId'],
    ['another version', (i: AssessmentInput) => (i.submission.templateVersion = '1.1'), '/templateVersion'],
    ['an unknown artifact', (i: AssessmentInput) => (i.submission.evidence[0]!.partId = 'portfolio'), '/evidence/0/partId'],
    ['an unknown question', (i: AssessmentInput) => (i.submission.overviewAnswers[0]!.questionId = 'q9'), '/overviewAnswers/0/questionId'],
    ['a question answered twice', (i: AssessmentInput) => i.submission.overviewAnswers.push({ ...i.submission.overviewAnswers[0]! }), '/overviewAnswers/2/questionId'],
  ])('refuses %s, naming the path', (_, edit, path) => {
    const input = withSubmission(edit)
    expect(() => assertSubmissionFits(gestures, input.submission)).toThrow(
      expect.objectContaining({ code: 'ERR_OB_SUBMISSION_INVALID', problems: [expect.objectContaining({ path })] }),
    )
  })
})

describe('assessSubmission', () => {
  it('returns an incomplete submission unscored, using no attempt (the example)', () => {
    const result = assessSubmission(gestures, exampleAssessment('gestures-incomplete'))
    expect(result).toMatchObject({ outcome: 'incomplete', attempt: 1, attemptUsed: false, submissionId: 'sub-1101' })
    if (result.outcome !== 'incomplete') throw new Error(result.outcome)
    expect(result.missing.map((m) => m.partId)).toEqual(['practice-video', 'reflection'])
    expect(result).not.toHaveProperty('criteria')
  })

  it('a submission missing the practice video is not awarded even when the reviews would award it', () => {
    const input = withSubmission(({ submission }) => {
      submission.evidence = submission.evidence.filter((e) => e.partId !== 'practice-video')
    })
    expect(assessSubmission(gestures, input).outcome).toBe('incomplete')
  })

  it('refuses a submission for a different template instead of recommending an award', () => {
    const input = withSubmission((i) => (i.submission.templateId = 'https://credentials.example.org/microcredentials/other'))
    expect(() => assessSubmission(gestures, input)).toThrow(expect.objectContaining({ code: 'ERR_OB_SUBMISSION_INVALID' }))
  })

  it('refuses a review that belongs to another submission, naming it', () => {
    const input = withSubmission((i) => (i.reviews[1]!.submissionId = 'sub-9999'))
    expect(() => assessSubmission(gestures, input)).toThrow(
      expect.objectContaining({
        code: 'ERR_OB_REVIEW_INVALID',
        problems: [expect.objectContaining({ path: '/1/submissionId', message: expect.stringContaining('"sub-9999"') })],
      }),
    )
  })

  it('refuses a 4th attempt under a 3-attempt limit even when it would be awarded', () => {
    const input = withSubmission((i) => (i.submission.attempt = 4))
    expect(() => assessSubmission(gestures, input)).toThrow(
      expect.objectContaining({ code: 'ERR_OB_SUBMISSION_INVALID', problems: [expect.objectContaining({ path: '/attempt' })] }),
    )
  })

  it('checks the inputs of an incomplete submission too (an attempt beyond the limit, a foreign review)', () => {
    const base = exampleAssessment('gestures-incomplete')
    expect(() => assessSubmission(gestures, { ...base, submission: { ...base.submission, attempt: 4 } })).toThrow(
      expect.objectContaining({ code: 'ERR_OB_SUBMISSION_INVALID' }),
    )
    expect(() => assessSubmission(gestures, { ...base, reviews: award.reviews })).toThrow(expect.objectContaining({ code: 'ERR_OB_REVIEW_INVALID' }))
  })

  it("gives a denied educator the template's next step, unless the policy has its own", () => {
    const denied = exampleAssessment('gestures-denied')
    const result = assessSubmission(gestures, denied)
    if (result.outcome !== 'denied') throw new Error(result.outcome)
    expect(result.nextStep).toEqual(gestures.nextStep)
    expect(result.message).toContain("Coach: Your building's instructional coach")
    expect(result.message).toContain('after 3 months')
    const own = assessSubmission(gestures, { ...denied, policy: { nextStep: { message: 'Join the spring cohort.' } } })
    expect(own.outcome === 'denied' && own.nextStep).toEqual({ message: 'Join the spring cohort.' })
  })
})

describe('assessSubmission properties', () => {
  const parts = [
    ...gestures.submission.overviewQuestions.map((q) => ({ kind: 'answer' as const, id: q.id })),
    ...gestures.submission.artifacts.filter((a) => a.required).map((a) => ({ kind: 'evidence' as const, id: a.id })),
    { kind: 'reflection' as const, id: 'reflection' },
  ]
  const dropArb = fc.subarray(parts, { minLength: 1 })

  it('leaving out any required parts gives incomplete, listing exactly those, whatever the reviews say', () => {
    fc.assert(
      fc.property(dropArb, fc.shuffledSubarray(award.reviews), (dropped, reviews) => {
        const input = withSubmission((i) => {
          i.reviews = reviews
          const ids = new Set(dropped.map((d) => d.id))
          i.submission.overviewAnswers = i.submission.overviewAnswers.filter((a) => !ids.has(a.questionId))
          i.submission.evidence = i.submission.evidence.filter((e) => !ids.has(e.partId))
          if (ids.has('reflection')) delete i.submission.reflection
        })
        const result = assessSubmission(gestures, input)
        expect(result.outcome).toBe('incomplete')
        if (result.outcome === 'incomplete') expect(result.missing.map((m) => m.partId).sort()).toEqual(dropped.map((d) => d.id).sort())
      }),
    )
  })

  it('does not depend on the order of reviews, answers or evidence', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const shuffle = <T>(items: T[]) => fc.sample(fc.shuffledSubarray(items, { minLength: items.length }), { seed, numRuns: 1 })[0]!
        const shuffled = withSubmission((i) => {
          i.reviews = shuffle(i.reviews)
          i.submission.overviewAnswers = shuffle(i.submission.overviewAnswers)
          i.submission.evidence = shuffle(i.submission.evidence)
        })
        expect(assessSubmission(gestures, shuffled)).toEqual(assessSubmission(gestures, award))
      }),
      { numRuns: 50 },
    )
  })
})
