import { isRecord } from '../../internal/ids.js'
import type { CheckResult } from '../report.js'
import { acceptsAchievement, findTrustedIssuer, type TrustList } from '../trust-list.js'

export interface IssuerTrustOutcome {
  check: CheckResult
  /** The trust list's entry for the issuer, when the check passed. */
  trusted?: { id: string; name: string }
}

/**
 * Is the badge from an issuer the caller trusts (the `trust` option, `--trust FILE`)? Whether the
 * issuer id and the achievement are on the list is a fact about the list, so either failure stands
 * whatever the proof and key binding say (`ERR_OB_ISSUER_UNTRUSTED`, `ERR_OB_ACHIEVEMENT_NOT_ACCEPTED`).
 * A pass also needs the signing key confirmed as that issuer's: a badge that merely names a trusted
 * issuer is not from it. Without a confirmed key the check is skipped (key binding already failed)
 * or, in conformance mode, warns.
 */
export function checkIssuerTrust(credential: Record<string, unknown>, issuerId: string | undefined, trust: TrustList, keyBinding: CheckResult): IssuerTrustOutcome {
  if (issuerId === undefined) return { check: { id: 'issuer-trust', status: 'skipped', message: 'needs an issuer id' } }
  const entry = findTrustedIssuer(trust, issuerId)
  const claimedName = isRecord(credential.issuer) && typeof credential.issuer.name === 'string' ? credential.issuer.name : undefined
  if (!entry)
    return {
      check: {
        id: 'issuer-trust',
        status: 'failed',
        code: 'ERR_OB_ISSUER_UNTRUSTED',
        message: `the issuer ${issuerId}${claimedName === undefined ? '' : ` (calling itself "${claimedName}")`} is not on your trust list`,
      },
    }
  const subject = isRecord(credential.credentialSubject) ? credential.credentialSubject : {}
  const achievement = isRecord(subject.achievement) ? subject.achievement : {}
  const achievementId = typeof achievement.id === 'string' ? achievement.id : undefined
  if (!acceptsAchievement(entry, achievementId))
    return {
      check: {
        id: 'issuer-trust',
        status: 'failed',
        code: 'ERR_OB_ACHIEVEMENT_NOT_ACCEPTED',
        message: `your trust list accepts ${entry.achievements?.length ?? 0} listed achievement(s) from ${entry.name}, and ${achievementId === undefined ? 'this badge names none' : `"${achievementId}" is not one of them`}`,
      },
    }
  if (keyBinding.status === 'warning')
    return {
      check: {
        id: 'issuer-trust',
        status: 'warning',
        code: 'WARN_OB_KEY_UNCONFIRMED',
        message: `the issuer id is on your trust list as ${entry.name}, but the signing key only claims to be theirs, so nothing shows that this badge is from them`,
      },
    }
  if (keyBinding.status !== 'passed')
    return { check: { id: 'issuer-trust', status: 'skipped', message: `the issuer id is on your trust list as ${entry.name}; needs a signing key confirmed as theirs (see key-binding)` } }
  const accepted = entry.achievements === undefined ? '' : ', which accepts this achievement from it'
  return { check: { id: 'issuer-trust', status: 'passed', message: `${entry.name} is on your trust list${accepted}` }, trusted: { id: entry.id, name: entry.name } }
}
