// Proof options that change what a valid signature means: an `expires` in the past. Every case
// asserts the verdict and the code.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { describe, expect, it } from 'vitest'
import { bundledDocumentLoader } from '../../src/credential/document-loader.js'
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
