// A trust list answers "is this from an issuer I trust?": with one, the report has an `issuer-trust`
// check. A self-signed badge from a fresh did:key that calls itself a district verifies its own
// signature, and must still not be "verified" for a verifier who trusts only the real district.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { SignedCredential } from '../../src/credential/types.js'
import { AchievementNotAccepted, IssuerUntrusted } from '../../src/errors.js'
import { issueEndorsement } from '../../src/recognition/endorsement.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { signVcJwt } from '../../src/sign/vc-jwt.js'
import { createVerifier } from '../../src/verify/create-verifier.js'
import type { CheckResult } from '../../src/verify/report.js'
import { parseTrustList, type TrustList } from '../../src/verify/trust-list.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { ROOT } from '../helpers/examples.js'
import { awardedCredential, issuer, NOW } from '../helpers/issue.js'

const SPRINGFIELD = 'Springfield Public Schools'
let district: Awaited<ReturnType<typeof issuer>>
let genuine: SignedCredential
let fake: SignedCredential
let trust: TrustList
let achievementId: string

const checkOf = (report: { checks: CheckResult[] }) => report.checks.find((c) => c.id === 'issuer-trust')

beforeAll(async () => {
  district = await issuer('EdDSA', 'district')
  genuine = await signDataIntegrity(await awardedCredential(district.key, { issuer: { id: district.key.issuerId, name: 'Springfield PS' } }), { signer: district.signer })
  achievementId = String(genuine.credentialSubject.achievement.id)
  // A stranger's fresh did:key, naming itself after a district: its own signature and key are fine.
  const stranger = await issuer('EdDSA', 'lakeside-impostor')
  fake = await signDataIntegrity(await awardedCredential(stranger.key, { issuer: { id: stranger.key.issuerId, name: 'Lakeside Unified School District' } }), { signer: stranger.signer })
  trust = parseTrustList({ issuers: [{ id: district.key.issuerId, name: SPRINGFIELD }] })
}, 60_000)

describe('without a trust list nothing changes', () => {
  it('no issuer-trust check, the fake verifies on its own signature (its issuer is its own did:key)', async () => {
    const report = await verifyBadge(fake, { now: NOW })
    expect(checkOf(report)).toBeUndefined()
    expect(report).toMatchObject({ verified: true, issuerKeyConfirmed: true })
    expect(report.trustedIssuer).toBeUndefined()
  })
})

describe('with a trust list', () => {
  it('an issuer not on it → not verified, ERR_OB_ISSUER_UNTRUSTED (its key binding still passes)', async () => {
    const report = await verifyBadge(fake, { now: NOW, trust })
    expect(report.verified).toBe(false)
    expect(checkOf(report)).toMatchObject({ status: 'failed', code: 'ERR_OB_ISSUER_UNTRUSTED' })
    expect(checkOf(report)?.message).toMatch(/Lakeside Unified School District.*not on your trust list/)
    expect(report.checks.find((c) => c.id === 'key-binding')).toMatchObject({ status: 'passed' })
    expect(report.errors).toHaveLength(1)
    expect(report.errors[0]).toBeInstanceOf(IssuerUntrusted)
    expect(report.trustedIssuer).toBeUndefined()
  })

  it('an issuer on it → passed, and the report carries the trust list’s name (not the badge’s own claim)', async () => {
    const report = await verifyBadge(genuine, { now: NOW, trust })
    expect(report.verified).toBe(true)
    expect(checkOf(report)).toMatchObject({ status: 'passed' })
    expect(checkOf(report)?.message).toContain(SPRINGFIELD)
    expect(report.trustedIssuer).toEqual({ id: district.key.issuerId, name: SPRINGFIELD })
    expect(report.issuer).toEqual({ id: district.key.issuerId, name: 'Springfield PS' })
  })

  it('runs right after key binding', async () => {
    const report = await verifyBadge(genuine, { now: NOW, trust })
    const ids = report.checks.map((c) => c.id)
    expect(ids.indexOf('issuer-trust')).toBe(ids.indexOf('key-binding') + 1)
  })

  it('the same for a VC-JWT', async () => {
    const jwt = await signVcJwt(await awardedCredential(district.key), { signer: district.signer })
    expect(await verifyBadge(jwt, { now: NOW, trust })).toMatchObject({ verified: true, trustedIssuer: { name: SPRINGFIELD } })
    const other = parseTrustList({ issuers: [{ id: 'did:web:elsewhere.example', name: 'Elsewhere' }] })
    const report = await verifyBadge(jwt, { now: NOW, trust: other })
    expect(checkOf(report)).toMatchObject({ status: 'failed', code: 'ERR_OB_ISSUER_UNTRUSTED' })
  })

  it('an achievement the list does not accept from the issuer → ERR_OB_ACHIEVEMENT_NOT_ACCEPTED; an accepted one passes', async () => {
    const narrow = parseTrustList({ issuers: [{ id: district.key.issuerId, name: SPRINGFIELD, achievements: ['https://credentials.example.org/other'] }] })
    const refused = await verifyBadge(genuine, { now: NOW, trust: narrow })
    expect(refused.verified).toBe(false)
    expect(checkOf(refused)).toMatchObject({ status: 'failed', code: 'ERR_OB_ACHIEVEMENT_NOT_ACCEPTED' })
    expect(refused.errors[0]).toBeInstanceOf(AchievementNotAccepted)
    expect(refused.trustedIssuer).toBeUndefined()
    const accepting = parseTrustList({ issuers: [{ id: district.key.issuerId, name: SPRINGFIELD, achievements: [achievementId] }] })
    expect(await verifyBadge(genuine, { now: NOW, trust: accepting })).toMatchObject({ verified: true, trustedIssuer: { name: SPRINGFIELD } })
  })

  it('an issuer on the list whose key is not confirmed: key binding fails, issuer-trust is skipped (one error, never "trusted")', async () => {
    // The 1EdTech validator's simple.json: an https issuer whose key is read from the verification-method URL.
    const simple = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/validator/simple.json'), 'utf8'))
    const listed = parseTrustList({ issuers: [{ id: simple.issuer.id, name: 'Example Issuer' }] })
    const at = { now: new Date('2026-11-01T00:00:00Z'), trust: listed }
    const strict = await verifyBadge(simple, at)
    expect(strict.errors.map((e) => e.code)).toEqual(['ERR_OB_KEY_UNCONFIRMED'])
    expect(checkOf(strict)).toMatchObject({ status: 'skipped' })
    expect(strict.trustedIssuer).toBeUndefined()
    // Conformance mode lets the claimed key through, but nothing shows the badge is from the listed issuer.
    const conformance = await verifyBadge(simple, { ...at, acceptClaimedKey: true })
    expect(conformance.verified).toBe(true)
    expect(checkOf(conformance)).toMatchObject({ status: 'warning', code: 'WARN_OB_KEY_UNCONFIRMED' })
    expect(conformance.trustedIssuer).toBeUndefined()
  })

  it('a badge that cannot be read: the check is not reached', async () => {
    const report = await verifyBadge('not a badge', { now: NOW, trust })
    expect(checkOf(report)).toMatchObject({ status: 'skipped' })
  })

  it('endorsements are not held to the trust list (it names the issuers of badges); their keys still follow the badge’s rule', async () => {
    const { key: state, signer } = await issuer('EdDSA', 'state')
    const unsigned = await awardedCredential(district.key)
    const endorsement = await issueEndorsement({
      endorser: { id: state.issuerId, name: 'State Department of Education' },
      subjectId: achievementId,
      comment: 'Approved for 15 relicensure hours.',
      signer,
      validFrom: new Date('2026-01-01T00:00:00Z'),
    })
    const endorsed = await signDataIntegrity({ ...unsigned, endorsement: [endorsement] } as typeof unsigned, { signer: district.signer })
    const report = await verifyBadge(endorsed, { now: NOW, trust })
    expect(report.verified).toBe(true)
    expect(report.endorsements).toEqual([expect.objectContaining({ verified: true })])
    expect(report.endorsements[0]!.checks.map((c) => c.id)).not.toContain('issuer-trust')
  })
})

describe('createVerifier: the trust list of each call decides', () => {
  it('a verifier’s own list, a per-call list, then its own again', async () => {
    const verifier = createVerifier({ now: NOW, trust })
    expect(await verifier.verify(genuine)).toMatchObject({ verified: true, trustedIssuer: { name: SPRINGFIELD } })
    expect(await verifier.verify(fake)).toMatchObject({ verified: false })
    const renamed = parseTrustList({ issuers: [{ id: district.key.issuerId, name: 'District 186' }] })
    expect(await verifier.verify(genuine, { trust: renamed })).toMatchObject({ verified: true, trustedIssuer: { name: 'District 186' } })
    const lakeside = parseTrustList({ issuers: [{ id: String(fake.issuer.id), name: 'Lakeside (approved)' }] })
    expect(await verifier.verify(fake, { trust: lakeside })).toMatchObject({ verified: true, trustedIssuer: { name: 'Lakeside (approved)' } })
    expect(checkOf(await verifier.verify(genuine, { trust: lakeside }))).toMatchObject({ status: 'failed', code: 'ERR_OB_ISSUER_UNTRUSTED' })
    expect(await verifier.verify(genuine)).toMatchObject({ verified: true, trustedIssuer: { name: SPRINGFIELD } })
    expect(await verifier.verify(fake)).toMatchObject({ verified: false })
  })

  it('a verifier without a list: no check, unless a call brings one', async () => {
    const verifier = createVerifier({ now: NOW })
    expect(checkOf(await verifier.verify(fake))).toBeUndefined()
    expect(checkOf(await verifier.verify(fake, { trust }))).toMatchObject({ status: 'failed', code: 'ERR_OB_ISSUER_UNTRUSTED' })
    expect(checkOf(await verifier.verify(fake))).toBeUndefined()
  })
})
