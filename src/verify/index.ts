// `microcred/verify`: the verifier alone. A service or script that only checks badges imports this
// entry and loads neither the template model, its validators, batch issuance nor the CSV parser,
// which the full entry (`microcred`) brings in — about a third less code to compile at start-up.
export { BUNDLED_CONTEXTS, OB_V3_CONTEXT, OB_V3_EXTENSIONS_CONTEXT, VC_V1_CONTEXT, VC_V2_CONTEXT } from '../credential/contexts.js'
export { createDocumentLoader, type DocumentLoader, type DocumentLoaderOptions } from '../credential/document-loader.js'
export type { OpenBadgeCredential, SignedCredential } from '../credential/types.js'
export * from '../errors.js'
export { createDocumentCache, type DocumentCache, type DocumentCacheOptions } from '../keys/document-cache.js'
export { type ResolveKeyOptions, type ResolvedKey, resolveVerificationMethod } from '../keys/resolve-key.js'
export type { FetchLike, RemoteOptions } from '../internal/safe-fetch.js'
export type { KeyBindingOptions } from './checks/key-binding.js'
export { createVerifier, type CreateVerifierOptions, type Verifier } from './create-verifier.js'
export { type BadgeInput, parseBadgeInput } from './parse-input.js'
export type { BadgeContainer, BadgeFormat, CheckId, CheckResult, CheckStatus, EndorsementReport, VerificationReport, WarningCode } from './report.js'
export { firstFailure } from './report.js'
export { type VerifyBadgeOptions, verifyBadge } from './verify-badge.js'
export { acceptsAchievement, findTrustedIssuer, parseTrustList, pinnedKeysOf, type TrustedIssuer, type TrustList } from './trust-list.js'
