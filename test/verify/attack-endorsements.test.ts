// Endorsements only count for what they name: a genuine endorsement of something else, embedded in a
// badge, must not be reported as verified for that badge. Every case asserts the verdict and the code.
import { describe, expect, it } from 'vitest'
import { issueEndorsement } from '../../src/recognition/endorsement.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
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
