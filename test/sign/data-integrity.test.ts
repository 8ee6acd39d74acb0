import { describe, expect, it } from 'vitest'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { TEST_VECTOR, testVectorSigner } from '../helpers/keys.js'

describe('signDataIntegrity', () => {
  it('reproduces the 1EdTech eddsa-rdfc-2022 test vector byte for byte', async () => {
    const signer = await testVectorSigner()
    const input = structuredClone(TEST_VECTOR.unsignedCredential)
    const signed = await signDataIntegrity(input, { signer, created: new Date(TEST_VECTOR.proofOptions.created) })
    expect(signed.proof).toHaveLength(1)
    expect(signed.proof[0]!.proofValue).toBe(TEST_VECTOR.proofValue)
    expect({ ...signed, proof: signed.proof[0] }).toEqual(TEST_VECTOR.signedCredential)
    expect(input).toEqual(TEST_VECTOR.unsignedCredential)
  })

  it('reuses a canonical proof configuration only for the identical configuration', async () => {
    const signer = await testVectorSigner()
    const created = new Date(TEST_VECTOR.proofOptions.created)
    const again = await signDataIntegrity(structuredClone(TEST_VECTOR.unsignedCredential), { signer, created })
    const twice = await signDataIntegrity(structuredClone(TEST_VECTOR.unsignedCredential), { signer, created })
    expect([again.proof[0]!.proofValue, twice.proof[0]!.proofValue]).toEqual([TEST_VECTOR.proofValue, TEST_VECTOR.proofValue])
    const later = await signDataIntegrity(structuredClone(TEST_VECTOR.unsignedCredential), { signer, created: new Date(created.getTime() + 1000) })
    expect(later.proof[0]!.proofValue).not.toBe(TEST_VECTOR.proofValue)
    expect((await verifyBadge(later, { now: new Date('2026-01-01T00:00:00Z') })).checks.find((c) => c.id === 'proof')?.status).toBe('passed')
  })

  it('refuses a key that is not the issuer’s', async () => {
    const signer = await testVectorSigner('https://someone-else.example/keys#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi')
    await expect(signDataIntegrity(TEST_VECTOR.unsignedCredential, { signer })).rejects.toMatchObject({ code: 'ERR_OB_KEY_NOT_ISSUER' })
  })

  it('refuses a schema-invalid credential, naming the path', async () => {
    const signer = await testVectorSigner()
    const bad = { ...structuredClone(TEST_VECTOR.unsignedCredential), validFrom: 'yesterday' }
    await expect(signDataIntegrity(bad, { signer })).rejects.toMatchObject({
      code: 'ERR_OB_SCHEMA_INVALID',
      problems: expect.arrayContaining([expect.objectContaining({ path: '/validFrom' })]),
    })
  })

  it('refuses an undefined term (JSON-LD safe mode)', async () => {
    const signer = await testVectorSigner()
    const bad = { ...structuredClone(TEST_VECTOR.unsignedCredential), favouriteColour: 'teal' }
    await expect(signDataIntegrity(bad, { signer })).rejects.toMatchObject({ code: 'ERR_OB_JSONLD_INVALID', message: expect.stringContaining('favouriteColour') })
  })

  it('refuses a non-bundled context without any request', async () => {
    const signer = await testVectorSigner()
    const bad = structuredClone(TEST_VECTOR.unsignedCredential)
    bad['@context'].push('https://evil.example/context.jsonld')
    await expect(signDataIntegrity(bad, { signer })).rejects.toMatchObject({ code: 'ERR_OB_JSONLD_INVALID', message: expect.stringContaining('evil.example') })
  })
})

describe('signDataIntegrity does not mutate its input', () => {
  it('signs a deep-frozen credential', async () => {
    const deepFreeze = <T>(o: T): T => {
      for (const v of Object.values(o as object)) if (v && typeof v === 'object') deepFreeze(v)
      return Object.freeze(o)
    }
    const signer = await testVectorSigner()
    const frozen = deepFreeze(structuredClone(TEST_VECTOR.unsignedCredential))
    const signed = await signDataIntegrity(frozen, { signer, created: new Date(TEST_VECTOR.proofOptions.created) })
    expect(signed.proof[0]!.proofValue).toBe(TEST_VECTOR.proofValue)
    expect('proof' in frozen).toBe(false)
  })
})
