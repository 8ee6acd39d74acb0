// Seams between the status list cache and key binding: a list trusted for one badge must not be
// reused for another badge that would have refused it. Every case asserts the verdict and the code.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { OpenBadgeCredential } from '../../src/credential/types.js'
import { generateIssuerKey, type IssuerKey } from '../../src/keys/issuer-keys.js'
import { addDataIntegrityProof, signDataIntegrity } from '../../src/sign/data-integrity.js'
import { signerFromJwk } from '../../src/sign/signer.js'
import { DirectoryStore } from '../../src/status/directory-store.js'
import { allocateStatus, publishStatusLists } from '../../src/status/status-list.js'
import { createVerifier } from '../../src/verify/create-verifier.js'
import { parseTrustList, type TrustList } from '../../src/verify/trust-list.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { awardedCredential } from '../helpers/issue.js'

const HOST = 'district.example.org'
const BASE = `https://${HOST}/status`
const NOW = new Date('2026-11-01T00:00:00Z')
const LIST_FROM = new Date('2026-10-25T00:00:00Z')

let victim: IssuerKey
let trust: TrustList
let genuine: OpenBadgeCredential
let forged: Record<string, unknown>
/** A list in the victim's name, signed by an attacker's key under the victim's did:web (a fragment key). */
let forgedList: Record<string, unknown>
let listUrl: string
/** The attacker's fragment key under the victim's did:web. */
let attackerVm: string

beforeAll(async () => {
  victim = await generateIssuerKey({ algorithm: 'EdDSA', identifier: { method: 'did:web', host: HOST } })
  const attacker = await generateIssuerKey()
  attackerVm = `${victim.issuerId}#${attacker.verificationMethod.split('#')[1]!}`
  const attackerSigner = await signerFromJwk(attacker.privateJwk, { id: attackerVm })
  trust = parseTrustList({ issuers: [{ id: victim.issuerId, name: 'Springfield Public Schools', keys: [victim.verificationMethod] }] })
  const store = await DirectoryStore.open(mkdtempSync(join(tmpdir(), 'microcred-attack-status-cache-')))
  const credentialStatus = await allocateStatus(store, { credentialId: 'urn:uuid:50000000-0000-4000-8000-000000000001', baseUrl: BASE })
  genuine = await signDataIntegrity(await awardedCredential(victim, { id: 'urn:uuid:50000000-0000-4000-8000-000000000001', credentialStatus }), {
    signer: await signerFromJwk(victim.privateJwk, { id: victim.verificationMethod }),
    created: new Date('2026-10-10T12:00:00Z'),
  })
  // The attacker's list says nobody is revoked; the attacker's own badge points at the same URL.
  const [published] = await publishStatusLists(store, { baseUrl: BASE, issuerId: victim.issuerId, signer: attackerSigner, validFrom: LIST_FROM, validForSeconds: 30 * 86400 })
  forgedList = published!.credential
  listUrl = published!.url
  forged = await addDataIntegrityProof(await awardedCredential(victim, { id: 'urn:uuid:50000000-0000-4000-8000-000000000002', credentialStatus }), {
    signer: attackerSigner,
    created: new Date('2026-10-10T12:00:00Z'),
  })
}, 60_000)

describe('status list cache × key binding', () => {
  it('alone, a confirmed badge refuses a list signed by an unconfirmed key in its issuer name', async () => {
    const report = await verifyBadge(genuine, { now: NOW, trust, statusLists: new Map([[listUrl, forgedList]]) })
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_LIST_INVALID' })
    expect(report.verified).toBe(false)
  })

  it('after an unconfirmed badge read the same list, the confirmed badge still refuses it (the cache is not poisoned)', async () => {
    const verifier = createVerifier({ now: NOW, trust, statusLists: new Map([[listUrl, forgedList]]) })
    const first = await verifier.verify(forged)
    expect(first.verified).toBe(false)
    expect(first.errors.map((e) => e.code)).toContain('ERR_OB_KEY_NOT_ISSUER')
    const report = await verifier.verify(genuine)
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_LIST_INVALID' })
    expect(report.verified).toBe(false)
  })

  it('in conformance mode too: an unconfirmed badge accepted with a warning does not vouch for its list', async () => {
    const verifier = createVerifier({ now: NOW, trust, statusLists: new Map([[listUrl, forgedList]]) })
    await verifier.verify(forged, { acceptClaimedKey: true, trust: parseTrustList({ issuers: [] }) })
    const report = await verifier.verify(genuine)
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_LIST_INVALID' })
    expect(report.verified).toBe(false)
  })
})

describe('a pinned issuer whose id is not its key (urn:) publishing a status list', () => {
  it('the list signed by the pinned key is trusted like the badge: verified, not revoked', async () => {
    const key = await generateIssuerKey()
    const urn = 'urn:uuid:6f1c3a52-1d7e-4f0b-9a43-7c2d8e5b9a10'
    const signer = await signerFromJwk(key.privateJwk, { id: key.verificationMethod })
    const pinnedTrust = parseTrustList({ issuers: [{ id: urn, name: 'Pinned district', keys: [key.verificationMethod] }] })
    const store = await DirectoryStore.open(mkdtempSync(join(tmpdir(), 'microcred-attack-urn-')))
    const id = 'urn:uuid:50000000-0000-4000-8000-000000000003'
    const credentialStatus = await allocateStatus(store, { credentialId: id, baseUrl: BASE })
    const badge = await addDataIntegrityProof(await awardedCredential({ ...key, issuerId: urn }, { id, credentialStatus }), { signer, created: new Date('2026-10-10T12:00:00Z') })
    const [published] = await publishStatusLists(store, { baseUrl: BASE, issuerId: urn, signer, validFrom: LIST_FROM, validForSeconds: 30 * 86400 })
    const report = await verifyBadge(badge, { now: NOW, trust: pinnedTrust, statusLists: new Map([[published!.url, published!.credential]]) })
    expect(report.checks.find((c) => c.id === 'key-binding')).toMatchObject({ status: 'passed' })
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'passed' })
    expect(report.verified).toBe(true)
  })
})

describe('per-call key policy × the verifier\'s list cache', () => {
  it('a list cached under the verifier\'s own pins is not reused by a call that pins other keys', async () => {
    // The verifier (wrongly, say) pins both keys: the forged badge and its list pass and the list is cached.
    const both = parseTrustList({ issuers: [{ id: victim.issuerId, name: 'Springfield Public Schools', keys: [victim.verificationMethod, attackerVm] }] })
    const verifier = createVerifier({ now: NOW, trust: both, statusLists: new Map([[listUrl, forgedList]]) })
    expect((await verifier.verify(forged)).checks.find((c) => c.id === 'status')).toMatchObject({ status: 'passed' })
    // A call that pins only the victim's key judges the list afresh, as verifyBadge alone would.
    const report = await verifier.verify(genuine, { trust })
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_LIST_INVALID' })
    expect(report.verified).toBe(false)
  })
})
