// Keys generated inside SoftHSM2 (Debian's softhsm2) sign credentials that verify in microcred,
// @digitalbazaar/vc and jose; the private keys never leave the token.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importJWK, jwtVerify } from 'jose'
import type * as Pkcs11js from 'pkcs11js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generatePkcs11KeyPair, openPkcs11Signer, type Pkcs11Signer } from '../../src/pkcs11/index.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { signVcJwt } from '../../src/sign/vc-jwt.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { awardedCredential, issuer, NOW } from '../helpers/issue.js'
import { plainVerify } from '../helpers/plain-vc.js'
import { requireService, softHsm } from '../helpers/services.js'

const hsm = softHsm()
const available = requireService('SoftHSM2', hsm !== undefined, 'apt-get install -y softhsm2')
const PIN = '246810'
const TOKEN = 'microcred-test'

describe.skipIf(!available)('PKCS#11 signer over SoftHSM2', () => {
  const module = hsm?.module ?? ''
  const token = { module, tokenLabel: TOKEN, pin: PIN }
  let dir = ''
  const open: Pkcs11Signer[] = []
  const openSigner = async (keyLabel: string, options: { sessions?: number; allowExtractable?: boolean } = {}) => {
    const signer = await openPkcs11Signer({ ...token, keyLabel, ...options })
    open.push(signer)
    return signer
  }
  // A credential whose issuer is the token key's did:key (the example award otherwise).
  const credentialFor = async (signer: Pkcs11Signer) => awardedCredential({ ...(await issuer()).key, issuerId: signer.issuerId })

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'microcred-softhsm-'))
    writeFileSync(join(dir, 'softhsm2.conf'), `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`)
    execFileSync('mkdir', ['-p', join(dir, 'tokens')])
    // SoftHSM reads its configuration when the module is initialised: set it before any signer opens.
    process.env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf')
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', TOKEN, '--pin', PIN, '--so-pin', '13579'], { stdio: 'ignore' })
  })

  afterAll(async () => {
    for (const signer of open) await signer.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('Ed25519: generated in the token, signs Data Integrity that verifies in microcred and plain @digitalbazaar/vc', async () => {
    const generated = await generatePkcs11KeyPair({ ...token, keyLabel: 'ed-1', algorithm: 'EdDSA' })
    expect(generated.issuerId).toMatch(/^did:key:z6Mk/)
    const signer = await openSigner('ed-1')
    expect(signer).toMatchObject({ algorithm: 'EdDSA', issuerId: generated.issuerId, id: generated.verificationMethod, publicJwk: generated.publicJwk })
    const badge = await signDataIntegrity(await credentialFor(signer), { signer })
    expect(badge.proof[0]).toMatchObject({ cryptosuite: 'eddsa-rdfc-2022', verificationMethod: generated.verificationMethod })
    await expect(verifyBadge(badge, { now: NOW })).resolves.toMatchObject({ verified: true, issuerKeyConfirmed: true })
    const plain = await plainVerify(badge, NOW)
    expect(plain.error).toBeUndefined()
    expect(plain.verified).toBe(true)
    // The check can fail: a changed credential does not verify.
    expect((await plainVerify({ ...badge, name: 'Forged' }, NOW)).verified).toBe(false)
  })

  it('Ed25519: signs a VC-JWT that verifies in jose and microcred', async () => {
    const signer = await openSigner('ed-1')
    const jwt = await signVcJwt(await credentialFor(signer), { signer })
    const { protectedHeader, payload } = await jwtVerify(jwt, await importJWK({ ...signer.publicJwk }, 'EdDSA'), { algorithms: ['EdDSA'], issuer: signer.issuerId, currentDate: NOW })
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: signer.id })
    expect(payload.iss).toBe(signer.issuerId)
    await expect(verifyBadge(jwt, { now: NOW })).resolves.toMatchObject({ verified: true })
  })

  it('P-256: CKM_ECDSA over the SHA-256 digest gives an ES256 VC-JWT (r‖s) that verifies in jose and microcred', async () => {
    const generated = await generatePkcs11KeyPair({ ...token, keyLabel: 'p256-1', algorithm: 'ES256' })
    expect(generated.issuerId).toMatch(/^did:key:zDna/)
    const signer = await openSigner('p256-1')
    expect(signer.algorithm).toBe('ES256')
    const jwt = await signVcJwt(await credentialFor(signer), { signer })
    expect(Buffer.from(jwt.split('.')[2]!, 'base64url')).toHaveLength(64)
    await expect(jwtVerify(jwt, await importJWK({ ...signer.publicJwk }, 'ES256'), { algorithms: ['ES256'], currentDate: NOW })).resolves.toBeDefined()
    await expect(verifyBadge(jwt, { now: NOW })).resolves.toMatchObject({ verified: true })
    // eddsa-rdfc-2022 is an Ed25519 suite: a P-256 key is refused with a code, not mis-signed.
    await expect(signDataIntegrity(await credentialFor(signer), { signer })).rejects.toMatchObject({ code: 'ERR_OB_KEY_INVALID' })
  })

  it('the private keys are non-extractable: reading CKA_VALUE gives CKR_ATTRIBUTE_SENSITIVE', () => {
    for (const label of ['ed-1', 'p256-1']) {
      const error = withRawSession(module, (lib, pkcs11, session) => {
        const [key] = find(lib, pkcs11, session, label, lib.CKO_PRIVATE_KEY)
        const attributes = pkcs11.C_GetAttributeValue(session, key!, [{ type: lib.CKA_SENSITIVE }, { type: lib.CKA_EXTRACTABLE }])
        expect(attributes.map((a) => (a.value as Buffer)[0])).toEqual([1, 0])
        try {
          pkcs11.C_GetAttributeValue(session, key!, [{ type: lib.CKA_VALUE }])
          return undefined
        } catch (e) {
          return { code: (e as { code: number }).code, expected: lib.CKR_ATTRIBUTE_SENSITIVE }
        }
      })
      expect(error).toBeDefined()
      expect(error!.code).toBe(error!.expected)
    }
  })

  it('signs concurrently over several sessions; every signature is valid', async () => {
    const signer = await openSigner('ed-1', { sessions: 3 })
    const messages = Array.from({ length: 24 }, (_, i) => new TextEncoder().encode(`message ${i}`))
    const signatures = await Promise.all(messages.map((m) => signer.sign(m)))
    const { createPublicKey, verify } = await import('node:crypto')
    const key = createPublicKey({ key: { ...signer.publicJwk }, format: 'jwk' })
    expect(signatures.every((s, i) => verify(null, messages[i]!, key, s))).toBe(true)
    expect(verify(null, messages[1]!, key, signatures[0]!)).toBe(false)
  })

  it('refuses a key that can leave the token unless told to accept it', async () => {
    withRawSession(module, (lib, pkcs11, session) => {
      const common = [{ type: lib.CKA_KEY_TYPE, value: lib.CKK_EC }, { type: lib.CKA_TOKEN, value: true }, { type: lib.CKA_LABEL, value: 'soft-1' }]
      pkcs11.C_GenerateKeyPair(
        session,
        { mechanism: lib.CKM_EC_KEY_PAIR_GEN },
        [{ type: lib.CKA_CLASS, value: lib.CKO_PUBLIC_KEY }, ...common, { type: lib.CKA_VERIFY, value: true }, { type: lib.CKA_EC_PARAMS, value: Buffer.from('06082a8648ce3d030107', 'hex') }],
        [{ type: lib.CKA_CLASS, value: lib.CKO_PRIVATE_KEY }, ...common, { type: lib.CKA_SIGN, value: true }, { type: lib.CKA_SENSITIVE, value: false }, { type: lib.CKA_EXTRACTABLE, value: true }],
      )
    })
    await expect(openPkcs11Signer({ ...token, keyLabel: 'soft-1' })).rejects.toMatchObject({ code: 'ERR_OB_KEY_INVALID', message: expect.stringContaining('can leave the token') })
    const accepted = await openSigner('soft-1', { allowExtractable: true })
    expect(accepted.algorithm).toBe('ES256')
  })

  it('bad configuration fails with a code', async () => {
    await expect(openPkcs11Signer({ ...token, pin: '000000', keyLabel: 'ed-1' })).rejects.toMatchObject({ code: 'ERR_OB_KEY_INVALID' })
    await expect(openPkcs11Signer({ ...token, keyLabel: 'no-such-key' })).rejects.toMatchObject({ code: 'ERR_OB_KEY_UNRESOLVED' })
    await expect(openPkcs11Signer({ ...token, tokenLabel: 'no-such-token', keyLabel: 'ed-1' })).rejects.toMatchObject({ code: 'ERR_OB_KEY_UNRESOLVED' })
    await expect(openPkcs11Signer({ ...token, module: join(dir, 'missing.so'), keyLabel: 'ed-1' })).rejects.toMatchObject({ code: 'ERR_OB_KEY_UNRESOLVED' })
    await expect(generatePkcs11KeyPair({ ...token, keyLabel: 'ed-1' })).rejects.toMatchObject({ code: 'ERR_OB_KEY_INVALID' })
  })
})

type Lib = typeof Pkcs11js
/** Direct pkcs11js access, as an administrator would inspect the token (no microcred code). */
function withRawSession<T>(module: string, run: (lib: Lib, pkcs11: Pkcs11js.PKCS11, session: Buffer) => T): T {
  const lib = createRequire(import.meta.url)('pkcs11js') as Lib
  const pkcs11 = new lib.PKCS11()
  pkcs11.load(module)
  try {
    pkcs11.C_Initialize({ flags: lib.CKF_OS_LOCKING_OK })
  } catch (e) {
    if ((e as { code?: number }).code !== lib.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw e
  }
  const slot = pkcs11.C_GetSlotList(true).find((s) => pkcs11.C_GetTokenInfo(s).label.trim() === TOKEN)!
  const session = pkcs11.C_OpenSession(slot, lib.CKF_SERIAL_SESSION | lib.CKF_RW_SESSION)
  try {
    try {
      pkcs11.C_Login(session, lib.CKU_USER, PIN)
    } catch (e) {
      if ((e as { code?: number }).code !== lib.CKR_USER_ALREADY_LOGGED_IN) throw e
    }
    return run(lib, pkcs11, session)
  } finally {
    pkcs11.C_CloseSession(session)
  }
}

function find(lib: Lib, pkcs11: Pkcs11js.PKCS11, session: Buffer, label: string, objectClass: number): Buffer[] {
  pkcs11.C_FindObjectsInit(session, [{ type: lib.CKA_CLASS, value: objectClass }, { type: lib.CKA_LABEL, value: label }])
  const found = pkcs11.C_FindObjects(session, 4)
  pkcs11.C_FindObjectsFinal(session)
  return found
}
