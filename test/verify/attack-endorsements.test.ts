// Endorsements only count for what they name: a genuine endorsement of something else, embedded in a
// badge, must not be reported as verified for that badge. Every case asserts the verdict and the code.
import { describe, expect, it } from 'vitest'
import { generateIssuerKey } from '../../src/keys/issuer-keys.js'
import { issueEndorsement } from '../../src/recognition/endorsement.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { signerFromJwk } from '../../src/sign/signer.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { awardedCredential, issuer, NOW } from '../helpers/issue.js'

async function endorsementOf(subjectId: string) {
  const { key: state, signer } = await issuer('EdDSA', 'state')
  return issueEndorsement({
    endorser: { id: state.issuerId, name: 'State Department of Education' },
    subjectId,
    comment: 'Approved for 15 relicensure hours.',
    signer,
    validFrom: new Date('2026-01-01T00:00:00Z'),
  })
}

async function badgeWithCredentialEndorsement(subjectId: (badge: { id: string; achievementId: string; issuerId: string }) => string) {
  const { key, signer } = await issuer()
  const unsigned = await awardedCredential(key)
  const endorsement = await endorsementOf(subjectId({ id: unsigned.id, achievementId: String(unsigned.credentialSubject.achievement.id), issuerId: key.issuerId }))
  return signDataIntegrity({ ...unsigned, endorsement: [endorsement] } as typeof unsigned, { signer })
}

describe('credential-level endorsements', () => {
  it('an endorsement of another achievement, embedded in the credential, is not verified for it → WARN_OB_ENDORSEMENT_UNVERIFIED', async () => {
    const badge = await badgeWithCredentialEndorsement(() => 'https://other.example/achievements/national-board-certification')
    const report = await verifyBadge(badge, { now: NOW })
    expect(report.checks.find((c) => c.id === 'endorsements')).toMatchObject({ status: 'warning', code: 'WARN_OB_ENDORSEMENT_UNVERIFIED' })
    expect(report.endorsements).toEqual([expect.objectContaining({ embeddedIn: 'credential', verified: false })])
    const strict = await verifyBadge(badge, { now: NOW, requireValidEndorsements: true })
    expect(strict.verified).toBe(false)
    expect(strict.errors.map((e) => e.code)).toContain('ERR_OB_ENDORSEMENT_INVALID')
  })

  it.each([
    ['the credential', (b: { id: string }) => b.id],
    ['its achievement', (b: { achievementId: string }) => b.achievementId],
    ['its issuer', (b: { issuerId: string }) => b.issuerId],
  ])('an endorsement of %s, embedded in the credential, verifies', async (_what, subjectId) => {
    const report = await verifyBadge(await badgeWithCredentialEndorsement(subjectId as never), { now: NOW })
    expect(report.checks.find((c) => c.id === 'endorsements')).toMatchObject({ status: 'passed' })
    expect(report.endorsements).toEqual([expect.objectContaining({ embeddedIn: 'credential', verified: true })])
    expect(report.verified).toBe(true)
  })
})

describe('an endorsement is a trust claim: its key binding follows the badge’s rule', () => {
  /** A badge of a did:key issuer (confirmed) carrying an endorsement of its achievement by a did:web endorser. */
  async function badgeEndorsedByWebEndorser() {
    const endorser = await generateIssuerKey({ identifier: { method: 'did:web', host: 'education.state.example' } })
    const { key, signer } = await issuer()
    const unsigned = await awardedCredential(key)
    const endorsement = await issueEndorsement({
      endorser: { id: endorser.issuerId, name: 'State Department of Education' },
      subjectId: String(unsigned.credentialSubject.achievement.id),
      comment: 'Approved for 15 relicensure hours.',
      signer: await signerFromJwk(endorser.privateJwk, { id: endorser.verificationMethod }),
      validFrom: new Date('2026-01-01T00:00:00Z'),
    })
    return { endorser, badge: await signDataIntegrity({ ...unsigned, endorsement: [endorsement] } as typeof unsigned, { signer }) }
  }

  it('conformance mode: an endorser key that is only claimed is not a verified endorsement → WARN_OB_ENDORSEMENT_UNVERIFIED', async () => {
    const { badge } = await badgeEndorsedByWebEndorser()
    const report = await verifyBadge(badge, { now: NOW, acceptClaimedKey: true })
    expect(report.verified).toBe(true)
    expect(report.issuerKeyConfirmed).toBe(true)
    expect(report.endorsements).toEqual([expect.objectContaining({ verified: false, issuerKeyConfirmed: false })])
    expect(report.endorsements[0]!.checks.find((c) => c.id === 'key-binding')).toMatchObject({ status: 'warning', code: 'WARN_OB_KEY_UNCONFIRMED' })
    const check = report.checks.find((c) => c.id === 'endorsements')
    expect(check).toMatchObject({ status: 'warning', code: 'WARN_OB_ENDORSEMENT_UNVERIFIED' })
    expect(check?.message).toMatch(/not confirmed/)
  })

  it('conformance mode with requireValidEndorsements: the badge fails → ERR_OB_ENDORSEMENT_INVALID', async () => {
    const { badge } = await badgeEndorsedByWebEndorser()
    const report = await verifyBadge(badge, { now: NOW, acceptClaimedKey: true, requireValidEndorsements: true })
    expect(report.verified).toBe(false)
    expect(report.errors.map((e) => e.code)).toContain('ERR_OB_ENDORSEMENT_INVALID')
  })

  it('strict (default): the same endorsement is not verified either → WARN_OB_ENDORSEMENT_UNVERIFIED', async () => {
    const { badge } = await badgeEndorsedByWebEndorser()
    const report = await verifyBadge(badge, { now: NOW })
    expect(report.endorsements).toEqual([expect.objectContaining({ verified: false, issuerKeyConfirmed: false })])
    expect(report.checks.find((c) => c.id === 'endorsements')).toMatchObject({ status: 'warning', code: 'WARN_OB_ENDORSEMENT_UNVERIFIED' })
  })

  it('the endorser’s key pinned: a verified, confirmed endorsement', async () => {
    const { badge, endorser } = await badgeEndorsedByWebEndorser()
    const report = await verifyBadge(badge, { now: NOW, trustedIssuerKeys: { [endorser.issuerId]: [endorser.verificationMethod] } })
    expect(report.endorsements).toEqual([expect.objectContaining({ verified: true, issuerKeyConfirmed: true })])
    expect(report.checks.find((c) => c.id === 'endorsements')).toMatchObject({ status: 'passed' })
    expect(report.verified).toBe(true)
  })
})

describe('how many endorsements are verified', () => {
  async function badgeWithEndorsements(n: number) {
    const { key, signer } = await issuer()
    const unsigned = await awardedCredential(key)
    const one = await endorsementOf(String(unsigned.credentialSubject.achievement.id))
    const achievement = { ...unsigned.credentialSubject.achievement, endorsement: Array.from({ length: n }, () => one) }
    return signDataIntegrity({ ...unsigned, credentialSubject: { ...unsigned.credentialSubject, achievement } } as typeof unsigned, { signer })
  }

  it('more than maxEndorsements: none is verified, and the genuine badge still verifies → WARN_OB_ENDORSEMENT_UNVERIFIED', async () => {
    const report = await verifyBadge(await badgeWithEndorsements(17), { now: NOW })
    const check = report.checks.find((c) => c.id === 'endorsements')
    expect(check).toMatchObject({ status: 'warning', code: 'WARN_OB_ENDORSEMENT_UNVERIFIED' })
    expect(check?.message).toContain('at most 16')
    expect(report.endorsements).toEqual([])
    expect(report.verified).toBe(true)
  })

  it('…with requireValidEndorsements the badge fails → ERR_OB_ENDORSEMENT_INVALID', async () => {
    const report = await verifyBadge(await badgeWithEndorsements(17), { now: NOW, requireValidEndorsements: true })
    expect(report.checks.find((c) => c.id === 'endorsements')).toMatchObject({ status: 'failed', code: 'ERR_OB_ENDORSEMENT_INVALID' })
    expect(report.verified).toBe(false)
  })

  it('16 are all verified', async () => {
    const report = await verifyBadge(await badgeWithEndorsements(16), { now: NOW })
    expect(report.checks.find((c) => c.id === 'endorsements')).toMatchObject({ status: 'passed' })
    expect(report.endorsements).toHaveLength(16)
  })
})
