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
      expect(await pool.signText(credentials[3]!, { created })).toBe(JSON.stringify(local))
      // More tasks than the workers hold at once: the rest wait on this thread and all complete.
      const many = await Promise.all(Array.from({ length: 40 }, () => pool.signText(credentials[1]!, { created })))
      expect(new Set(many).size).toBe(1)
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

describe('credential pool transport', () => {
  it('carries dates, status-list maps and image bytes to the worker', async () => {
    const { readFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { ROOT } = await import('../helpers/examples.js')
    const pool = await createCredentialPool({ size: 1 })
    try {
      const png = readFileSync(join(ROOT, 'test/fixtures/validator/baked/simple-json.png'))
      expect((await pool.verify(new Uint8Array(png), { now: NOW, acceptClaimedKey: true })).verified).toBe(true)
      const expired = readFileSync(join(ROOT, 'test/fixtures/validator/simple-err-expired.json'), 'utf8')
      expect((await pool.verify(expired, { now: new Date('2010-01-01T00:01:00Z') })).checks.find((c) => c.id === 'validity')?.status).toBe('passed')
      expect((await pool.verify(expired, { now: NOW })).checks.find((c) => c.id === 'validity')?.status).toBe('failed')
      const revoked = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/validator/status/bitstring-revoked.json'), 'utf8'))
      const list = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/validator/status/bitstring-status-list-credential.json'), 'utf8'))
      // The map reached the worker: the list was read (and refused, as its id names another list: the
      // validator's test list is served at a URL other than its id), not reported as never supplied.
      const report = await pool.verify(revoked, { now: NOW, statusLists: new Map([[revoked.credentialStatus.statusListCredential, list]]) })
      expect(report.errors.map((e) => e.code)).toContain('ERR_OB_STATUS_LIST_INVALID')
      expect(report.checks.find((c) => c.id === 'status')?.message).toContain(`its id is "${list.id}"`)
    } finally {
      await pool.close()
    }
  }, 60_000)
})

describe('credential pool shutdown', () => {
  it('settles every task when the workers go away: none is left hanging', async () => {
    const { key } = await issuer()
    const pool = await createCredentialPool({ size: 1, signingKey: { privateJwk: key.privateJwk, verificationMethod: key.verificationMethod } })
    const credential = await awardedCredential(key)
    const tasks = Array.from({ length: 12 }, () => pool.sign(credential))
    await pool.close()
    const results = await Promise.allSettled(tasks)
    expect(results).toHaveLength(12)
    const rejected = results.filter((r) => r.status === 'rejected')
    expect(rejected.length).toBeGreaterThanOrEqual(10) // at most the two in the worker could have finished
    expect(await pool.sign(credential).then(() => 'signed', (e: Error) => e.message)).toMatch(/no running worker/)
  }, 60_000)
})

describe('credential pool: a worker’s status list cache × each task’s key policy', () => {
  it('a list cached under one task’s pins is not reused by a task that pins other keys', async () => {
    const { mkdtempSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { generateIssuerKey } = await import('../../src/keys/issuer-keys.js')
    const { addDataIntegrityProof } = await import('../../src/sign/data-integrity.js')
    const { signerFromJwk } = await import('../../src/sign/signer.js')
    const { DirectoryStore } = await import('../../src/status/directory-store.js')
    const { allocateStatus, publishStatusLists } = await import('../../src/status/status-list.js')
    const { parseTrustList } = await import('../../src/verify/trust-list.js')
    const victim = await generateIssuerKey({ algorithm: 'EdDSA', identifier: { method: 'did:web', host: 'district.example.org' } })
    const attacker = await generateIssuerKey()
    const attackerVm = `${victim.issuerId}#${attacker.verificationMethod.split('#')[1]!}`
    const attackerSigner = await signerFromJwk(attacker.privateJwk, { id: attackerVm })
    const store = await DirectoryStore.open(mkdtempSync(join(tmpdir(), 'microcred-pool-cache-')))
    const created = new Date('2026-10-10T12:00:00Z')
    const id = 'urn:uuid:50000000-0000-4000-8000-0000000000a1'
    const credentialStatus = await allocateStatus(store, { credentialId: id, baseUrl: 'https://district.example.org/status' })
    const genuine = await signDataIntegrity(await awardedCredential(victim, { id, credentialStatus }), { signer: await signerFromJwk(victim.privateJwk, { id: victim.verificationMethod }), created })
    const forged = await addDataIntegrityProof(await awardedCredential(victim, { id: 'urn:uuid:50000000-0000-4000-8000-0000000000a2', credentialStatus }), { signer: attackerSigner, created })
    // The attacker's list (nobody revoked) in the victim's name, at the URL the genuine badge names.
    const [published] = await publishStatusLists(store, { baseUrl: 'https://district.example.org/status', issuerId: victim.issuerId, signer: attackerSigner, validFrom: new Date('2026-10-25T00:00:00Z'), validForSeconds: 30 * 86400 })
    const statusLists = new Map([[published!.url, published!.credential as unknown]])
    const victimOnly = parseTrustList({ issuers: [{ id: victim.issuerId, name: 'Springfield Public Schools', keys: [victim.verificationMethod] }] })
    const both = parseTrustList({ issuers: [{ id: victim.issuerId, name: 'Springfield Public Schools', keys: [victim.verificationMethod, attackerVm] }] })
    const pool = await createCredentialPool({ size: 1 })
    try {
      // A task that (wrongly, say) pins both keys: the forged badge and its list pass, and the worker caches the list.
      expect((await pool.verify(forged, { now: NOW, trust: both, statusLists })).checks.find((c) => c.id === 'status')).toMatchObject({ status: 'passed' })
      // A task that pins only the victim's key judges the list afresh, as verifyBadge alone would.
      const report = await pool.verify(genuine, { now: NOW, trust: victimOnly, statusLists })
      expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_LIST_INVALID' })
      expect(report.verified).toBe(false)
    } finally {
      await pool.close()
    }
  }, 60_000)
})
