import type { VerifyBadgeOptions } from './verify-badge.js'

/** Options that decide whose keys are confirmed, and so which status lists may be trusted. */
export const KEY_POLICY_OPTIONS = ['trust', 'trustedIssuerKeys', 'acceptClaimedKey', 'requireConfirmedIssuerKey', 'remote'] as const

/**
 * The key policy of plain-data options (no `remote`: a function cannot be compared) as a string. A
 * status list enters a cache after key binding under one policy; a cache shared by calls with
 * different pins or modes must be one per policy. Equal policies written differently (another key
 * order) only miss the cache.
 */
export function keyPolicyOf(options: Omit<Pick<VerifyBadgeOptions, (typeof KEY_POLICY_OPTIONS)[number]>, 'remote'>): string {
  return JSON.stringify([options.trust ?? null, options.trustedIssuerKeys ?? null, options.acceptClaimedKey ?? false, options.requireConfirmedIssuerKey ?? false])
}
