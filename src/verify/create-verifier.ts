import { createDocumentCache, type DocumentCacheOptions } from '../keys/document-cache.js'
import type { BadgeInput } from './parse-input.js'
import { KEY_POLICY_OPTIONS } from './key-policy.js'
import { createStatusListCache } from './status-list-cache.js'
import type { VerificationReport } from './report.js'
import { type VerifyBadgeOptions, verifyBadge } from './verify-badge.js'

/** Options of {@link createVerifier}: those of `verifyBadge`, plus the bound of its document cache. */
export interface CreateVerifierOptions extends Omit<VerifyBadgeOptions, 'documentCache' | 'statusListCache'> {
  /** @default { maxEntries: 256, ttlMs: 300000 } */
  cache?: DocumentCacheOptions
}

/** A verifier that keeps what it resolved (issuer DID documents, key documents) and the status lists it verified between badges. */
export interface Verifier {
  /** `verifyBadge` with this verifier's options (overridable per call) and cache. */
  verify(input: BadgeInput, overrides?: Omit<VerifyBadgeOptions, 'documentCache' | 'statusListCache'>): Promise<VerificationReport>
}

/**
 * Makes a verifier for many badges: an issuer's document is fetched once and reused (bounded, for
 * `cache.ttlMs`), so 1,000 badges from one did:web issuer cost one look-up, and a status list
 * they share is verified and decoded once for its validity window.
 * @example
 * const verifier = createVerifier({ remote: {}, trust: parseTrustList(JSON.parse(text)) })
 * for (const badge of badges) console.log((await verifier.verify(badge)).verified)
 */
export function createVerifier({ cache, ...options }: CreateVerifierOptions = {}): Verifier {
  const documentCache = createDocumentCache(cache)
  const statusListCache = createStatusListCache()
  return {
    verify: (input, overrides = {}) => {
      // Lists enter the cache after key binding under this verifier's key policy; a call that changes
      // the policy (other pins, conformance mode, remote look-ups) judges its lists afresh.
      const samePolicy = KEY_POLICY_OPTIONS.every((name) => !(name in overrides))
      return verifyBadge(input, { ...options, ...overrides, documentCache, ...(samePolicy ? { statusListCache } : {}) })
    },
  }
}
