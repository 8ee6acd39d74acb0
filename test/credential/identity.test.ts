import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { deriveIdentitySalt, hashIdentity, matchesIdentity } from '../../src/credential/identity.js'
import { exampleAssessment } from '../helpers/examples.js'
import { awardedCredential, issuer } from '../helpers/issue.js'

const SECRET = 'district-186-identity-secret-2026'

describe('stable identity (opt-in salt derived from an issuer secret)', () => {
  it('derives the salt as hex(HMAC-SHA-256(secret, normalized email)) and hashes as usual', async () => {
    const expectedSalt = createHmac('sha256', SECRET).update('ana@example.org').digest('hex')
    expect(await deriveIdentitySalt('ana@example.org', SECRET)).toBe(expectedSalt)
    const identity = await hashIdentity('  Ana@Example.org ', { saltSecret: SECRET })
    expect(identity).toEqual({
      type: 'IdentityObject',
      hashed: true,
      identityType: 'emailAddress',
      salt: expectedSalt,
      identityHash: `sha256$${createHash('sha256').update(`ana@example.org${expectedSalt}`).digest('hex')}`,
    })
    expect(await matchesIdentity(identity, 'ana@example.org')).toBe(true)
  })

  it('gives the same hash on every badge for one email, a different one per email and per secret', async () => {
    const a1 = await hashIdentity('ana@example.org', { saltSecret: SECRET })
    const a2 = await hashIdentity('ANA@example.org', { saltSecret: new TextEncoder().encode(SECRET) })
    expect(a2.identityHash).toBe(a1.identityHash)
    expect((await hashIdentity('ben@example.org', { saltSecret: SECRET })).identityHash).not.toBe(a1.identityHash)
    expect((await hashIdentity('ana@example.org', { saltSecret: `${SECRET}-other` })).identityHash).not.toBe(a1.identityHash)
    // Without the opt-in every badge gets a fresh random salt.
    expect((await hashIdentity('ana@example.org')).identityHash).not.toBe((await hashIdentity('ana@example.org')).identityHash)
    // An explicit salt still wins.
    expect((await hashIdentity('ana@example.org', { salt: 'x', saltSecret: SECRET })).salt).toBe('x')
  })

  it('refuses a secret shorter than 16 bytes', async () => {
    await expect(hashIdentity('ana@example.org', { saltSecret: 'short' })).rejects.toBeInstanceOf(RangeError)
  })

  it('buildCredential({ identitySaltSecret }) gives one educator the same identifier across the issuer’s badges', async () => {
    const { key } = await issuer()
    const { submission } = exampleAssessment('gestures-award')
    const educator = { name: 'Ana Rivera', email: 'ana.rivera@district.example.org' }
    // The helper pins `identitySalt`; unset it so that the secret derives the salt.
    const build = (id: string) => awardedCredential(key, { id, submission: { ...submission, educator }, identitySalt: undefined as unknown as string, identitySaltSecret: SECRET })
    const [one, two] = [await build('urn:uuid:40000000-0000-4000-8000-000000000001'), await build('urn:uuid:40000000-0000-4000-8000-000000000002')]
    expect(one.credentialSubject.identifier).toEqual(two.credentialSubject.identifier)
  })
})
