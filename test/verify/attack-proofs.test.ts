// Proof options that change what a valid signature means (an `expires` in the past), and proof sets
// an adversary builds: another key's valid proof put first, a bad proof beside a good one, a proof
// for another purpose, thousands of proofs. Every case asserts the verdict and the code.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { describe, expect, it } from 'vitest'
import { bundledDocumentLoader } from '../../src/credential/document-loader.js'
import { generateIssuerKey } from '../../src/keys/issuer-keys.js'
import { addDataIntegrityProof, signDataIntegrity } from '../../src/sign/data-integrity.js'
import { signerFromJwk } from '../../src/sign/signer.js'
import { MAX_PROOFS } from '../../src/verify/input-safety.js'
import type { VerificationReport } from '../../src/verify/report.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { awardedCredential, issuer, NOW } from '../helpers/issue.js'

/** The example badge signed with plain @digitalbazaar/vc, its proof carrying `expires`. */
async function signedWithExpires(expires: string) {
  const { key, signer } = await issuer()
  const suite = new DataIntegrityProof({
    signer: { id: key.verificationMethod, algorithm: 'Ed25519', sign: ({ data }: { data: Uint8Array }) => signer.sign(data) },
    cryptosuite,
    date: new Date('2026-10-01T00:00:00Z'),
  } as ConstructorParameters<typeof DataIntegrityProof>[0])
  // The proof options a signer adds to the proof configuration (and so to what is signed).
  ;(suite as unknown as { proof: Record<string, unknown> }).proof = { expires }
  const issue = (vc as unknown as { issue: (o: Record<string, unknown>) => Promise<Record<string, unknown>> }).issue
  return issue({ credential: { ...(await awardedCredential(key)) }, suite, documentLoader: bundledDocumentLoader() })
}

describe('Data Integrity proof expiry', () => {
  it('a proof that expired before now → ERR_OB_PROOF_INVALID', async () => {
    const report = await verifyBadge(await signedWithExpires('2026-10-02T00:00:00Z'), { now: NOW })
    expect(report.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB_PROOF_INVALID' })
    expect(report.verified).toBe(false)
  })

  it('a proof that expires later verifies', async () => {
    const report = await verifyBadge(await signedWithExpires('2027-10-02T00:00:00Z'), { now: NOW })
    expect(report.checks.find((c) => c.id === 'proof')?.status).not.toBe('failed')
    expect(report.verified).toBe(true)
  })
})

describe('proof sets', () => {
  const check = (report: VerificationReport, id: string) => report.checks.find((c) => c.id === id)

  /** The issuer's genuine badge and a valid proof over the same credential by another did:key. */
  async function genuineAndForeignProof() {
    const { key, signer } = await issuer()
    const unsigned = await awardedCredential(key)
    const genuine = await signDataIntegrity(unsigned, { signer })
    const other = await generateIssuerKey()
    const foreign = (await addDataIntegrityProof(unsigned, { signer: await signerFromJwk(other.privateJwk, { id: other.verificationMethod }) })).proof[0]!
    return { genuine, foreign, key }
  }

  it('another key’s valid proof put before the issuer’s does not make the genuine badge fail: verified, bound by the issuer’s proof', async () => {
    const { genuine, foreign, key } = await genuineAndForeignProof()
    const report = await verifyBadge({ ...genuine, proof: [foreign, ...genuine.proof] }, { now: NOW })
    expect(check(report, 'key-binding')).toMatchObject({ status: 'passed' })
    expect(check(report, 'key-binding')?.message).toContain(key.verificationMethod)
    expect(report.issuerKeyConfirmed).toBe(true)
    expect(report.verified).toBe(true)
  })

  it('another key’s valid proof alone → ERR_OB_KEY_NOT_ISSUER', async () => {
    const { genuine, foreign } = await genuineAndForeignProof()
    const report = await verifyBadge({ ...genuine, proof: [foreign] }, { now: NOW })
    expect(check(report, 'key-binding')).toMatchObject({ status: 'failed', code: 'ERR_OB_KEY_NOT_ISSUER' })
    expect(report.verified).toBe(false)
  })

  it('a tampered proof beside the issuer’s valid one: verified (any one valid proof suffices, OB 3.0 §8.1)', async () => {
    const { genuine } = await genuineAndForeignProof()
    const tampered = { ...genuine.proof[0]!, proofValue: `${genuine.proof[0]!.proofValue.slice(0, -4)}AAAA` }
    const report = await verifyBadge({ ...genuine, proof: [tampered, ...genuine.proof] }, { now: NOW })
    expect(report.verified).toBe(true)
  })

  it.each([
    ['"created" in 2099', { created: '2099-01-01T00:00:00Z' }],
    ['an "expires" long past', { expires: '2020-01-01T00:00:00Z' }],
  ])('a proof by the issuer’s key with %s (one that no longer counts) beside a valid one does not sink the badge: verified', async (_name, edit) => {
    const { genuine } = await genuineAndForeignProof()
    const report = await verifyBadge({ ...genuine, proof: [...genuine.proof, { ...genuine.proof[0]!, ...edit }] }, { now: NOW })
    expect(check(report, 'proof')?.status).toBe('passed')
    expect(report.verified).toBe(true)
  })

  it('the issuer’s only proof "created" in 2099 (re-signed so it verifies) → ERR_OB_PROOF_CREATED_IN_FUTURE', async () => {
    const { key, signer } = await issuer()
    const future = await signDataIntegrity(await awardedCredential(key), { signer, created: new Date('2099-01-01T00:00:00Z') })
    const report = await verifyBadge(future, { now: NOW })
    expect(check(report, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB_PROOF_CREATED_IN_FUTURE' })
    expect(report.verified).toBe(false)
  })

  it('the issuer’s proof made for "authentication", not "assertionMethod" → ERR_OB_PROOF_INVALID', async () => {
    const { genuine } = await genuineAndForeignProof()
    const report = await verifyBadge({ ...genuine, proof: [{ ...genuine.proof[0]!, proofPurpose: 'authentication' }] }, { now: NOW })
    expect(check(report, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB_PROOF_INVALID' })
    expect(report.verified).toBe(false)
  })

  it(`more than ${MAX_PROOFS} proofs are refused before any is verified → ERR_OB_PROOF_INVALID (900 took over a second)`, async () => {
    const { genuine } = await genuineAndForeignProof()
    // 900 proofs stay under the input caps (arrays of 1,000, 10,000 values): only the proof cap stops them.
    const proofs = Array.from({ length: 900 }, (_, i) => ({ ...genuine.proof[0]!, created: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString().replace('.000', '') }))
    const started = performance.now()
    const report = await verifyBadge({ ...genuine, proof: [...genuine.proof, ...proofs] }, { now: NOW })
    expect(check(report, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB_PROOF_INVALID' })
    expect(check(report, 'proof')?.message).toContain(`at most ${MAX_PROOFS}`)
    expect(report.verified).toBe(false)
    expect(performance.now() - started).toBeLessThan(500)
  })

  it(`${MAX_PROOFS} proofs (the issuer's among them) still verify`, async () => {
    const { genuine, foreign } = await genuineAndForeignProof()
    const report = await verifyBadge({ ...genuine, proof: [...Array.from({ length: MAX_PROOFS - 1 }, () => foreign), ...genuine.proof] }, { now: NOW })
    expect(report.verified).toBe(true)
  })
})
