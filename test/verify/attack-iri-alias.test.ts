// JSON-LD aliasing. A Data Integrity proof signs the RDF graph, while the verifier reads plain JSON
// keys. Renaming a key to the full IRI its term expands to, to a compact IRI, or `id`/`type` to
// `@id`/`@type`, leaves the graph (so the proof) unchanged and hides the value from the check that
// reads that key: a revoked badge, an expired one, a revocation list's entries, a list's validUntil.
// Credentials and lists are read in compacted form (VCDM 2.0), so such keys are refused outright.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { bakePng } from '../../src/bake/png.js'
import { VC_V2_CONTEXT } from '../../src/credential/contexts.js'
import type { OpenBadgeCredential } from '../../src/credential/types.js'
import type { FetchLike } from '../../src/internal/safe-fetch.js'
import { generateIssuerKey, type IssuerKey } from '../../src/keys/issuer-keys.js'
import { addDataIntegrityProof } from '../../src/sign/data-integrity.js'
import { signerFromJwk } from '../../src/sign/signer.js'
import { signVcJwt } from '../../src/sign/vc-jwt.js'
import { parseBadgeInput } from '../../src/verify/parse-input.js'
import type { VerificationReport } from '../../src/verify/report.js'
import { parseTrustList, type TrustList } from '../../src/verify/trust-list.js'
import { type VerifyBadgeOptions, verifyBadge } from '../../src/verify/verify-badge.js'
import { ROOT } from '../helpers/examples.js'
import { awardedCredential, NOW } from '../helpers/issue.js'

const ORIGIN = 'https://district.example.org'
const LIST_URL = `${ORIGIN}/revocations`
const REVOKED_ID = 'urn:uuid:7d1f7a52-3c1e-4c67-9a1a-6a2f0c9e0b01'
const VC = 'https://www.w3.org/2018/credentials#'
const XSD_DATETIME = 'http://www.w3.org/2001/XMLSchema#dateTime'
const VCRL_TERMS = {
  revokedCredentials: { '@id': 'https://purl.imsglobal.org/spec/vcrl/v1p0/#revokedCredentials', '@container': '@set' },
  revoked: 'https://purl.imsglobal.org/spec/vcrl/v1p0/#revoked',
}

let victim: IssuerKey
let trust: TrustList
let revokedBadge: OpenBadgeCredential
let list: Record<string, unknown>

const signer = () => signerFromJwk(victim.privateJwk, { id: victim.verificationMethod })

/** `document` with its key `from` renamed to `to`; a date keeps its xsd:dateTime type as a typed value. */
function renamed(document: object, from: string, to: string, typedDate = false): Record<string, unknown> {
  return Object.fromEntries(Object.entries(document).map(([k, v]) => (k === from ? [to, typedDate ? { '@value': v, '@type': XSD_DATETIME } : v] : [k, v])))
}

const offline = (statusList: unknown, options: VerifyBadgeOptions = {}): VerifyBadgeOptions => ({ now: NOW, trust, statusLists: new Map([[LIST_URL, statusList]]), ...options })
const check = (report: VerificationReport, id: string) => report.checks.find((c) => c.id === id)

/** Not verified, refused at parse with ERR_OB_JSONLD_INVALID naming the key and its path. */
function expectRefusedAtParse(report: VerificationReport, path: string) {
  expect(report.verified).toBe(false)
  expect(check(report, 'parse')).toMatchObject({ status: 'failed', code: 'ERR_OB_JSONLD_INVALID' })
  expect(check(report, 'parse')!.message).toContain(`${path}: the property name`)
  expect(check(report, 'parse')!.message).toContain('credentials are read in compacted form')
}

/** Not verified: the status list was refused (its key named), so no "not revoked" answer. */
function expectListRefused(report: VerificationReport, key: string) {
  expect(report.verified).toBe(false)
  expect(check(report, 'proof')!.status).toBe('passed')
  expect(check(report, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_JSONLD_INVALID' })
  expect(check(report, 'status')!.message).toContain(`the property name "${key}"`)
}

beforeAll(async () => {
  victim = await generateIssuerKey({ identifier: { method: 'did:web', host: 'district.example.org' } })
  trust = parseTrustList({ issuers: [{ id: victim.issuerId, name: 'Springfield Public Schools', keys: [victim.verificationMethod] }] })
  revokedBadge = await addDataIntegrityProof(await awardedCredential(victim, { id: REVOKED_ID, credentialStatus: { id: LIST_URL, type: '1EdTechRevocationList' } as never }), { signer: await signer() })
  list = await addDataIntegrityProof(
    {
      '@context': [VC_V2_CONTEXT, VCRL_TERMS],
      id: LIST_URL,
      type: ['VerifiableCredential'],
      issuer: victim.issuerId,
      validFrom: '2026-10-25T00:00:00Z',
      validUntil: '2026-11-24T00:00:00Z',
      credentialSubject: { id: `${LIST_URL}#list` },
      revokedCredentials: [{ id: REVOKED_ID, revoked: true }],
    },
    { signer: await signer(), created: new Date('2026-10-25T00:00:00Z') },
  )
}, 30_000)

describe('the credential: a key renamed to an IRI or a keyword is refused before anything reads it', () => {
  it('baseline: the revoked badge with its genuine signed list → ERR_OB_STATUS_REVOKED', async () => {
    const report = await verifyBadge(revokedBadge, offline(list))
    expect(report.verified).toBe(false)
    expect(check(report, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_REVOKED' })
  })

  it('revoked badge, "credentialStatus" → its full IRI → not verified, ERR_OB_JSONLD_INVALID', async () => {
    const aliased = renamed(revokedBadge, 'credentialStatus', `${VC}credentialStatus`)
    expectRefusedAtParse(await verifyBadge(aliased, offline(list)), `/${VC}credentialStatus`)
  })

  it('the same as JSON text, a VC-JWT and a baked PNG', async () => {
    const { credentialStatus, proof: _proof, ...unsigned } = revokedBadge as unknown as Record<string, unknown>
    const aliased = { ...unsigned, [`${VC}credentialStatus`]: credentialStatus }
    const jwt = await signVcJwt(aliased as never, { signer: await signer() })
    const png = await bakePng(new Uint8Array(readFileSync(join(ROOT, 'test/fixtures/validator/baked/simple-json.png'))), JSON.stringify(renamed(revokedBadge, 'credentialStatus', `${VC}credentialStatus`)))
    for (const input of [JSON.stringify(renamed(revokedBadge, 'credentialStatus', `${VC}credentialStatus`)), jwt, png]) {
      expectRefusedAtParse(await verifyBadge(input, offline(list)), `/${VC}credentialStatus`)
    }
  })

  it('expired badge, "validUntil" → its full IRI (as an xsd:dateTime value) → not verified', async () => {
    const expiring = await addDataIntegrityProof(await awardedCredential(victim, { validUntil: new Date('2026-10-20T00:00:00Z') } as never), { signer: await signer() })
    const baseline = await verifyBadge(expiring, { now: NOW, trust })
    expect(check(baseline, 'validity')).toMatchObject({ status: 'failed', code: 'ERR_OB_CREDENTIAL_EXPIRED' })
    expectRefusedAtParse(await verifyBadge(renamed(expiring, 'validUntil', `${VC}validUntil`, true), { now: NOW, trust }), `/${VC}validUntil`)
  })

  it('"@id" instead of "id", "@type" instead of "type" (keyword aliases) → refused', async () => {
    expectRefusedAtParse(await verifyBadge(renamed(revokedBadge, 'id', '@id'), offline(list)), '/@id')
    const status = { '@type': '1EdTechRevocationList', id: LIST_URL }
    expectRefusedAtParse(await verifyBadge({ ...revokedBadge, credentialStatus: status }, offline(list)), '/credentialStatus/@type')
  })

  it('a compact IRI ("cred:credentialStatus", its prefix defined inline) → refused', async () => {
    const contexts = [...(revokedBadge['@context'] as unknown[]), { cred: VC }]
    const aliased = { ...renamed(revokedBadge, 'credentialStatus', 'cred:credentialStatus'), '@context': contexts }
    expectRefusedAtParse(await verifyBadge(aliased, offline(list)), '/cred:credentialStatus')
  })

  it('an IRI key deep inside (an embedded endorsement, an achievement) → refused with its path', async () => {
    const subject = revokedBadge.credentialSubject as unknown as Record<string, unknown>
    const aliased = { ...revokedBadge, credentialSubject: { ...subject, achievement: renamed(subject.achievement as object, 'name', 'https://schema.org/name') } }
    expectRefusedAtParse(await verifyBadge(aliased), '/credentialSubject/achievement/https://schema.org/name')
  })

  it('keywords and IRIs inside @context are the context syntax and stay accepted', async () => {
    const parsed = await parseBadgeInput({ ...list, '@context': [VC_V2_CONTEXT, { ...VCRL_TERMS, note: { '@id': 'https://example.org/vocab#note', '@type': '@id' } }] })
    expect(parsed.credential.id).toBe(LIST_URL)
  })
})

describe('an inline context may not alias a term the verifier reads (the context is not signed)', () => {
  const withContext = (document: object, extra: Record<string, unknown>) => ({ ...document, '@context': [...((document as { '@context': unknown[] })['@context'] ?? []), extra] })
  const aliasedStatus = (extra: Record<string, unknown>, key: string) => {
    const { credentialStatus, ...rest } = revokedBadge as unknown as Record<string, unknown>
    return withContext({ ...rest, [key]: credentialStatus }, extra)
  }

  it('a signed list whose inline context adds "rc" for the revokedCredentials IRI (proof still valid) → refused, not read as "no revocations"', async () => {
    const { revokedCredentials, ...rest } = list
    const aliased = withContext(rest, { rc: { '@id': VCRL_TERMS.revokedCredentials['@id'], '@container': '@set' } })
    const report = await verifyBadge(revokedBadge, offline({ ...aliased, rc: revokedCredentials }))
    expect(report.verified).toBe(false)
    expect(check(report, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_JSONLD_INVALID' })
    expect(check(report, 'status')!.message).toContain('the term "rc" maps to https://purl.imsglobal.org/spec/vcrl/v1p0/#revokedCredentials')
  })

  it.each([
    ['a full IRI', { cs: `${VC}credentialStatus` }, /the term "cs" maps to https:\/\/www\.w3\.org\/2018\/credentials#credentialStatus/],
    ['an @id object', { cs: { '@id': `${VC}credentialStatus`, '@type': '@id' } }, /the term "cs" maps to/],
    ['another term', { cs: 'credentialStatus' }, /the term "cs" maps to .*credentialStatus/],
    ['a compact IRI with an inline prefix', { cred: VC, cs: 'cred:credentialStatus' }, /the term "cred" is a prefix/],
  ])('"cs" defined as %s → refused at parse, ERR_OB_JSONLD_INVALID', async (_name, extra, message) => {
    const report = await verifyBadge(aliasedStatus(extra, 'cs'), offline(list))
    expect(report.verified).toBe(false)
    expect(check(report, 'parse')).toMatchObject({ status: 'failed', code: 'ERR_OB_JSONLD_INVALID' })
    expect(check(report, 'parse')!.message).toMatch(message)
  })

  it('a keyword alias ("ident": "@id"), an inline @vocab or @base → refused', async () => {
    const { id, ...rest } = revokedBadge as unknown as Record<string, unknown>
    for (const [document, message] of [
      [withContext({ ...rest, ident: id }, { ident: '@id' }), 'aliases the keyword @id'],
      [withContext({ ...revokedBadge, 'credentials#credentialStatus': 1 }, { '@vocab': 'https://www.w3.org/2018/' }), 'may not set @vocab'],
      [withContext({ ...rest, id: '7d1f7a52-3c1e-4c67-9a1a-6a2f0c9e0b01' }, { '@base': 'urn:uuid:' }), 'may not set @base'],
    ] as const) {
      const report = await verifyBadge(document, offline(list))
      expect(report.verified).toBe(false)
      expect(check(report, 'parse')).toMatchObject({ status: 'failed', code: 'ERR_OB_JSONLD_INVALID' })
      expect(check(report, 'parse')!.message).toContain(message)
    }
  })

  it('a nested @context in a node is checked too', async () => {
    const subject = revokedBadge.credentialSubject as unknown as Record<string, unknown>
    const { achievement, ...restSubject } = subject
    const aliased = { ...revokedBadge, credentialSubject: { ...restSubject, '@context': { ach: 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievement' }, ach: achievement } }
    const report = await verifyBadge(aliased)
    expect(check(report, 'parse')).toMatchObject({ status: 'failed', code: 'ERR_OB_JSONLD_INVALID' })
    expect(check(report, 'parse')!.message).toContain('/credentialSubject/@context/ach')
  })

  it('a remote context (allowRemoteContexts) that aliases credentialStatus → not verified, the alias named', async () => {
    const contextUrl = 'https://contexts.example.net/alias.jsonld'
    const fetch: FetchLike = async (url) => ({ ok: url === contextUrl, status: url === contextUrl ? 200 : 404, text: async () => JSON.stringify({ '@context': { cs: `${VC}credentialStatus` } }) })
    const { credentialStatus, ...rest } = revokedBadge as unknown as Record<string, unknown>
    const aliased = { ...rest, '@context': [...(revokedBadge['@context'] as unknown[]), contextUrl], cs: credentialStatus }
    const report = await verifyBadge(aliased, offline(list, { remote: { fetch }, allowRemoteContexts: true }))
    expect(report.verified).toBe(false)
    expect(report.checks.filter((c) => c.status === 'failed').map((c) => c.message).join('\n')).toContain('the term "cs" maps to https://www.w3.org/2018/credentials#credentialStatus')
  })

  it('an inline context with terms of its own vocabulary (as a signed VCRL list has) stays accepted', async () => {
    const parsed = await parseBadgeInput(withContext(revokedBadge, { myExtension: 'https://example.org/vocab#myExtension', other: { '@id': 'https://example.org/vocab#other' } }))
    expect(parsed.credential.id).toBe(REVOKED_ID)
  })
})

describe('an inline prefix may not make a value a compact IRI (read as JSON, it is another string)', () => {
  const withContext = (document: object, extra: Record<string, unknown>) => ({ ...document, '@context': [...((document as { '@context': unknown[] })['@context'] ?? []), extra] })

  it('"u": "urn:uuid:" and the id written "u:…" (same graph) would hide the revocation → refused at parse', async () => {
    const forged = withContext({ ...revokedBadge, id: `u:${REVOKED_ID.slice('urn:uuid:'.length)}` }, { u: 'urn:uuid:' })
    const report = await verifyBadge(forged, offline(list))
    expect(report.verified).toBe(false)
    expect(check(report, 'parse')).toMatchObject({ status: 'failed', code: 'ERR_OB_JSONLD_INVALID' })
    expect(check(report, 'parse')!.message).toContain('the term "u" is a prefix')
  })

  it('"https" as an @prefix term, statusListCredential "https:ample.org/…" (fetched from another host) → refused before any fetch', async () => {
    const requests: string[] = []
    const fetch: FetchLike = async (url) => {
      requests.push(url)
      return { ok: false, status: 404, text: async () => '' }
    }
    const forged = withContext({ ...revokedBadge, credentialStatus: { id: 'https:ample.org/revocations', type: '1EdTechRevocationList' } }, { https: { '@id': 'https://district.ex', '@prefix': true } })
    const report = await verifyBadge(forged, { now: NOW, trust, remote: { fetch } })
    expect(report.verified).toBe(false)
    expect(check(report, 'parse')).toMatchObject({ status: 'failed', code: 'ERR_OB_JSONLD_INVALID' })
    expect(check(report, 'parse')!.message).toContain('the term "https" is a prefix')
    expect(requests).toEqual([])
  })

  it('a signed list whose entry ids use an inline prefix → refused, not read as "not listed"', async () => {
    // The issuer's proof is kept: the rewrite leaves the list's graph as signed.
    const forgedList = withContext({ ...list, revokedCredentials: [{ id: `u:${REVOKED_ID.slice('urn:uuid:'.length)}`, revoked: true }] }, { u: 'urn:uuid:' })
    const report = await verifyBadge(revokedBadge, offline(forgedList))
    expect(report.verified).toBe(false)
    expect(check(report, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_JSONLD_INVALID' })
    expect(check(report, 'status')!.message).toContain('the term "u" is a prefix')
  })
})

describe('VC 1.1 dates: a date wrapped in an array (the same graph) is refused, never skipped', () => {
  const vc11 = (dates: Record<string, unknown>) => ({
    '@context': ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: REVOKED_ID,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: victim.issuerId, type: ['Profile'], name: 'Springfield Public Schools' },
    ...dates,
    credentialSubject: revokedBadge.credentialSubject,
  })
  it.each([
    ['an expired expirationDate', { issuanceDate: '2026-01-01T00:00:00Z', expirationDate: ['2026-10-20T00:00:00Z'] }, 'expirationDate'],
    ['a future issuanceDate', { issuanceDate: ['2027-06-01T00:00:00Z'] }, 'issuanceDate'],
  ])('%s in an array → ERR_OB_SCHEMA_INVALID on validity', async (_name, dates, field) => {
    const signed = await addDataIntegrityProof(vc11(dates) as never, { signer: await signer() })
    const report = await verifyBadge(signed, { now: NOW, trust })
    expect(report.verified).toBe(false)
    expect(check(report, 'validity')).toMatchObject({ status: 'failed', code: 'ERR_OB_SCHEMA_INVALID' })
    expect(check(report, 'validity')!.message).toContain(`"${field}" must be one date-time string`)
  })
})

describe('status lists: a key renamed to its IRI is refused before the list is read', () => {
  it('1EdTech list, "revokedCredentials" → its full IRI → not verified (the revocation is not hidden)', async () => {
    const iri = VCRL_TERMS.revokedCredentials['@id']
    expectListRefused(await verifyBadge(revokedBadge, offline(renamed(list, 'revokedCredentials', iri))), iri)
  })

  it('1EdTech list, "validUntil" → its full IRI, verified in 2027 → not verified (no replay of an old list)', async () => {
    const notRevoked = await addDataIntegrityProof(await awardedCredential(victim, { id: 'urn:uuid:00000000-0000-4000-8000-0000000000aa', credentialStatus: { id: LIST_URL, type: '1EdTechRevocationList' } as never }), { signer: await signer() })
    const later = { now: new Date('2027-06-01T00:00:00Z') }
    const genuine = await verifyBadge(notRevoked, offline(list, later))
    expect(check(genuine, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_LIST_EXPIRED' })
    expectListRefused(await verifyBadge(notRevoked, offline(renamed(list, 'validUntil', `${VC}validUntil`, true), later)), `${VC}validUntil`)
  })

  it('"@id" in a revocation entry → refused', async () => {
    const aliased = { ...list, revokedCredentials: [{ '@id': REVOKED_ID, revoked: true }] }
    expectListRefused(await verifyBadge(revokedBadge, offline(aliased)), '@id')
  })
})

describe('a supplied list must be the list its URL names', () => {
  it('1EdTech: another signed credential of the issuer (another id) under the list URL → ERR_OB_STATUS_LIST_INVALID', async () => {
    const otherBadge = await addDataIntegrityProof(await awardedCredential(victim, { id: 'urn:uuid:00000000-0000-4000-8000-000000000001' }), { signer: await signer() })
    const report = await verifyBadge(revokedBadge, offline(otherBadge))
    expect(report.verified).toBe(false)
    expect(check(report, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_LIST_INVALID' })
    expect(check(report, 'status')!.message).toContain('is another document: its id is "urn:uuid:00000000-0000-4000-8000-000000000001"')
  })

  it('1EdTech: a signed credential of the issuer with the list URL as its id but no revokedCredentials → ERR_OB_STATUS_LIST_INVALID', async () => {
    const notAList = await addDataIntegrityProof(await awardedCredential(victim, { id: LIST_URL }), { signer: await signer() })
    const report = await verifyBadge(revokedBadge, offline(notAList))
    expect(report.verified).toBe(false)
    expect(check(report, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_LIST_INVALID' })
    expect(check(report, 'status')!.message).toContain('is not a revocation list')
  })

  it('1EdTech: the genuine list with no revocations (an empty revokedCredentials) still answers "not revoked"', async () => {
    const empty = await addDataIntegrityProof({ ...(({ proof: _p, ...rest }) => rest)(list), revokedCredentials: [] }, { signer: await signer(), created: new Date('2026-10-25T00:00:00Z') })
    const report = await verifyBadge(revokedBadge, offline(empty))
    expect(check(report, 'status')).toMatchObject({ status: 'passed' })
    expect(report.verified).toBe(true)
  })
})

describe('genuine documents are not refused', () => {
  const fixtures = ['test/fixtures/spec-examples', 'test/fixtures/validator', 'test/fixtures/validator/status', 'test/fixtures/validator/baked']
  it('every spec example and validator fixture parses (no IRI or keyword keys in real credentials)', async () => {
    const { readdirSync } = await import('node:fs')
    let read = 0
    for (const dir of fixtures) {
      for (const name of readdirSync(join(ROOT, dir)).filter((n) => /\.(json|png|svg)$/.test(n))) {
        const bytes = new Uint8Array(readFileSync(join(ROOT, dir, name)))
        const outcome = await parseBadgeInput(name.endsWith('.json') ? new TextDecoder().decode(bytes) : bytes).then(
          () => 'parsed',
          (error: { code?: string; message: string }) => `${error.code}: ${error.message}`,
        )
        expect(outcome, `${dir}/${name}`).not.toMatch(/^ERR_OB_JSONLD_INVALID/)
        read++
      }
    }
    expect(read).toBeGreaterThan(40)
  })
})
