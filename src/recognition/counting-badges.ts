import type { ObErrorCode, PathwayRuleFailure } from '../errors.js'
import { isRecord } from '../internal/ids.js'
import type { BadgeInput } from '../verify/parse-input.js'
import { firstFailure, type VerificationReport } from '../verify/report.js'
import { acceptsAchievement, findTrustedIssuer, pinnedKeysOf, type TrustList } from '../verify/trust-list.js'
import { type VerifyBadgeOptions, verifyBadge } from '../verify/verify-badge.js'

/**
 * Why a badge does not count: a failed verification check's code, or one of the recognizer's own
 * (`ERR_OB_KEY_UNCONFIRMED`, `ERR_OB_ISSUER_UNTRUSTED`, `ERR_OB_ACHIEVEMENT_NOT_ACCEPTED`,
 * `ERR_OB_RECIPIENT_UNMATCHED`, `ERR_OB_CREDENTIAL_DUPLICATE`, `ERR_OB_CREDENTIAL_SUPERSEDED`, …).
 */
export type ExclusionCode = PathwayRuleFailure['code']

/** A badge that does not count, and why. */
export interface ExcludedBadge {
  /** Position of the badge in the input list, counting from 0 (reasons without `badgeNames` say "badge #1" for 0). */
  index: number
  credentialId: string | undefined
  issuer: string | undefined
  /** The achievement id it claims, when readable. */
  achievement: string | undefined
  /** The educator it was tied to, when the reason is about counting it twice. */
  educator?: string
  code: ExclusionCode
  reason: string
}

/** A badge that verified with a confirmed issuer key, from an approved issuer, for an accepted achievement. */
export interface CountingBadge {
  index: number
  credentialId: string
  issuerId: string
  /** The trust list's name for the issuer (never the badge's own claim). */
  organisation: string
  achievementId: string
  achievementName: string
  achievementType: string | undefined
  creditsEarned: number | undefined
  /** `validFrom` (or `issuanceDate`, `awardedDate`) in ms: a later one replaces an earlier re-issue. */
  issuedAt: number
  credentialSubject: Record<string, unknown>
  report: VerificationReport
}

export interface CountingBadgesOptions {
  trust: TrustList
  verifyOptions?: VerifyBadgeOptions
  /**
   * How reasons name the badges, by position (e.g. their file paths): "the same credential as
   * badges/ana.json". @default "badge #N", counting from 1
   */
  badgeNames?: readonly string[]
}

/** The name reasons give the badge at `index`: its entry in `badgeNames`, else "badge #N" (from 1). */
export function badgeNamer(badgeNames: readonly string[] | undefined): (index: number) => string {
  return (index) => badgeNames?.[index] ?? `badge #${index + 1}`
}

/**
 * Verifies each badge once and sorts it into counting or excluded. The trust list's pinned keys
 * confirm issuer keys offline. The same credential (issuer + credential id) given again in any
 * container — JSON, JWT, PNG, SVG — counts once; the copies are excluded as duplicates.
 * @example
 * const { counting, excluded } = await countingBadges(badges, { trust, verifyOptions: { statusLists } })
 */
export async function countingBadges(
  badges: readonly BadgeInput[],
  { trust, verifyOptions = {}, badgeNames }: CountingBadgesOptions,
): Promise<{ counting: CountingBadge[]; excluded: ExcludedBadge[] }> {
  if (!trust || !Array.isArray(trust.issuers)) throw new TypeError('a trust list (parseTrustList) is required: only approved issuers count')
  // Recognition judges trust itself (after verification, key confirmation first): a trust list in
  // verifyOptions would add the verifier's issuer-trust check, whose failure would stand in for the
  // badge's own (an expired untrusted badge reported as untrusted) and say twice why one does not count.
  // Its pinned keys still confirm issuers.
  const { trust: verifierTrust, ...verifyOnly } = verifyOptions
  const pins = withPinnedKeys(verifierTrust ? withPinnedKeys(verifyOnly.trustedIssuerKeys, verifierTrust) : verifyOnly.trustedIssuerKeys, trust)
  const options: VerifyBadgeOptions = { ...verifyOnly, trustedIssuerKeys: pins }
  const excluded: ExcludedBadge[] = []
  const seen = new Map<string, CountingBadge>()
  for (const [index, input] of badges.entries()) {
    const outcome = judge(index, await verifyBadge(input, options), trust)
    if ('code' in outcome) {
      excluded.push(outcome)
      continue
    }
    const key = `${outcome.issuerId}\n${outcome.credentialId}`
    const first = seen.get(key)
    if (!first) {
      seen.set(key, outcome)
      continue
    }
    // A copy counts once; if the issuer reused the id for a later version, the later one is kept.
    const [kept, copy] = outcome.issuedAt > first.issuedAt ? [outcome, first] : [first, outcome]
    seen.set(key, kept)
    excluded.push({ ...excludedAt(copy), code: 'ERR_OB_CREDENTIAL_DUPLICATE', reason: `the same credential as ${badgeNamer(badgeNames)(kept.index)}; it counts once` })
  }
  const counting = [...seen.values()].sort((a, b) => a.index - b.index)
  return { counting, excluded: excluded.sort((a, b) => a.index - b.index) }
}

/**
 * Keeps one badge per key (educator + achievement): the latest `validFrom` wins, so a re-issue
 * replaces the badge it corrects; the others are excluded as superseded.
 */
export function keepLatest(
  badges: readonly CountingBadge[],
  keyOf: (badge: CountingBadge) => string,
  educatorOf: (badge: CountingBadge) => string | undefined = () => undefined,
  nameOf: (index: number) => string = badgeNamer(undefined),
): { kept: CountingBadge[]; superseded: ExcludedBadge[] } {
  const latest = new Map<string, CountingBadge>()
  for (const badge of badges) {
    const key = keyOf(badge)
    const current = latest.get(key)
    if (!current || badge.issuedAt > current.issuedAt) latest.set(key, badge)
  }
  const kept = new Set(latest.values())
  const superseded = badges
    .filter((b) => !kept.has(b))
    .map((b): ExcludedBadge => {
      const winner = latest.get(keyOf(b))!
      const educator = educatorOf(b)
      return {
        ...excludedAt(b),
        ...(educator !== undefined && { educator }),
        code: 'ERR_OB_CREDENTIAL_SUPERSEDED',
        reason: `${winner.credentialId} (${nameOf(winner.index)}) credits the same educator for "${b.achievementName}"; it counts once`,
      }
    })
  return { kept: badges.filter((b) => kept.has(b)), superseded }
}

/** The identifying fields of an exclusion entry for a badge that verified. */
export function excludedAt(badge: Pick<CountingBadge, 'index' | 'credentialId' | 'issuerId' | 'achievementId'>): Pick<ExcludedBadge, 'index' | 'credentialId' | 'issuer' | 'achievement'> {
  return { index: badge.index, credentialId: badge.credentialId, issuer: badge.issuerId, achievement: badge.achievementId }
}

function judge(index: number, report: VerificationReport, trust: TrustList): CountingBadge | ExcludedBadge {
  const credential = report.credential as unknown as Record<string, unknown> | undefined
  const credentialId = typeof credential?.id === 'string' ? credential.id : undefined
  const issuer = report.issuer?.id
  const subject = isRecord(credential?.credentialSubject) ? credential.credentialSubject : {}
  const achievement = isRecord(subject.achievement) ? subject.achievement : {}
  const achievementId = typeof achievement.id === 'string' ? achievement.id : undefined
  const out = (code: ExclusionCode, reason: string): ExcludedBadge => ({ index, credentialId, issuer, achievement: achievementId, code, reason })
  if (!report.verified || !credential) {
    const failure = firstFailure(report)
    return out((failure?.code as ObErrorCode | undefined) ?? 'ERR_OB_GENERIC', failure ? `${failure.id}: ${failure.message}` : 'not verified')
  }
  if (!report.issuerKeyConfirmed) {
    const binding = report.checks.find((c) => c.id === 'key-binding')
    return out('ERR_OB_KEY_UNCONFIRMED', `the signing key is not confirmed to be the issuer's${binding ? ` (${binding.message})` : ''}; pin it in the trust list`)
  }
  const trusted = issuer === undefined ? undefined : findTrustedIssuer(trust, issuer)
  if (!trusted || issuer === undefined) return out('ERR_OB_ISSUER_UNTRUSTED', `the issuer "${issuer ?? '?'}" is not on the trust list`)
  if (!acceptsAchievement(trusted, achievementId) || achievementId === undefined || credentialId === undefined)
    return out('ERR_OB_ACHIEVEMENT_NOT_ACCEPTED', `the trust list does not accept "${achievementId ?? '?'}" from ${trusted.name}`)
  return {
    index,
    credentialId,
    issuerId: issuer,
    organisation: trusted.name,
    achievementId,
    achievementName: typeof achievement.name === 'string' ? achievement.name : achievementId,
    achievementType: typeof achievement.achievementType === 'string' ? achievement.achievementType : undefined,
    creditsEarned: typeof subject.creditsEarned === 'number' && Number.isFinite(subject.creditsEarned) ? subject.creditsEarned : undefined,
    issuedAt: issuedAt(credential),
    credentialSubject: subject,
    report,
  }
}

function issuedAt(credential: Record<string, unknown>): number {
  for (const field of ['validFrom', 'issuanceDate', 'awardedDate']) {
    const value = credential[field]
    const time = typeof value === 'string' ? Date.parse(value) : Number.NaN
    if (!Number.isNaN(time)) return time
  }
  return Number.NEGATIVE_INFINITY
}

function withPinnedKeys(given: VerifyBadgeOptions['trustedIssuerKeys'], trust: TrustList): Record<string, readonly string[]> {
  const merged: Record<string, readonly string[]> = { ...given }
  for (const [issuerId, keys] of Object.entries(pinnedKeysOf(trust))) merged[issuerId] = [...(merged[issuerId] ?? []), ...keys]
  return merged
}
