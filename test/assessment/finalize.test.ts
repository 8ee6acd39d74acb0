import { describe, expect, it } from 'vitest'
import { decideAssessment } from '../../src/assessment/decide.js'
import { finalizeDecision } from '../../src/assessment/finalize.js'
import { exampleAssessment, exampleTemplate } from '../helpers/examples.js'

const rubric = exampleTemplate('checking-understanding-gestures').rubric
const issuerOfRecord = { id: 'https://district.example.org', name: 'District' }
const decisionOf = (name: string) => {
  const input = exampleAssessment(name)
  return decideAssessment(rubric, input)
}

describe('finalizeDecision', () => {
  it('follows the recommendation without a reason', () => {
    expect(finalizeDecision(decisionOf('gestures-award'), { issuerOfRecord })).toMatchObject({ status: 'awarded', overridden: false })
    expect(finalizeDecision(decisionOf('gestures-resubmit'), { issuerOfRecord }).status).toBe('resubmission-open')
    expect(finalizeDecision(decisionOf('gestures-denied'), { issuerOfRecord }).status).toBe('denied')
  })
  it('requires a reason to override', () => {
    expect(() => finalizeDecision(decisionOf('gestures-resubmit'), { issuerOfRecord, action: 'award' })).toThrow(
      expect.objectContaining({ code: 'ERR_OB_DECISION_INVALID' }),
    )
    expect(finalizeDecision(decisionOf('gestures-resubmit'), { issuerOfRecord, action: 'award', reason: 'Moderation panel' })).toMatchObject({
      status: 'awarded',
      overridden: true,
      reason: 'Moderation panel',
    })
  })
  it('refuses to decide a needs-review case without an explicit action and reason', () => {
    const decision = decisionOf('gestures-disagreement')
    expect(() => finalizeDecision(decision, { issuerOfRecord })).toThrow(expect.objectContaining({ code: 'ERR_OB_DECISION_INVALID' }))
    expect(() => finalizeDecision(decision, { issuerOfRecord, action: 'deny' })).toThrow(expect.objectContaining({ code: 'ERR_OB_DECISION_INVALID' }))
  })
})
