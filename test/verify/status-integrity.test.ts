// Status lists that must not be trusted: an old signed list replayed to hide a revocation, a list
// not yet valid, of the wrong type, issuer or purpose, a tampered or missing proof, a gzip bomb.
// Every case asserts the verdict and the code. Lists are re-signed by the issuer after each change,
// so the one property under test is what fails, not the signature.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createGzip } from 'node:zlib'
import { base64url } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import type { OpenBadgeCredential } from '../../src/credential/types.js'
import { addDataIntegrityProof, signDataIntegrity } from '../../src/sign/data-integrity.js'
import { DirectoryStore } from '../../src/status/directory-store.js'
import { allocateStatus, changeStatus, publishStatusLists } from '../../src/status/status-list.js'
import { decodeStatusList, MAX_STATUS_LIST_LENGTH } from '../../src/verify/checks/status.js'
import { createStatusListCache } from '../../src/verify/status-list-cache.js'
import { type VerifyBadgeOptions, verifyBadge } from '../../src/verify/verify-badge.js'
import { awardedCredential, issuer } from '../helpers/issue.js'

const BASE = 'https://district.example.org/status'
const DAY = 86_400_000
const NOW = new Date('2026-11-01T00:00:00Z')
const LIST_FROM = new Date('2026-10-25T00:00:00Z')

type List = Record<string, unknown> & { credentialSubject: Record<string, unknown> }
let badge: OpenBadgeCredential
let revokedBadge: OpenBadgeCredential
let suspensionBadge: OpenBadgeCredential
let list: List
let listUrl: string
let suspensionList: List
let signer: Awaited<ReturnType<typeof issuer>>['signer']
let issuerId: string

async function publish(store: DirectoryStore, validFrom = LIST_FROM, validForSeconds = 30 * 86400) {
  return publishStatusLists(store, { baseUrl: BASE, issuerId, signer, validFrom, validForSeconds })
}

/** The list changed by `edit`, then signed again by the issuer (or by `by`). */
async function resigned(edit: (l: List) => Record<string, unknown>, by = signer, created = LIST_FROM): Promise<Record<string, unknown>> {
  const { proof: _proof, ...unsigned } = structuredClone(list)
  return addDataIntegrityProof(edit(unsigned as List), { signer: by, created })
}

const statusOf = async (credential: OpenBadgeCredential, listDocument: unknown, options: VerifyBadgeOptions = {}) => {
  const report = await verifyBadge(credential, { now: NOW, statusLists: new Map([[listUrl, listDocument]]), ...options })
  return { verified: report.verified, status: report.checks.find((c) => c.id === 'status')! }
}

beforeAll(async () => {
  const key = await issuer()
  signer = key.signer
  issuerId = key.key.issuerId
  const store = await DirectoryStore.open(mkdtempSync(join(tmpdir(), 'microcred-status-integrity-')))
  const make = async (n: number, purpose: 'revocation' | 'suspension' = 'revocation') => {
    const id = `urn:uuid:40000000-0000-4000-8000-${String(n).padStart(12, '0')}`
    const credentialStatus = await allocateStatus(store, { credentialId: id, baseUrl: BASE, purpose })
    return signDataIntegrity(await awardedCredential(key.key, { id, credentialStatus }), { signer, created: new Date('2026-10-10T12:00:00Z') })
  }
  badge = await make(1)
  revokedBadge = await make(2)
  suspensionBadge = await make(3, 'suspension')
  await changeStatus(store, { credentialId: revokedBadge.id, action: 'revoke', reason: 'Issued in error' })
  await changeStatus(store, { credentialId: suspensionBadge.id, action: 'suspend', reason: 'Under review' })
  const lists = await publish(store)
  const revocation = lists.find((l) => l.listId.startsWith('revocation'))!
  list = revocation.credential as List
  listUrl = revocation.url
  suspensionList = lists.find((l) => l.listId.startsWith('suspension'))!.credential as List
}, 60_000)

describe('a trustworthy list', () => {
  it('a fresh, signed list of the issuer: not revoked, verified', async () => {
    expect(await statusOf(badge, list)).toMatchObject({ verified: true, status: { status: 'passed' } })
  })
  it('says as of when: the list’s validFrom is in the message', async () => {
    expect((await statusOf(badge, list)).status.message).toContain(LIST_FROM.toISOString())
  })
  it('a revoked badge: ERR_OB_STATUS_REVOKED', async () => {
    expect(await statusOf(revokedBadge, list)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_REVOKED' } })
  })
  it('a suspended badge: ERR_OB_STATUS_SUSPENDED', async () => {
    const report = await verifyBadge(suspensionBadge, { now: NOW, statusLists: new Map([[(suspensionBadge.credentialStatus as unknown as { statusListCredential: string }).statusListCredential, suspensionList]]) })
    expect(report.verified).toBe(false)
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_SUSPENDED' })
  })
  it('published lists carry validUntil = validFrom + validForSeconds (30 days by default)', async () => {
    expect(list.validUntil).toBe('2026-11-24T00:00:00Z')
    const store = await DirectoryStore.open(mkdtempSync(join(tmpdir(), 'microcred-status-ttl-')))
    await store.allocate([{ credentialId: 'urn:x:1', purpose: 'revocation' }])
    const [week] = await publish(store, LIST_FROM, 7 * 86400)
    expect(week!.credential.validUntil).toBe('2026-11-01T00:00:00Z')
    await expect(publish(store, LIST_FROM, 0)).rejects.toBeInstanceOf(RangeError)
  })
})

describe('validity window', () => {
  it('expired list (replayed after its validUntil): ERR_OB_STATUS_LIST_EXPIRED', async () => {
    expect(await statusOf(badge, list, { now: new Date('2026-12-01T00:00:00Z') })).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_EXPIRED' } })
  })
  it('an old list from before the revocation cannot hide it once expired', async () => {
    const old = await resigned((l) => ({ ...l, validFrom: '2026-08-01T00:00:00Z', validUntil: '2026-09-01T00:00:00Z' }))
    expect(await statusOf(revokedBadge, old)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_EXPIRED' } })
  })
  it('validUntil stripped off an expired list breaks its proof: ERR_OB_STATUS_LIST_INVALID', async () => {
    const { validUntil: _u, ...rest } = list
    expect(await statusOf(badge, rest, { now: new Date('2026-12-01T00:00:00Z') })).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID' } })
  })
  it('a VC 1.1 list stating its end twice (expirationDate passed, validUntil later): the earlier decides → ERR_OB_STATUS_LIST_EXPIRED', async () => {
    const v1 = await resigned(({ validFrom: _f, ...l }) => ({
      ...l,
      '@context': ['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/ns/credentials/status/v1', 'https://w3id.org/security/data-integrity/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json'],
      issuanceDate: '2026-10-25T00:00:00Z',
      expirationDate: '2026-10-30T00:00:00Z',
      validUntil: '2027-01-01T00:00:00Z',
    }))
    expect(await statusOf(revokedBadge, v1)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_EXPIRED' } })
    const fresh = await resigned(({ validFrom: _f, ...l }) => ({ ...l, '@context': (v1 as { '@context': string[] })['@context'], issuanceDate: '2026-10-25T00:00:00Z', expirationDate: '2027-01-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z' }))
    expect(await statusOf(badge, fresh)).toMatchObject({ verified: true, status: { status: 'passed' } })
  })
  it('not yet valid: ERR_OB_STATUS_LIST_NOT_YET_VALID', async () => {
    expect(await statusOf(badge, list, { now: new Date('2026-10-20T00:00:00Z') })).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_NOT_YET_VALID' } })
  })
  it('within the clock skew it is still valid', async () => {
    expect(await statusOf(badge, list, { now: new Date(LIST_FROM.getTime() - 60_000) })).toMatchObject({ verified: true, status: { status: 'passed' } })
  })
  it('a validUntil that is not a date: ERR_OB_STATUS_LIST_INVALID', async () => {
    expect(await statusOf(badge, { ...list, validUntil: 'soon' })).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID' } })
  })
  it('with allowUncheckedStatus an expired list warns (WARN_OB_STATUS_UNCHECKED) and says why', async () => {
    const { verified, status } = await statusOf(badge, list, { now: new Date('2026-12-01T00:00:00Z'), allowUncheckedStatus: true })
    expect(verified).toBe(true)
    expect(status).toMatchObject({ status: 'warning', code: 'WARN_OB_STATUS_UNCHECKED' })
    expect(status.message).toMatch(/expired/)
  })
})

describe('types, issuer, purpose', () => {
  it.each([
    ['no BitstringStatusListCredential type', (l: List) => ({ ...l, type: ['VerifiableCredential'] })],
    ['no statusPurpose', (l: List) => ({ ...l, credentialSubject: { ...l.credentialSubject, statusPurpose: undefined } })],
    ['a suspension list for a revocation entry', (l: List) => ({ ...l, credentialSubject: { ...l.credentialSubject, statusPurpose: 'suspension' } })],
    ['no encodedList', (l: List) => ({ ...l, credentialSubject: { ...l.credentialSubject, encodedList: undefined } })],
    ['an encodedList without the multibase "u"', (l: List) => ({ ...l, credentialSubject: { ...l.credentialSubject, encodedList: String(l.credentialSubject.encodedList).slice(1) } })],
    ['an encodedList that is not GZIP', (l: List) => ({ ...l, credentialSubject: { ...l.credentialSubject, encodedList: `u${base64url.encode('not gzip at all')}` } })],
    ['issued by someone else (the same key signs)', (l: List) => ({ ...l, issuer: 'did:example:someone-else' })],
  ])('%s: ERR_OB_STATUS_LIST_INVALID', async (_name, edit) => {
    expect(await statusOf(badge, await resigned(edit))).toMatchObject({ verified: false, status: { status: 'failed', code: 'ERR_OB_STATUS_LIST_INVALID' } })
  })

  // Edits the signing library refuses to sign (not a VC, undefined terms): checked before the proof.
  it.each([
    ['no VerifiableCredential type', (l: List) => ({ ...l, type: ['BitstringStatusListCredential'] }), /type must include/],
    ['a StatusList2021Credential for a BitstringStatusListEntry', (l: List) => ({ ...l, type: ['VerifiableCredential', 'StatusList2021Credential'] }), /type must include/],
    ['a subject that is not a BitstringStatusList', (l: List) => ({ ...l, credentialSubject: { ...l.credentialSubject, type: 'Something' } }), /must be a "BitstringStatusList"/],
  ])('%s: ERR_OB_STATUS_LIST_INVALID, before the proof is checked', async (_name, edit, message) => {
    const { verified, status } = await statusOf(badge, edit(structuredClone(list)))
    expect(verified).toBe(false)
    expect(status).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_LIST_INVALID' })
    expect(status.message).toMatch(message)
  })

  it('a list of another issuer, signed by that issuer: ERR_OB_STATUS_LIST_INVALID', async () => {
    const other = await issuer('EdDSA', 'other-district')
    const forged = await resigned((l) => ({ ...l, issuer: other.key.issuerId }), other.signer)
    expect(await statusOf(revokedBadge, forged)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID' } })
  })
  it('a list that names the issuer but is signed by another key: ERR_OB_STATUS_LIST_INVALID', async () => {
    const other = await issuer('EdDSA', 'impostor')
    const forged = await resigned((l) => l, other.signer)
    expect(await statusOf(revokedBadge, forged)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID' } })
  })
  it('the issuer’s other signed list (another id, its bit 0) supplied under the revoked badge’s list URL: ERR_OB_STATUS_LIST_INVALID', async () => {
    const other = await DirectoryStore.open(mkdtempSync(join(tmpdir(), 'microcred-status-other-')))
    await allocateStatus(other, { credentialId: 'urn:uuid:40000000-0000-4000-8000-00000000ffff', baseUrl: `${BASE}-2027` })
    const [otherList] = await publishStatusLists(other, { baseUrl: `${BASE}-2027`, issuerId, signer, validFrom: LIST_FROM })
    const { verified, status } = await statusOf(revokedBadge, otherList!.credential)
    expect(verified).toBe(false)
    expect(status).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_LIST_INVALID' })
    expect(status.message).toContain(`is another list: its id is "${(otherList!.credential as { id: string }).id}"`)
  })
  it('the issuer changed after signing: ERR_OB_STATUS_LIST_INVALID', async () => {
    expect(await statusOf(badge, { ...list, issuer: 'did:example:attacker' })).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID' } })
  })
})

describe('proof', () => {
  it('a tampered encodedList (revocation bit cleared) breaks the proof: ERR_OB_STATUS_LIST_INVALID', async () => {
    const blank = (await publishStatusLists(await DirectoryStore.open(mkdtempSync(join(tmpdir(), 'microcred-blank-'))), { baseUrl: BASE, issuerId, signer }).catch(() => [])).length
    expect(blank).toBe(0)
    const { createList } = await import('@digitalbazaar/vc-bitstring-status-list')
    const empty = await (await createList({ length: 131_072 })).encode()
    const tampered = { ...list, credentialSubject: { ...list.credentialSubject, encodedList: empty } }
    expect(await statusOf(revokedBadge, tampered)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID' } })
  })
  it('no proof: ERR_OB_STATUS_LIST_INVALID', async () => {
    const { proof: _p, ...unsigned } = list
    expect(await statusOf(badge, unsigned)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID' } })
  })
  it('a proof value with one byte flipped: ERR_OB_STATUS_LIST_INVALID', async () => {
    const proof = (list.proof as Record<string, string>[])[0]!
    const flipped = `${proof.proofValue!.slice(0, 10)}${proof.proofValue![10] === 'A' ? 'B' : 'A'}${proof.proofValue!.slice(11)}`
    expect(await statusOf(badge, { ...list, proof: [{ ...proof, proofValue: flipped }] })).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID' } })
  })
  it('a list proof created in 2099: ERR_OB_STATUS_LIST_INVALID', async () => {
    const future = await resigned((l) => l, signer, new Date('2099-01-01T00:00:00Z'))
    expect(await statusOf(badge, future)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID' } })
  })
  it('a list padded with 20,000 values is refused before its proof is canonicalized (took seconds): ERR_OB_STATUS_LIST_INVALID', async () => {
    const padded = { ...list, type: [...(list.type as string[]), ...Array.from({ length: 20_000 }, (_, i) => `urn:example:type-${i}`)] }
    const started = performance.now()
    const { verified, status } = await statusOf(badge, padded)
    expect({ verified, code: status.code }).toEqual({ verified: false, code: 'ERR_OB_STATUS_LIST_INVALID' })
    expect(status.message).toMatch(/values/)
    expect(performance.now() - started).toBeLessThan(1500)
  })
  it('a status document that is not an object: ERR_OB_STATUS_LIST_INVALID', async () => {
    expect(await statusOf(badge, 'not a list')).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID' } })
  })
  it('no list at all, offline: ERR_OB_STATUS_UNCHECKED (fail closed)', async () => {
    const report = await verifyBadge(badge, { now: NOW })
    expect(report.verified).toBe(false)
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ code: 'ERR_OB_STATUS_UNCHECKED' })
  })
})

describe('size: the inflated list is capped', () => {
  let bomb: string
  beforeAll(async () => {
    // 180 MB of zeros, gzipped as a stream (the test never holds them): ≈175 KB, ≈239 KB as base64url.
    const gzip = createGzip({ level: 9 })
    const chunks: Buffer[] = []
    gzip.on('data', (c: Buffer) => chunks.push(c))
    const done = new Promise((resolve) => gzip.on('end', resolve))
    const zeros = Buffer.alloc(1024 * 1024)
    for (let i = 0; i < 180; i++) if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve))
    gzip.end()
    await done
    bomb = `u${base64url.encode(Buffer.concat(chunks))}`
  }, 30_000)

  it('a 239 KB list that inflates to 180 MB fails (ERR_OB_STATUS_LIST_TOO_LARGE) with bounded memory', async () => {
    expect(bomb.length).toBeGreaterThan(200_000)
    expect(bomb.length).toBeLessThan(260_000)
    const before = process.memoryUsage()
    let peak = 0
    const sample = setInterval(() => {
      const m = process.memoryUsage()
      peak = Math.max(peak, m.arrayBuffers - before.arrayBuffers, m.rss - before.rss)
    }, 1)
    await expect(decodeStatusList(bomb)).rejects.toMatchObject({ code: 'ERR_OB_STATUS_LIST_TOO_LARGE' })
    clearInterval(sample)
    expect(peak).toBeLessThan(64 * 1024 * 1024)
  })
  it('the same bomb in a list signed by the issuer fails the badge: ERR_OB_STATUS_LIST_TOO_LARGE', async () => {
    const signedBomb = await resigned((l) => ({ ...l, credentialSubject: { ...l.credentialSubject, encodedList: bomb } }))
    expect(await statusOf(badge, signedBomb)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_TOO_LARGE' } })
  }, 30_000)
  it('the cap is 2^21 entries; a 2^21-entry list decodes, one byte more does not', async () => {
    const { createList } = await import('@digitalbazaar/vc-bitstring-status-list')
    const max = await (await createList({ length: MAX_STATUS_LIST_LENGTH })).encode()
    expect((await decodeStatusList(max)).length).toBe(MAX_STATUS_LIST_LENGTH / 8)
    const over = await (await createList({ length: MAX_STATUS_LIST_LENGTH + 8 })).encode()
    await expect(decodeStatusList(over)).rejects.toMatchObject({ code: 'ERR_OB_STATUS_LIST_TOO_LARGE' })
  })
  it('maxStatusListLength lowers the cap for one verifier', async () => {
    expect(await statusOf(badge, list, { maxStatusListLength: 1024 })).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_TOO_LARGE' } })
  })
  it('an encodedList longer than any list of the cap is refused before decoding', async () => {
    await expect(decodeStatusList(`u${'A'.repeat(600_000)}`)).rejects.toMatchObject({ code: 'ERR_OB_STATUS_LIST_TOO_LARGE' })
  })
  it('an index beyond the list: ERR_OB_STATUS_UNCHECKED', async () => {
    const entry = { ...(badge.credentialStatus as unknown as Record<string, unknown>), statusListIndex: '999999999' }
    const { proof: _p, ...unsigned } = badge
    const outside = await signDataIntegrity({ ...unsigned, credentialStatus: entry } as unknown as OpenBadgeCredential, { signer, created: new Date('2026-10-10T12:00:00Z') })
    expect(await statusOf(outside, list)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_UNCHECKED' } })
  })
})

describe('per-verifier cache', () => {
  it('badges sharing a list fetch and verify it once per verifier', async () => {
    let fetches = 0
    const fetch = async (url: string) => {
      fetches++
      expect(url).toBe(listUrl)
      return { ok: true, status: 200, text: async () => JSON.stringify(list) }
    }
    const statusListCache = createStatusListCache()
    for (let i = 0; i < 5; i++) {
      const report = await verifyBadge(i % 2 ? revokedBadge : badge, { now: NOW, remote: { fetch }, statusListCache })
      expect(report.checks.find((c) => c.id === 'status')).toMatchObject(i % 2 ? { code: 'ERR_OB_STATUS_REVOKED' } : { status: 'passed' })
    }
    expect(fetches).toBe(1)
    expect(statusListCache.size).toBe(1)
  })
  it('a cached list is still refused once it has expired', async () => {
    const statusListCache = createStatusListCache()
    expect(await statusOf(badge, list, { statusListCache })).toMatchObject({ verified: true })
    expect(await statusOf(badge, list, { statusListCache, now: new Date('2026-12-01T00:00:00Z') })).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_EXPIRED' } })
  })
  it('a cached list does not vouch for another issuer’s badge at the same URL', async () => {
    const statusListCache = createStatusListCache()
    await statusOf(badge, list, { statusListCache })
    const other = await issuer('EdDSA', 'other-district')
    const { proof: _p, ...unsigned } = badge
    const foreign = await signDataIntegrity({ ...unsigned, issuer: { ...unsigned.issuer, id: other.key.issuerId } } as OpenBadgeCredential, { signer: other.signer })
    expect(await statusOf(foreign, list, { statusListCache })).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID' } })
  })
  it('a copy of the same document (another Map, a re-read file) is served from the cache', async () => {
    const statusListCache = createStatusListCache()
    await statusOf(badge, list, { statusListCache })
    const copy = structuredClone(list)
    copy.credentialSubject.encodedList = 'u-not-even-gzip-but-never-decoded'
    // Same JSON → hit; a changed copy → a miss, verified again (and refused here).
    expect(statusListCache.get(listUrl, structuredClone(list))?.url).toBe(listUrl)
    expect(await statusOf(badge, structuredClone(list), { statusListCache })).toMatchObject({ verified: true })
    expect(statusListCache.get(listUrl, copy)).toBeUndefined()
    expect(await statusOf(badge, copy, { statusListCache })).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID' } })
  })
  it('a different document supplied for the URL is verified again, not served from the cache', async () => {
    const statusListCache = createStatusListCache()
    await statusOf(badge, list, { statusListCache })
    expect(await statusOf(badge, { ...list, issuer: 'did:example:attacker' }, { statusListCache })).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID' } })
  })
  it('keeps at most maxEntries lists, and refuses nonsense sizes', () => {
    const cache = createStatusListCache({ maxEntries: 2 })
    const entry = (url: string) => ({ url, source: {}, issuer: 'x', purposes: ['revocation'], bits: new Uint8Array(1), validFrom: undefined, validUntil: undefined, freshUntil: Date.now() + DAY })
    for (const url of ['a', 'b', 'c']) cache.set(entry(url))
    expect(cache.size).toBe(2)
    expect(cache.get('a')).toBeUndefined()
    expect(cache.get('c')?.url).toBe('c')
    expect(() => createStatusListCache({ maxEntries: 0 })).toThrow(RangeError)
  })
  it('an entry past its freshness is dropped', () => {
    const cache = createStatusListCache()
    cache.set({ url: 'a', source: {}, issuer: 'x', purposes: [], bits: new Uint8Array(1), validFrom: undefined, validUntil: undefined, freshUntil: Date.now() - 1 })
    expect(cache.get('a')).toBeUndefined()
  })
})
