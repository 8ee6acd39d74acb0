import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { base64url, SignJWT, importJWK } from 'jose'
import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createDocumentLoader } from '../../src/credential/document-loader.js'
import type { CompactJwt, OpenBadgeCredential, SignedCredential } from '../../src/credential/types.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { signVcJwt } from '../../src/sign/vc-jwt.js'
import type { CheckId } from '../../src/verify/report.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { awardedCredential, issuer, NOW } from '../helpers/issue.js'

const failed = async (input: Parameters<typeof verifyBadge>[0], check: CheckId, code: string, options = {}) => {
  const report = await verifyBadge(input, { now: NOW, ...options })
  expect(report.verified).toBe(false)
  expect(report.checks.find((c) => c.id === check)).toMatchObject({ status: 'failed', code })
  return report
}

async function signed(format: 'data-integrity', overrides?: object): Promise<SignedCredential>
async function signed(format: 'vc-jwt', overrides?: object): Promise<CompactJwt>
async function signed(format: 'data-integrity' | 'vc-jwt', overrides?: object): Promise<SignedCredential | CompactJwt>
async function signed(format: 'data-integrity' | 'vc-jwt', overrides = {}) {
  const { key, signer } = await issuer()
  const credential = await awardedCredential(key, overrides)
  return format === 'vc-jwt' ? signVcJwt(credential, { signer }) : signDataIntegrity(credential, { signer })
}

/** Re-encodes a JWT's payload (keeping the old signature), i.e. tampering. */
function tamperJwt(jwt: string, change: (payload: Record<string, unknown>) => void): string {
  const [h, p, s] = jwt.split('.')
  const payload = JSON.parse(Buffer.from(p!, 'base64url').toString())
  change(payload)
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`
}

afterEach(() => vi.restoreAllMocks())

describe.each(['data-integrity', 'vc-jwt'] as const)('%s', (format) => {
  it('round-trips: verified, issuer key confirmed (did:key)', async () => {
    const report = await verifyBadge(await signed(format), { now: NOW })
    expect(report.checks.filter((c) => c.status !== 'passed' && c.status !== 'skipped')).toEqual([])
    expect(report).toMatchObject({ verified: true, issuerKeyConfirmed: true, format })
  })

  it('tampered field → proof fails', async () => {
    const badge = await signed(format)
    const tampered =
      typeof badge === 'string'
        ? tamperJwt(badge, (p) => {
            p.name = 'Forged'
          })
        : { ...badge, name: 'Forged' }
    await failed(tampered, 'proof', 'ERR_OB_PROOF_INVALID')
  })

  it('expired and not yet valid (injectable clock, skew)', async () => {
    const badge = await signed(format, { validUntil: new Date('2026-10-20T00:00:00Z') })
    await failed(badge, 'validity', 'ERR_OB_CREDENTIAL_EXPIRED')
    await failed(badge, 'validity', 'ERR_OB_CREDENTIAL_NOT_YET_VALID', { now: new Date('2026-10-01T00:00:00Z') })
    const report = await verifyBadge(badge, { now: new Date('2026-10-20T00:04:00Z'), maxClockSkew: 300 })
    expect(report.verified).toBe(true)
  })

  it('an undefined term fails JSON-LD safe mode', async () => {
    const { key, signer } = await issuer()
    const credential = { ...(await awardedCredential(key)), favouriteColour: 'teal' } as OpenBadgeCredential
    // Our signers refuse it, so sign the way a careless issuer would.
    let badge: unknown
    if (format === 'vc-jwt') {
      const header = base64url.encode(JSON.stringify({ alg: 'EdDSA', kid: key.verificationMethod }))
      const payload = base64url.encode(
        JSON.stringify({ ...credential, iss: key.issuerId, jti: credential.id, sub: credential.credentialSubject.id, nbf: Date.parse(credential.validFrom) / 1000 }),
      )
      badge = `${header}.${payload}.${base64url.encode(await signer.sign(new TextEncoder().encode(`${header}.${payload}`)))}`
    } else badge = { ...(await signDataIntegrity(await awardedCredential(key), { signer })), favouriteColour: 'teal' }
    await failed(badge as string, 'jsonld', 'ERR_OB_JSONLD_INVALID')
  })

  it('a non-bundled context fails without any network request', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch')
    const badge = await signed(format)
    const tampered =
      typeof badge === 'string'
        ? tamperJwt(badge, (p) => {
            ;(p['@context'] as string[]).push('https://contexts.example/evil.jsonld')
          })
        : { ...badge, '@context': [...badge['@context'], 'https://contexts.example/evil.jsonld'] }
    const report = await failed(tampered, 'jsonld', 'ERR_OB_JSONLD_INVALID')
    expect(report.checks.find((c) => c.id === 'jsonld')?.message).toContain('contexts.example')
    expect(fetchSpy).not.toHaveBeenCalled()
  })
})

describe('Data Integrity negatives', () => {
  it('tampered proofValue', async () => {
    const badge = await signed('data-integrity')
    const proofValue = badge.proof[0]!.proofValue
    const tampered = { ...badge, proof: [{ ...badge.proof[0]!, proofValue: `${proofValue.slice(0, -4)}${proofValue.endsWith('aaaa') ? 'bbbb' : 'aaaa'}` }] }
    await failed(tampered, 'proof', 'ERR_OB_PROOF_INVALID')
  })

  it('wrong key: the proof names the issuer’s key but was made with another', async () => {
    const { key } = await issuer()
    const { signer: other } = await issuer('EdDSA', 'other')
    const credential = await awardedCredential(key)
    const forged = await signDataIntegrity(credential, { signer: { ...other, id: key.verificationMethod } })
    await failed(forged, 'proof', 'ERR_OB_PROOF_INVALID')
  })

  it('key not the issuer’s: a valid proof by someone else’s did:key', async () => {
    const { key } = await issuer()
    const { key: otherKey, signer: other } = await issuer('EdDSA', 'other')
    const credential = await awardedCredential(key)
    // Signed with plain @digitalbazaar/vc, which does not check who controls the key.
    const suite = new DataIntegrityProof({ signer: { id: otherKey.verificationMethod, algorithm: 'Ed25519', sign: ({ data }: { data: Uint8Array }) => other.sign(data) }, cryptosuite })
    const badge = await vc.issue({ credential: structuredClone(credential), suite, documentLoader: createDocumentLoader() })
    await failed(badge, 'key-binding', 'ERR_OB_KEY_NOT_ISSUER')
  })

  it('refuses to sign with a key that is not the issuer’s', async () => {
    const { key } = await issuer()
    const { signer: other } = await issuer('EdDSA', 'other')
    await expect(signDataIntegrity(await awardedCredential(key), { signer: other })).rejects.toMatchObject({ code: 'ERR_OB_KEY_NOT_ISSUER' })
  })

  it('no proof at all', async () => {
    const { key } = await issuer()
    await failed(await awardedCredential(key), 'proof', 'ERR_OB_PROOF_MISSING')
  })
})

describe('VC-JWT negatives', () => {
  const forge = async (header: Record<string, unknown>, payload: Record<string, unknown>, sign: (input: string) => Promise<Uint8Array> | Uint8Array) => {
    const input = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}`
    return `${input}.${base64url.encode(await sign(input))}`
  }
  const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString())

  it('alg "none" is refused', async () => {
    const jwt = await signed('vc-jwt')
    const unsigned = `${base64url.encode(JSON.stringify({ alg: 'none' }))}.${jwt.split('.')[1]}.`
    await failed(unsigned, 'proof', 'ERR_OB_ALG_NOT_ALLOWED')
  })

  it('HMAC key confusion: HS256 keyed with the public key is refused', async () => {
    const { key } = await issuer('RS256')
    const jwt = await signed('vc-jwt')
    const header = { alg: 'HS256', jwk: key.publicJwk }
    const forged = await forge(header, payloadOf(jwt), (input) => createHmac('sha256', JSON.stringify(key.publicJwk)).update(input).digest())
    await failed(forged, 'proof', 'ERR_OB_ALG_NOT_ALLOWED')
  })

  it('a private "d" in the header jwk is refused', async () => {
    const { key, signer } = await issuer()
    const credential = await awardedCredential(key)
    const jwt = await signVcJwt(credential, { signer, keyReference: 'jwk', publicJwk: key.privateJwk })
    await failed(jwt, 'proof', 'ERR_OB_KEY_INVALID')
  })

  it('claim mismatches (iss, jti, sub, nbf, exp) fail', async () => {
    const { key, signer } = await issuer()
    const payload = payloadOf(await signed('vc-jwt'))
    for (const [claim, value] of [
      ['jti', 'urn:uuid:00000000-0000-4000-8000-000000000000'],
      ['sub', 'did:example:someone-else'],
      ['nbf', 1],
      ['exp', 1],
      ['iss', 'did:example:other'],
    ] as const) {
      const forged = await forge({ alg: 'EdDSA', kid: key.verificationMethod }, { ...payload, [claim]: value }, (input) => signer.sign(new TextEncoder().encode(input)))
      await failed(forged, 'jwt-claims', 'ERR_OB_JWT_CLAIM_MISMATCH')
    }
  })

  it('kid of another did:key than the issuer → key not the issuer’s', async () => {
    const { key } = await issuer()
    const { key: otherKey, signer: other } = await issuer('EdDSA', 'other')
    const payload = payloadOf(await signed('vc-jwt'))
    const forged = await forge({ alg: 'EdDSA', kid: otherKey.verificationMethod }, payload, (input) => other.sign(new TextEncoder().encode(input)))
    expect(payload.iss).toBe(key.issuerId)
    await failed(forged, 'key-binding', 'ERR_OB_KEY_NOT_ISSUER')
  })

  it.each(['ES256', 'RS256'] as const)('%s with an inline public jwk: confirmed for did:key, claimed for did:web', async (alg) => {
    const { key, signer } = await issuer(alg)
    const jwt = await signVcJwt(await awardedCredential(key), { signer, keyReference: 'jwk', publicJwk: key.publicJwk })
    const report = await verifyBadge(jwt, { now: NOW })
    expect(report.verified).toBe(alg === 'ES256')
    expect(report.issuerKeyConfirmed).toBe(alg === 'ES256')
    if (alg === 'RS256') expect(report.checks.find((c) => c.id === 'key-binding')).toMatchObject({ status: 'failed', code: 'ERR_OB_KEY_UNCONFIRMED' })
    const conformance = await verifyBadge(jwt, { now: NOW, acceptClaimedKey: true })
    expect(conformance).toMatchObject({ verified: true, issuerKeyConfirmed: alg === 'ES256' })
  })

  it('jose-made JWT with a wrong typ still verifies, with a warning', async () => {
    const { key } = await issuer()
    const payload = payloadOf(await signed('vc-jwt'))
    const privateKey = await importJWK(key.privateJwk, 'EdDSA')
    const jwt = await new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: key.verificationMethod, typ: 'vc+jwt' }).sign(privateKey)
    const report = await verifyBadge(jwt, { now: NOW })
    expect(report.verified).toBe(true)
    expect(report.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'warning', code: 'WARN_OB_JWT_HEADER' })
  })
})

describe('malformed input never throws', () => {
  it.each([null, 42, '', 'not json', 'a.b', '{"@context": 1}', '[]', '<svg', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2]), new Uint8Array([0xff, 0xfe, 0x00])])(
    '%j',
    async (input) => {
      const report = await verifyBadge(input as never, { now: NOW })
      expect(report.verified).toBe(false)
      expect(report.errors.length).toBeGreaterThan(0)
    },
  )

  it('garbage inside a structurally valid object is reported, not thrown', async () => {
    const report = await verifyBadge({ '@context': [{ '@version': 99 }], proof: [{ type: 42 }], issuer: [], credentialSubject: 'x' }, { now: NOW })
    expect(report.verified).toBe(false)
    expect(report.checks).toHaveLength(12)
  })
})
