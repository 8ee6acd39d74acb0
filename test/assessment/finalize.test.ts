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

  it("tells the educator the final decision in its own words: a denial over a resubmit recommendation never reads 'resubmit'", () => {
    const resubmit = decisionOf('gestures-resubmit')
    if (resubmit.outcome !== 'resubmit') throw new Error('fixture changed')
    // Following the recommendation keeps the assessors' feedback.
    expect(finalizeDecision(resubmit, { issuerOfRecord }).message).toBe(resubmit.message)
    const denied = finalizeDecision(resubmit, { issuerOfRecord, action: 'deny', reason: 'Evidence was not the educator’s own.' })
    expect(denied.message.split('\n')[0]).toBe('District did not award this micro-credential. Reason: Evidence was not the educator’s own.')
    expect(denied.message).not.toMatch(/resubmit/i)
    expect(denied.message).toContain(resubmit.unmet[0]!.message)
    expect(denied.message).toContain('Next step: ')
    const awarded = finalizeDecision(resubmit, { issuerOfRecord, action: 'award', reason: 'Moderation panel' })
    expect(awarded.message).toBe('District awarded you this micro-credential. Reason: Moderation panel.')
    const reopened = finalizeDecision(decisionOf('gestures-denied'), { issuerOfRecord, action: 'open-resubmission', reason: 'Extension granted' })
    expect(reopened.message.split('\n')[0]).toBe('District opened your submission for resubmission. Reason: Extension granted.')
  })
})
