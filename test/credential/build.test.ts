import { describe, expect, it } from 'vitest'
import { decideAward } from '../../src/assessment/decide.js'
import { finalizeDecision } from '../../src/assessment/finalize.js'
import { buildCredential } from '../../src/credential/build.js'
import { hashIdentity, matchesIdentity } from '../../src/credential/identity.js'
import { validateAgainstObSchema } from '../../src/credential/ob-schema-sync.js'
import { assertJsonLdSafe } from '../../src/credential/validate.js'
import { exampleAssessment, exampleTemplate } from '../helpers/examples.js'
import { awardedCredential, issuer } from '../helpers/issue.js'

describe('buildCredential', async () => {
  const { key } = await issuer()
  const credential = await awardedCredential(key)

  it('passes the official schema and JSON-LD safe mode', async () => {
    expect(validateAgainstObSchema(credential)).toEqual([])
    await expect(assertJsonLdSafe(credential)).resolves.toBeUndefined()
  })

  it('has the OB 3.0 envelope: contexts in order, urn:uuid id, embedded issuer Profile', () => {
    expect(credential['@context'].slice(0, 2)).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'])
    expect(credential.id).toMatch(/^urn:uuid:/)
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential'])
    expect(credential.issuer).toMatchObject({ id: key.issuerId, type: ['Profile'], name: 'Springfield Public Schools' })
    expect(credential.validFrom).toBe('2026-10-10T12:00:00Z')
  })

  it('maps the rubric to resultDescriptions and the consensus to linked results', () => {
    const { achievement, result } = credential.credentialSubject
    expect(achievement.achievementType).toBe('MicroCredential')
    expect(achievement.criteria.narrative).toContain('**Key method.**')
    const rds = achievement.resultDescription!
    expect(rds).toHaveLength(6)
    const first = rds[0]!
    expect(first).toMatchObject({ resultType: 'RubricCriterionLevel', requiredLevel: `${achievement.id}#rubric-overview-proficient` })
    expect(first.rubricCriterionLevel!.map((l) => l.points)).toEqual(['1', '2', '3', '4'])
    for (const r of result!) {
      const rd = rds.find((d) => d.id === r.resultDescription)!
      expect(rd).toBeDefined()
      if (r.achievedLevel) expect(rd.rubricCriterionLevel!.map((l) => l.id)).toContain(r.achievedLevel)
    }
    expect(result!.at(-1)).toMatchObject({ value: '14' })
  })

  it('names the holder by id and by a salted email hash; evidence from artifacts', () => {
    const subject = credential.credentialSubject
    expect(subject.id).toBe('did:example:educator-ana-rivera')
    expect(subject.identifier![0]).toMatchObject({ type: 'IdentityObject', hashed: true, identityType: 'emailAddress', salt: 'test-salt' })
    expect(credential.evidence!.map((e) => e.genre)).toEqual(['Annotated lesson plan', 'Video of practice', 'Record of student responses'])
  })

  it('refuses a decision that is not an award', async () => {
    const template = exampleTemplate('checking-understanding-gestures')
    const input = exampleAssessment('gestures-resubmit')
    const final = finalizeDecision(decideAward(template.rubric, input.reviews), { issuerOfRecord: { id: key.issuerId, name: 'D' } })
    await expect(buildCredential({ template, decision: final, submission: input.submission, issuer: { id: key.issuerId, name: 'D' } })).rejects.toMatchObject({
      code: 'ERR_OB_DECISION_INVALID',
    })
  })
})

describe('identity hashing (OB 3.0 IdentityObject)', () => {
  it('matches the spec’s worked example: a@example.com + "Kosher"', async () => {
    const identity = await hashIdentity('a@example.com', { salt: 'Kosher' })
    expect(identity.identityHash).toBe('sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399')
    expect(await matchesIdentity(identity, ' A@Example.com ')).toBe(true)
    expect(await matchesIdentity(identity, 'b@example.com')).toBe(false)
  })
})
