import { describe, expect, it } from 'vitest'
import { createCredentialPool } from '../../src/pool/worker-pool.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { awardedCredential, issuer, NOW } from '../helpers/issue.js'

describe('credential worker pool', () => {
  it('signs in workers byte-identically to the main thread, and verifies', async () => {
    const { key, signer } = await issuer()
    const pool = await createCredentialPool({ size: 2, signingKey: { privateJwk: key.privateJwk, verificationMethod: key.verificationMethod } })
    try {
      const credentials = await Promise.all(Array.from({ length: 6 }, (_, i) => awardedCredential(key, { id: `urn:uuid:40000000-0000-4000-8000-00000000000${i}` })))
      const created = new Date('2026-10-10T12:00:00Z')
      const pooled = await Promise.all(credentials.map((c) => pool.sign(c, { created })))
      const local = await signDataIntegrity(credentials[3]!, { signer, created })
      expect(pooled[3]).toEqual(local)
      const reports = await Promise.all(pooled.map((s) => pool.verify(s, { now: NOW })))
      expect(reports.every((r) => r.verified)).toBe(true)
      const bad = await pool.verify({ ...pooled[0]!, name: 'Forged' }, { now: NOW })
      expect(bad.errors[0]!.code).toBe('ERR_OB_PROOF_INVALID')
      await expect(pool.sign({ ...credentials[0]!, validFrom: 'never' })).rejects.toMatchObject({ code: 'ERR_OB_SCHEMA_INVALID' })
    } finally {
      await pool.close()
    }
  }, 60_000)
})
