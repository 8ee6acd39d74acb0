// `1EdTechRevocationList` status entries (VCRL 1.0). The list VCRL publishes is plain JSON with no
// proof, so it is trusted only as far as where it came from shows it is the issuer's: fetched over
// https from the issuer's own origin (a warning says it is unsigned), or signed like a status list
// (issuer = the badge's issuer, a valid proof by a confirmed key, within its validity window). A
// revocation a list states is never ignored. Every case asserts the verdict and the code.
import { importJWK, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { VC_V2_CONTEXT } from '../../src/credential/contexts.js'
import type { OpenBadgeCredential } from '../../src/credential/types.js'
import { generateIssuerKey, type IssuerKey } from '../../src/keys/issuer-keys.js'
import type { FetchLike } from '../../src/internal/safe-fetch.js'
import { addDataIntegrityProof } from '../../src/sign/data-integrity.js'
import { signerFromJwk } from '../../src/sign/signer.js'
import { MAX_REVOCATION_LIST_ENTRIES, MAX_STATUS_ENTRIES } from '../../src/verify/checks/status.js'
import type { VerificationReport } from '../../src/verify/report.js'
import { parseTrustList, type TrustList } from '../../src/verify/trust-list.js'
import { type VerifyBadgeOptions, verifyBadge } from '../../src/verify/verify-badge.js'
import { awardedCredential, NOW } from '../helpers/issue.js'

const ORIGIN = 'https://district.example.org'
const LIST_URL = `${ORIGIN}/revocations`
const ELSEWHERE_URL = 'https://lists.example.net/district/revocations'
const REVOKED_ID = 'urn:uuid:7d1f7a52-3c1e-4c67-9a1a-6a2f0c9e0b01'

let victim: IssuerKey
let trust: TrustList
let badge: OpenBadgeCredential
let revokedBadge: OpenBadgeCredential

const signerOf = (key: IssuerKey, id = key.verificationMethod) => signerFromJwk(key.privateJwk, { id })

/** A badge of `key`'s issuer whose status is a 1EdTech revocation list at `listUrl`. */
async function badgeWith(key: IssuerKey, listUrl: string, id = 'urn:uuid:5b0f3a0e-8d0c-4b7e-9a65-0c6f0a1d2e3f') {
  const credential = await awardedCredential(key, { id, credentialStatus: { id: listUrl, type: '1EdTechRevocationList' } as never })
  return addDataIntegrityProof(credential, { signer: await signerOf(key) })
}

/** The list as VCRL 1.0 publishes it: plain JSON, no proof. */
const unsignedList = (revoked: string[], extra: Record<string, unknown> = {}) => ({
  id: LIST_URL,
  issuer: victim.issuerId,
  revokedCredentials: revoked.map((id) => ({ id, revoked: true, revocationReason: 'Issued in error' })),
  ...extra,
})

/** VCRL publishes no JSON-LD context: a signed list defines its terms inline. */
const VCRL_TERMS = {
  revokedCredentials: { '@id': 'https://purl.imsglobal.org/spec/vcrl/v1p0/#revokedCredentials', '@container': '@set' },
  revoked: 'https://purl.imsglobal.org/spec/vcrl/v1p0/#revoked',
  revocationReason: 'https://purl.imsglobal.org/spec/vcrl/v1p0/#revocationReason',
}

/** The list as a verifiable credential, signed by `by` (the issuer by default). */
async function signedList(revoked: string[], { by, vm, issuer, extra = {} }: { by?: IssuerKey; vm?: string; issuer?: string; extra?: Record<string, unknown> } = {}) {
  const signer = by ?? victim
  const list = {
    '@context': [VC_V2_CONTEXT, VCRL_TERMS],
    id: LIST_URL,
    type: ['VerifiableCredential'],
    issuer: issuer ?? victim.issuerId,
    validFrom: '2026-10-25T00:00:00Z',
    validUntil: '2026-11-24T00:00:00Z',
    credentialSubject: { id: `${LIST_URL}#list` },
    revokedCredentials: revoked.map((id) => ({ id, revoked: true })),
    ...extra,
  }
  return addDataIntegrityProof(list, { signer: await signerOf(signer, vm ?? signer.verificationMethod), created: new Date('2026-10-25T00:00:00Z') })
}

/** A fetch that serves `documents` by URL (anything else: 404). */
function serving(documents: Record<string, unknown>): { remote: { fetch: FetchLike }; requests: string[] } {
  const requests: string[] = []
  const fetch: FetchLike = async (url) => {
    requests.push(url)
    const body = documents[url]
    return { ok: body !== undefined, status: body === undefined ? 404 : 200, text: async () => JSON.stringify(body) }
  }
  return { remote: { fetch }, requests }
}

const status = (report: VerificationReport) => report.checks.find((c) => c.id === 'status')

function expectStatus(report: VerificationReport, verified: boolean, checkStatus: string, code?: string) {
  expect(status(report)).toMatchObject({ status: checkStatus, ...(code ? { code } : {}) })
  expect(report.verified).toBe(verified)
  if (!verified) expect(report.errors.map((e) => e.code)).toContain(code)
}

const offline = (list: unknown, options: VerifyBadgeOptions = {}) => ({ now: NOW, trust, statusLists: new Map([[LIST_URL, list]]), ...options })

beforeAll(async () => {
  victim = await generateIssuerKey({ identifier: { method: 'did:web', host: 'district.example.org' } })
  trust = parseTrustList({ issuers: [{ id: victim.issuerId, name: 'Springfield Public Schools', keys: [victim.verificationMethod] }] })
  badge = await badgeWith(victim, LIST_URL)
  revokedBadge = await badgeWith(victim, LIST_URL, REVOKED_ID)
}, 30_000)

describe('a revocation a list states is never ignored', () => {
  it('VCRL field name "revokedCredentials" (the 1EdTech validator reads it), fetched from the issuer → ERR_OB_STATUS_REVOKED', async () => {
    const { remote } = serving({ [LIST_URL]: unsignedList([REVOKED_ID]) })
    expectStatus(await verifyBadge(revokedBadge, { now: NOW, trust, remote }), false, 'failed', 'ERR_OB_STATUS_REVOKED')
  })
  it('…supplied offline, unsigned → ERR_OB_STATUS_REVOKED, also with allowUncheckedStatus', async () => {
    expectStatus(await verifyBadge(revokedBadge, offline(unsignedList([REVOKED_ID]))), false, 'failed', 'ERR_OB_STATUS_REVOKED')
    expectStatus(await verifyBadge(revokedBadge, offline(unsignedList([REVOKED_ID]), { allowUncheckedStatus: true })), false, 'failed', 'ERR_OB_STATUS_REVOKED')
  })
  it('…in a signed list → ERR_OB_STATUS_REVOKED', async () => {
    expectStatus(await verifyBadge(revokedBadge, offline(await signedList([REVOKED_ID]))), false, 'failed', 'ERR_OB_STATUS_REVOKED')
  })
  it('an entry with "revoked": false does not revoke (signed list) → verified', async () => {
    const list = await signedList([], { extra: { revokedCredentials: [{ id: badge.id, revoked: false }] } })
    expectStatus(await verifyBadge(badge, offline(list)), true, 'passed')
  })
})

describe('an unsigned list (as VCRL 1.0 publishes it)', () => {
  it('fetched over https from the issuer’s own origin: not revoked, verified with WARN_OB_STATUS_UNSIGNED', async () => {
    const { remote, requests } = serving({ [LIST_URL]: unsignedList([REVOKED_ID]) })
    const report = await verifyBadge(badge, { now: NOW, trust, remote })
    expectStatus(report, true, 'warning', 'WARN_OB_STATUS_UNSIGNED')
    expect(status(report)?.message).toContain(ORIGIN)
    expect(requests).toEqual([LIST_URL])
  })
  it('supplied offline (anyone can write such a file) → ERR_OB_STATUS_UNCHECKED', async () => {
    const report = await verifyBadge(badge, offline(unsignedList([])))
    expectStatus(report, false, 'failed', 'ERR_OB_STATUS_UNCHECKED')
    expect(status(report)?.message).toMatch(/unsigned/)
  })
  it('supplied offline with allowUncheckedStatus → WARN_OB_STATUS_UNCHECKED', async () => {
    expectStatus(await verifyBadge(badge, offline(unsignedList([]), { allowUncheckedStatus: true })), true, 'warning', 'WARN_OB_STATUS_UNCHECKED')
  })
  it('the singular "revokedCredential" of an empty offline list does not make it trusted → ERR_OB_STATUS_UNCHECKED', async () => {
    expectStatus(await verifyBadge(badge, offline({ revokedCredential: [] })), false, 'failed', 'ERR_OB_STATUS_UNCHECKED')
  })
  it('fetched from another origin than the issuer’s → ERR_OB_STATUS_UNCHECKED', async () => {
    const elsewhere = await badgeWith(victim, ELSEWHERE_URL)
    const { remote } = serving({ [ELSEWHERE_URL]: { ...unsignedList([]), id: ELSEWHERE_URL } })
    const report = await verifyBadge(elsewhere, { now: NOW, trust, remote })
    expectStatus(report, false, 'failed', 'ERR_OB_STATUS_UNCHECKED')
    expect(status(report)?.message).toContain('https://lists.example.net')
  })
  it('a did:key issuer has no origin: an unsigned list cannot be tied to it → ERR_OB_STATUS_UNCHECKED', async () => {
    const keyIssuer = await generateIssuerKey()
    const { remote } = serving({ [LIST_URL]: { ...unsignedList([]), issuer: keyIssuer.issuerId } })
    expectStatus(await verifyBadge(await badgeWith(keyIssuer, LIST_URL), { now: NOW, remote }), false, 'failed', 'ERR_OB_STATUS_UNCHECKED')
  })
  it('naming another issuer → ERR_OB_STATUS_LIST_INVALID', async () => {
    const { remote } = serving({ [LIST_URL]: unsignedList([], { issuer: 'did:web:other.example' }) })
    expectStatus(await verifyBadge(badge, { now: NOW, trust, remote }), false, 'failed', 'ERR_OB_STATUS_LIST_INVALID')
  })
  it.each([
    ['revokedCredentials is a string', { revokedCredentials: 'none' }],
    ['an entry without an id', { revokedCredentials: [{ revoked: true }] }],
    ['an entry that is not an object', { revokedCredentials: ['urn:uuid:1'] }],
  ])('malformed (%s) → ERR_OB_STATUS_LIST_INVALID', async (_name, edit) => {
    const { remote } = serving({ [LIST_URL]: { ...unsignedList([]), ...edit } })
    expectStatus(await verifyBadge(badge, { now: NOW, trust, remote }), false, 'failed', 'ERR_OB_STATUS_LIST_INVALID')
  })
  it(`more than ${MAX_REVOCATION_LIST_ENTRIES} entries → ERR_OB_STATUS_LIST_TOO_LARGE`, async () => {
    const many = Array.from({ length: MAX_REVOCATION_LIST_ENTRIES + 1 }, (_, i) => ({ id: `urn:x:${i}` }))
    // A fetched list stops at 256 KiB; one supplied offline has no such bound.
    expectStatus(await verifyBadge(badge, offline(unsignedList([], { revokedCredentials: many }))), false, 'failed', 'ERR_OB_STATUS_LIST_TOO_LARGE')
  })
})

describe('a signed list (checked like a status list credential)', () => {
  it('signed by the issuer’s confirmed key, supplied offline: not revoked, verified', async () => {
    const report = await verifyBadge(badge, offline(await signedList([REVOKED_ID])))
    expectStatus(report, true, 'passed')
    expect(status(report)?.message).toContain('2026-10-25T00:00:00.000Z')
  })
  it('tampered after signing (a revocation removed) → ERR_OB_STATUS_LIST_INVALID', async () => {
    const list = await signedList([REVOKED_ID])
    expectStatus(await verifyBadge(revokedBadge, offline({ ...list, revokedCredentials: [] })), false, 'failed', 'ERR_OB_STATUS_LIST_INVALID')
  })
  it('issued and signed by another issuer → ERR_OB_STATUS_LIST_INVALID', async () => {
    const attacker = await generateIssuerKey()
    expectStatus(await verifyBadge(revokedBadge, offline(await signedList([], { by: attacker, issuer: attacker.issuerId }))), false, 'failed', 'ERR_OB_STATUS_LIST_INVALID')
  })
  it('in the issuer’s name, signed under a did:web fragment key the issuer does not vouch for → ERR_OB_STATUS_LIST_INVALID', async () => {
    const attacker = await generateIssuerKey()
    const forgedVm = `${victim.issuerId}#${attacker.issuerId.slice('did:key:'.length)}`
    const report = await verifyBadge(revokedBadge, offline(await signedList([], { by: attacker, vm: forgedVm })))
    expectStatus(report, false, 'failed', 'ERR_OB_STATUS_LIST_INVALID')
    expect(status(report)?.message).toContain('not confirmed')
  })
  it('not a VerifiableCredential → ERR_OB_STATUS_LIST_INVALID', async () => {
    expectStatus(await verifyBadge(badge, offline({ ...(await signedList([])), type: ['RevocationList'] })), false, 'failed', 'ERR_OB_STATUS_LIST_INVALID')
  })
  it('expired (an old list replayed) → ERR_OB_STATUS_LIST_EXPIRED', async () => {
    expectStatus(await verifyBadge(badge, offline(await signedList([]), { now: new Date('2026-12-01T00:00:00Z') })), false, 'failed', 'ERR_OB_STATUS_LIST_EXPIRED')
  })
  it('not yet valid → ERR_OB_STATUS_LIST_NOT_YET_VALID', async () => {
    expectStatus(await verifyBadge(badge, offline(await signedList([]), { now: new Date('2026-10-20T00:00:00Z') })), false, 'failed', 'ERR_OB_STATUS_LIST_NOT_YET_VALID')
  })
})

describe('how many status entries are followed', () => {
  it(`more than ${MAX_STATUS_ENTRIES} credentialStatus entries: nothing is fetched → ERR_OB_STATUS_UNCHECKED, also with allowUncheckedStatus`, async () => {
    const urls = Array.from({ length: MAX_STATUS_ENTRIES + 1 }, (_, i) => `${ORIGIN}/revocations/${i}`)
    const credential = await awardedCredential(victim, { credentialStatus: urls.map((id) => ({ id, type: '1EdTechRevocationList' })) as never })
    const many = await addDataIntegrityProof(credential, { signer: await signerOf(victim) })
    const { remote, requests } = serving(Object.fromEntries(urls.map((url) => [url, unsignedList([])])))
    for (const allowUncheckedStatus of [false, true]) {
      const report = await verifyBadge(many, { now: NOW, trust, remote, allowUncheckedStatus })
      expectStatus(report, false, 'failed', 'ERR_OB_STATUS_UNCHECKED')
      expect(status(report)?.message).toContain(`at most ${MAX_STATUS_ENTRIES}`)
    }
    expect(requests).toEqual([])
  })
  it('two entries (as a revocation and a suspension list would be) are both followed', async () => {
    const urls = [`${ORIGIN}/revocations/a`, `${ORIGIN}/revocations/b`]
    const credential = await awardedCredential(victim, { credentialStatus: urls.map((id) => ({ id, type: '1EdTechRevocationList' })) as never })
    const two = await addDataIntegrityProof(credential, { signer: await signerOf(victim) })
    const { remote, requests } = serving({ [urls[0]!]: unsignedList([]), [urls[1]!]: unsignedList([two.id]) })
    expectStatus(await verifyBadge(two, { now: NOW, trust, remote }), false, 'failed', 'ERR_OB_STATUS_REVOKED')
    expect(requests).toEqual(urls)
  })
  it('with allowUncheckedStatus, an unreadable first entry does not hide the revocation in the second → ERR_OB_STATUS_REVOKED', async () => {
    const urls = [`${ORIGIN}/revocations/gone`, LIST_URL]
    const credential = await awardedCredential(victim, { id: REVOKED_ID, credentialStatus: urls.map((id) => ({ id, type: '1EdTechRevocationList' })) as never })
    const two = await addDataIntegrityProof(credential, { signer: await signerOf(victim) })
    expectStatus(await verifyBadge(two, offline(unsignedList([REVOKED_ID]), { allowUncheckedStatus: true })), false, 'failed', 'ERR_OB_STATUS_REVOKED')
  })
})

describe('which id a revocation list must name', () => {
  /** A VCDM 1.1 VC-JWT by the issuer: the credential in "vc" without an id, its id in "jti" only (as VC-JWT 1.1 allows). */
  async function legacyJwt(jti: string | undefined) {
    const credential = await awardedCredential(victim, { credentialStatus: { id: LIST_URL, type: '1EdTechRevocationList' } as never })
    const { id: _id, ...withoutId } = credential
    const claims = { iss: victim.issuerId, sub: credential.credentialSubject.id, nbf: Date.parse(credential.validFrom) / 1000, ...(jti ? { jti } : {}) }
    return new SignJWT({ ...claims, vc: withoutId } as never)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: victim.verificationMethod })
      .sign(await importJWK(victim.privateJwk as never, 'EdDSA'))
  }
  it('a VC 1.1 JWT whose id is only its "jti", listed as revoked → ERR_OB_STATUS_REVOKED', async () => {
    const { remote } = serving({ [LIST_URL]: unsignedList([REVOKED_ID]) })
    expectStatus(await verifyBadge(await legacyJwt(REVOKED_ID), { now: NOW, trust, remote }), false, 'failed', 'ERR_OB_STATUS_REVOKED')
  })
  it('a credential with no id at all cannot be named by a list → ERR_OB_STATUS_UNCHECKED', async () => {
    const { remote } = serving({ [LIST_URL]: unsignedList([REVOKED_ID]) })
    expectStatus(await verifyBadge(await legacyJwt(undefined), { now: NOW, trust, remote }), false, 'failed', 'ERR_OB_STATUS_UNCHECKED')
  })
})
