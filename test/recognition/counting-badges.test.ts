import { describe, expect, it } from 'vitest'
import { generateIssuerKey } from '../../src/keys/issuer-keys.js'
import { countingBadges } from '../../src/recognition/counting-badges.js'
import { checkPathway } from '../../src/recognition/pathway-credential.js'
import { recognitionReport } from '../../src/recognition/report.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { signerFromJwk } from '../../src/sign/signer.js'
import { parseTrustList, type TrustList } from '../../src/verify/trust-list.js'
import { awardedCredential, issuer, NOW } from '../helpers/issue.js'
import { ANA, credentialId, DISTRICT_NAME, districtTrust, executive, gestures, memberBadge, pathway } from '../helpers/recognition.js'

const verifyOptions = { now: NOW }

/** A did:web issuer's badge, signed by whichever key for that host is given (the real one or an impostor's). */
async function didWebBadge(keyName: 'real' | 'impostor') {
  const key = await didWebKey(keyName)
  const signer = await signerFromJwk(key.privateJwk, { id: key.verificationMethod })
  return { key, badge: await signDataIntegrity(await awardedCredential(key, { id: credentialId() }), { signer }) }
}
const didWebKeys = new Map<string, ReturnType<typeof generateIssuerKey>>()
function didWebKey(name: string) {
  if (!didWebKeys.has(name)) didWebKeys.set(name, generateIssuerKey({ algorithm: 'EdDSA', identifier: { method: 'did:web', host: 'springfield.example.org' } }))
  return didWebKeys.get(name)!
}

describe('which badges count (trust list, key confirmation)', () => {
  it('a did:web issuer counts only with a key pinned in the trust list; an impostor key under the same did:web never does', async () => {
    const real = await didWebBadge('real')
    const impostor = await didWebBadge('impostor')
    expect(impostor.badge.issuer.id).toBe(real.badge.issuer.id)
    const unpinned = parseTrustList({ issuers: [{ id: real.key.issuerId, name: 'Springfield' }] })
    const none = await countingBadges([real.badge, impostor.badge], { trust: unpinned, verifyOptions })
    expect(none.counting).toEqual([])
    expect(none.excluded.map((e) => e.code)).toEqual(['ERR_OB_KEY_UNCONFIRMED', 'ERR_OB_KEY_UNCONFIRMED'])

    const pinned = parseTrustList({ issuers: [{ id: real.key.issuerId, name: 'Springfield', keys: [real.key.verificationMethod] }] })
    const { counting, excluded } = await countingBadges([real.badge, impostor.badge], { trust: pinned, verifyOptions })
    expect(counting.map((b) => [b.credentialId, b.organisation])).toEqual([[real.badge.id, 'Springfield']])
    // Unconfirmed, or (once the verifier refuses an unpinned key of a pinned issuer) not the issuer's.
    expect(excluded).toEqual([expect.objectContaining({ index: 1, code: expect.stringMatching(/^ERR_OB_KEY_(UNCONFIRMED|NOT_ISSUER)$/) })])
  })

  it('an approved issuer counts only for the achievements the trust list accepts from it', async () => {
    const { key } = await issuer('EdDSA', 'district')
    const trust = parseTrustList({ issuers: [{ id: key.issuerId, name: DISTRICT_NAME, achievements: [gestures.id] }] })
    const badges = [await memberBadge({ template: gestures }), await memberBadge({ template: executive })]
    const report = await recognitionReport(badges, [{ kind: 'pd-hours', hours: 15 }], { trust, verifyOptions })
    expect(report.educators).toEqual([expect.objectContaining({ pdHours: 15, credentials: [badges[0]!.id] })])
    expect(report.excluded).toEqual([expect.objectContaining({ index: 1, code: 'ERR_OB_ACHIEVEMENT_NOT_ACCEPTED', achievement: executive.id })])
  })

  it('an expired member is skipped with ERR_OB_CREDENTIAL_EXPIRED', async () => {
    const expired = await memberBadge({ template: executive, validFrom: new Date('2026-01-01T00:00:00Z'), validUntil: new Date('2026-06-01T00:00:00Z') })
    const check = await checkPathway(pathway, [await memberBadge({ template: gestures }), expired], { trust: await districtTrust(), recipient: { id: ANA.id! }, verifyOptions })
    expect(check.progress.complete).toBe(false)
    expect(check.rejected).toEqual([expect.objectContaining({ credentialId: expired.id, code: 'ERR_OB_CREDENTIAL_EXPIRED' })])
    expect(check.unmet.find((u) => u.template === executive.id)).toMatchObject({ path: '/rule/allOf/1/of/1', code: 'ERR_OB_CREDENTIAL_EXPIRED' })
  })

  it('a badge that is not a pathway member is listed, not counted', async () => {
    const other = { ...gestures, id: 'https://credentials.example.org/microcredentials/unrelated', title: 'Unrelated' }
    const check = await checkPathway(pathway, [await memberBadge({ template: other })], { trust: await districtTrust(), recipient: { id: ANA.id! }, verifyOptions })
    expect(check.rejected).toEqual([expect.objectContaining({ code: 'ERR_OB_NOT_PATHWAY_MEMBER' })])
    expect(check.unmet.map((u) => u.code)).toEqual(['ERR_OB_PATHWAY_MEMBER_MISSING', 'ERR_OB_PATHWAY_INCOMPLETE', 'ERR_OB_PATHWAY_MEMBER_MISSING', 'ERR_OB_PATHWAY_MEMBER_MISSING'])
  })

  it('an unreadable input is excluded with its parse error, and the rest still count', async () => {
    const report = await recognitionReport(['not a badge', new Uint8Array([1, 2, 3]), await memberBadge()], [{ kind: 'pd-hours', hours: 15 }], { trust: await districtTrust(), verifyOptions })
    expect(report.excluded.map((e) => [e.index, e.code])).toEqual([
      [0, 'ERR_OB_PARSE_FAILED'],
      [1, 'ERR_OB_PARSE_FAILED'],
    ])
    expect(report.educators[0]!.pdHours).toBe(15)
  })

  it('the same credential id from two issuers is two credentials; the educator still gets the achievement once', async () => {
    const id = credentialId()
    const [a, b] = [await memberBadge({ id }), await memberBadge({ id, issuerName: 'other' })]
    const trust = await districtTrust([{ id: (await issuer('EdDSA', 'other')).key.issuerId, name: 'Other Academy' }])
    const { counting, excluded } = await countingBadges([a, b], { trust, verifyOptions })
    expect(counting.map((c) => [c.index, c.organisation])).toEqual([
      [0, DISTRICT_NAME],
      [1, 'Other Academy'],
    ])
    expect(excluded).toEqual([])
    const report = await recognitionReport([a, b], [{ kind: 'pd-hours', hours: 15 }], { trust, verifyOptions })
    expect(report.educators).toEqual([expect.objectContaining({ pdHours: 15 })])
    expect(report.excluded).toEqual([expect.objectContaining({ index: 1, code: 'ERR_OB_CREDENTIAL_SUPERSEDED', reason: expect.stringContaining('(badge #1)') })])
    const named = await recognitionReport([a, b], [{ kind: 'pd-hours', hours: 15 }], { trust, verifyOptions, badgeNames: ['a.json', 'b.json'] })
    expect(named.excluded).toEqual([expect.objectContaining({ index: 1, reason: expect.stringContaining('(a.json) credits the same educator') })])
  })

  it('a re-used credential id keeps the later version', async () => {
    const id = credentialId()
    const older = await memberBadge({ id, validFrom: new Date('2026-10-01T00:00:00Z') })
    const newer = await memberBadge({ id, validFrom: new Date('2026-10-15T00:00:00Z') })
    const { counting, excluded } = await countingBadges([newer, older], { trust: await districtTrust(), verifyOptions })
    expect(counting.map((c) => c.index)).toEqual([0])
    expect(excluded).toEqual([expect.objectContaining({ index: 1, code: 'ERR_OB_CREDENTIAL_DUPLICATE', reason: 'the same credential as badge #1; it counts once' })])
    const named = await countingBadges([newer, older], { trust: await districtTrust(), verifyOptions, badgeNames: ['badges/newer.json', 'badges/older.png'] })
    expect(named.excluded).toEqual([expect.objectContaining({ index: 1, reason: 'the same credential as badges/newer.json; it counts once' })])
  })

  it('refuses to run without a trust list or a recipient (misuse: TypeError)', async () => {
    const badge = await memberBadge()
    await expect(recognitionReport([badge], [], {} as unknown as { trust: TrustList })).rejects.toBeInstanceOf(TypeError)
    await expect(checkPathway(pathway, [badge], { trust: await districtTrust(), recipient: {} })).rejects.toBeInstanceOf(TypeError)
    const emails = 'ana@example.org' as unknown as string[]
    await expect(checkPathway(pathway, [badge], { trust: await districtTrust(), recipient: { emails } })).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
  })
})

describe('a trust list in verifyOptions too (the verifier’s issuer-trust check): the same codes, each reason once', () => {
  it('an untrusted issuer: ERR_OB_ISSUER_UNTRUSTED with recognition’s reason; an expired untrusted badge: ERR_OB_CREDENTIAL_EXPIRED', async () => {
    const trust = await districtTrust()
    const stranger = await memberBadge({ issuerName: 'stranger' })
    const expiredStranger = await memberBadge({ issuerName: 'stranger', validFrom: new Date('2026-01-01T00:00:00Z'), validUntil: new Date('2026-06-01T00:00:00Z') })
    const badges = [await memberBadge(), stranger, expiredStranger]
    const without = await countingBadges(badges, { trust, verifyOptions })
    const withTrust = await countingBadges(badges, { trust, verifyOptions: { ...verifyOptions, trust } })
    expect(withTrust.excluded).toEqual(without.excluded)
    expect(withTrust.excluded.map((e) => [e.index, e.code])).toEqual([
      [1, 'ERR_OB_ISSUER_UNTRUSTED'],
      [2, 'ERR_OB_CREDENTIAL_EXPIRED'],
    ])
    expect(withTrust.excluded[0]!.reason).toBe(`the issuer "${stranger.issuer.id}" is not on the trust list`)
    expect(withTrust.counting.map((b) => [b.index, b.organisation])).toEqual([[0, DISTRICT_NAME]])
    // The counted badge's report is the verifier's without a second trust verdict in it.
    expect(withTrust.counting[0]!.report.checks.map((c) => c.id)).not.toContain('issuer-trust')
  })

  it('conformance mode, a claimed key of an untrusted issuer: still ERR_OB_KEY_UNCONFIRMED; its pins still confirm keys', async () => {
    const real = await didWebBadge('real')
    const trust = await districtTrust()
    const pinned = parseTrustList({ issuers: [{ id: real.key.issuerId, name: 'Springfield', keys: [real.key.verificationMethod] }] })
    const claimed = await countingBadges([real.badge], { trust, verifyOptions: { ...verifyOptions, trust, acceptClaimedKey: true } })
    expect(claimed.excluded.map((e) => e.code)).toEqual(['ERR_OB_KEY_UNCONFIRMED'])
    // A list given to the verifier only (pins for an issuer the recognizer does not approve): confirmed, then untrusted.
    const pinnedOnly = await countingBadges([real.badge], { trust, verifyOptions: { ...verifyOptions, trust: pinned } })
    expect(pinnedOnly.excluded.map((e) => e.code)).toEqual(['ERR_OB_ISSUER_UNTRUSTED'])
  })
})
