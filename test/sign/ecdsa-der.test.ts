import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto'
import fc from 'fast-check'
import { importJWK, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { awsKmsSigner, localKmsStandIn } from '../../examples/aws-kms-signer.js'
import { ecdsaSignatureFromDer } from '../../src/sign/ecdsa-der.js'
import { signVcJwt } from '../../src/sign/vc-jwt.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { awardedCredential, issuer, NOW } from '../helpers/issue.js'

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })

describe('ecdsaSignatureFromDer', () => {
  it('turns OpenSSL DER signatures into the r‖s that node verifies as IEEE P1363 (short r and s included)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (message) => {
        const der = sign('sha256', message, { key: privateKey, dsaEncoding: 'der' })
        const raw = ecdsaSignatureFromDer(der)
        expect(raw).toHaveLength(64)
        expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })

  it('pads integers shorter than the field size and drops the sign byte', () => {
    const der = Uint8Array.from([0x30, 0x08, 0x02, 0x02, 0x00, 0x80, 0x02, 0x02, 0x01, 0x02])
    const raw = ecdsaSignatureFromDer(der, 4)
    expect([...raw]).toEqual([0, 0, 0, 0x80, 0, 0, 1, 2])
  })

  it.each([
    ['empty', []],
    ['not a SEQUENCE', [0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]],
    ['wrong SEQUENCE length', [0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]],
    ['trailing bytes', [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00]],
    ['negative INTEGER', [0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x01]],
    ['non-minimal INTEGER', [0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01]],
    ['INTEGER too long', [0x30, 0x08, 0x02, 0x03, 0x01, 0x02, 0x03, 0x02, 0x01, 0x01]],
    ['truncated', [0x30, 0x06, 0x02, 0x01]],
  ])('refuses %s with ERR_OB_KEY_INVALID', (_, bytes) => {
    expect(() => ecdsaSignatureFromDer(Uint8Array.from(bytes), 2)).toThrow(expect.objectContaining({ code: 'ERR_OB_KEY_INVALID' }))
  })
})

describe('examples/aws-kms-signer (against a local stand-in for KMS)', () => {
  it('signs an ES256 VC-JWT that jose and microcred verify', async () => {
    const signer = await awsKmsSigner({ keyId: 'local', ...localKmsStandIn(), messageType: 'RAW' })
    expect(signer.issuerId).toMatch(/^did:key:zDna/)
    const jwt = await signVcJwt(await awardedCredential({ ...(await issuer()).key, issuerId: signer.issuerId }), { signer })
    await expect(jwtVerify(jwt, await importJWK({ ...signer.publicJwk }, 'ES256'), { currentDate: NOW })).resolves.toBeDefined()
    await expect(verifyBadge(jwt, { now: NOW })).resolves.toMatchObject({ verified: true })
  })

  it('sends only a SHA-256 digest by default', async () => {
    const { publicKeySpki } = localKmsStandIn()
    let seen: { MessageType: string; length: number } | undefined
    const signer = await awsKmsSigner({
      keyId: 'k',
      publicKeySpki,
      sign: async ({ Message, MessageType }) => {
        seen = { MessageType, length: Message.length }
        return { Signature: sign('sha256', Message, { key: privateKey, dsaEncoding: 'der' }) }
      },
    })
    await signer.sign(new Uint8Array(10_000))
    expect(seen).toEqual({ MessageType: 'DIGEST', length: 32 })
    await expect(awsKmsSigner({ keyId: 'k', publicKeySpki: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }, format: 'jwk' }).export({ format: 'der', type: 'spki' }), sign: async () => ({}) })).rejects.toThrow(TypeError)
  })
})
