import { describe, expect, it } from 'vitest'
import { decideAward } from '../../src/assessment/decide.js'
import { recordDecision } from '../../src/assessment/decision-record.js'
import { finalizeDecision } from '../../src/assessment/finalize.js'
import { achievementDescription, buildCredential } from '../../src/credential/build.js'
import { validateAgainstObSchema } from '../../src/credential/ob-schema-sync.js'
import { assertJsonLdSafe } from '../../src/credential/validate.js'
import { exampleAssessment, exampleTemplate } from '../helpers/examples.js'
import { awardedCredential, DECIDED_AT, issuer } from '../helpers/issue.js'

const template = exampleTemplate('checking-understanding-gestures')

describe('a credential that says what a district needs', async () => {
  const { key } = await issuer()
  const issuerProfile = {
    id: key.issuerId,
    name: 'Springfield Public Schools',
    url: 'https://district.example.org',
    email: 'microcredentials@district.example.org',
    image: 'https://district.example.org/logo.png',
  }

  it("expires after the template's validity period (P2Y), unless validUntil is given", async () => {
    const credential = await awardedCredential(key)
    expect(credential.validFrom).toBe('2026-10-10T12:00:00Z')
    expect(credential.validUntil).toBe('2028-10-10T12:00:00Z')
    const explicit = await awardedCredential(key, { validUntil: new Date('2027-06-30T00:00:00Z') })
    expect(explicit.validUntil).toBe('2027-06-30T00:00:00Z')
    const { validityPeriod: _, ...noPeriod } = template
    expect((await awardedCredential(key, { template: noPeriod })).validUntil).toBeUndefined()
  })

  it('states the credit with its unit: creditsAvailable counts clock hours, the description says so', async () => {
    const credential = await awardedCredential(key)
    const { achievement, creditsEarned } = credential.credentialSubject
    expect(achievement.creditsAvailable).toBe(15)
    expect(creditsEarned).toBe(15)
    expect(achievement.description).toContain('Credit: 15 professional-development clock hours toward Continuing Education Units.')
    expect(achievementDescription({ ...template, pdCredit: { hours: 1 } })).toMatch(/Credit: 1 professional-development clock hour\.$/)
  })

  it("names the earner on request, and carries the issuer's email, url and logo", async () => {
    const credential = await awardedCredential(key, { includeName: true, issuer: issuerProfile })
    expect(credential.credentialSubject.name).toBe('Ana Rivera')
    expect(credential.issuer).toMatchObject({ email: issuerProfile.email, url: issuerProfile.url, image: { id: issuerProfile.image, type: 'Image' } })
    expect(validateAgainstObSchema(credential)).toEqual([])
    await expect(assertJsonLdSafe(credential)).resolves.toBeUndefined()
    expect((await awardedCredential(key)).credentialSubject.name).toBeUndefined()
  })

  it('discloses an override in the criteria narrative and a result, and still passes schema and JSON-LD safe mode', async () => {
    const input = exampleAssessment('gestures-override')
    const { record } = recordDecision(template, input, {
      issuerOfRecord: { id: key.issuerId, name: 'Springfield Public Schools' },
      action: 'award',
      reason: 'Moderation panel reviewed the student data.',
      at: DECIDED_AT,
    })
    const credential = await buildCredential({ template, decision: record.final, submission: input.submission, issuer: issuerProfile })
    const { achievement, result } = credential.credentialSubject
    expect(achievement.criteria.narrative).toContain(
      `**Issuer of record decision.** Springfield Public Schools awarded this on 2026-10-10 over the assessors' "resubmit" recommendation. Reason: Moderation panel reviewed the student data. The rubric results are the assessors' levels; "Acting on the evidence" did not reach the required level.`,
    )
    expect(achievement.criteria.narrative).not.toContain('The educator submitted')
    const disclosure = result!.find((r) => r.resultDescription?.endsWith('#rubric-issuer-decision'))
    expect(disclosure).toMatchObject({ status: 'Completed', value: expect.stringContaining('over the assessors\' "resubmit" recommendation') })
    expect(achievement.resultDescription!.at(-1)).toMatchObject({ name: 'Issuer of record decision', resultType: 'Status' })
    // The Developing result is still there, next to the disclosure: nothing hidden, nothing contradicted.
    expect(result!.some((r) => r.achievedLevel?.endsWith('#rubric-responsive-teaching-developing'))).toBe(true)
    expect(validateAgainstObSchema(credential)).toEqual([])
    await expect(assertJsonLdSafe(credential)).resolves.toBeUndefined()
  })

  it('a recommended award carries no override disclosure', async () => {
    const credential = await awardedCredential(key)
    expect(credential.credentialSubject.achievement.criteria.narrative).not.toContain('Issuer of record decision')
    expect(credential.credentialSubject.result!.some((r) => r.resultDescription?.endsWith('issuer-decision'))).toBe(false)
  })

  it('an award attested without scored reviews says so and claims no rubric levels', async () => {
    const final = finalizeDecision(decideAward(template.rubric, []), {
      issuerOfRecord: { id: key.issuerId, name: 'Springfield Public Schools' },
      action: 'award',
      reason: 'Prior learning recognised',
      at: DECIDED_AT,
    })
    const credential = await buildCredential({ template, decision: final, submission: exampleAssessment('gestures-award').submission, issuer: issuerProfile })
    expect(credential.credentialSubject.result).toEqual([expect.objectContaining({ value: expect.stringContaining('without scored assessor reviews. Reason: Prior learning recognised.') })])
    expect(validateAgainstObSchema(credential)).toEqual([])
    await expect(assertJsonLdSafe(credential)).resolves.toBeUndefined()
  })

  it('is signed only by the issuer of record it names: another issuer id or name is refused (ERR_OB_DECISION_INVALID)', async () => {
    const input = exampleAssessment('gestures-award')
    const final = finalizeDecision(decideAward(template.rubric, input.reviews), { issuerOfRecord: { id: key.issuerId, name: 'Springfield Public Schools' }, at: DECIDED_AT })
    const { key: other } = await issuer('EdDSA', 'another-issuer')
    await expect(buildCredential({ template, decision: final, submission: input.submission, issuer: { ...issuerProfile, id: other.issuerId } })).rejects.toMatchObject({
      code: 'ERR_OB_DECISION_INVALID',
      message: expect.stringContaining(`made by the issuer of record "${key.issuerId}"`),
    })
    await expect(buildCredential({ template, decision: final, submission: input.submission, issuer: { ...issuerProfile, name: 'Shelbyville Academy' } })).rejects.toMatchObject({
      code: 'ERR_OB_DECISION_INVALID',
      message: expect.stringContaining('"Springfield Public Schools", but the credential\'s issuer is named "Shelbyville Academy"'),
    })
  })
})
