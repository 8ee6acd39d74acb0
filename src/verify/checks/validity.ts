import type { CheckResult } from '../report.js'

export interface ValidityOptions {
  /** The verifier's clock. @default new Date() */
  now?: Date
  /** Tolerated clock difference, in seconds. @default 300 */
  maxClockSkew?: number
}

/**
 * `validFrom` ≤ now ≤ `validUntil`, with skew. A credential may state a date twice (VCDM 1.1
 * `issuanceDate` / `expirationDate` beside VCDM 2.0 `validFrom` / `validUntil`): every start must
 * have come and no end may have passed, so the stricter of two disagreeing dates decides.
 */
export function checkValidity(credential: Record<string, unknown>, { now = new Date(), maxClockSkew = 300 }: ValidityOptions): CheckResult {
  const skew = maxClockSkew * 1000
  const at = now.toISOString()
  // A stated date that is not one string ("expirationDate": ["…"], the same RDF graph, so the proof
  // holds) is refused, never skipped: skipping it would let a wrapped date hide an expiry.
  for (const name of ['validFrom', 'issuanceDate', 'validUntil', 'expirationDate'] as const) {
    const value = credential[name]
    if (value !== undefined && typeof value !== 'string')
      return { id: 'validity', status: 'failed', code: 'ERR_OB_SCHEMA_INVALID', message: `"${name}" must be one date-time string (got ${JSON.stringify(value).slice(0, 80)})` }
  }
  for (const name of ['validFrom', 'issuanceDate'] as const) {
    const from = credential[name]
    if (typeof from !== 'string') continue
    const t = Date.parse(from)
    if (Number.isNaN(t)) return { id: 'validity', status: 'failed', code: 'ERR_OB_SCHEMA_INVALID', message: `"${name}" (${from}) is not a date` }
    if (t - skew > now.getTime())
      return { id: 'validity', status: 'failed', code: 'ERR_OB_CREDENTIAL_NOT_YET_VALID', message: `the current date time (${at}) is before "${name}" (${from})` }
  }
  for (const name of ['validUntil', 'expirationDate'] as const) {
    const until = credential[name]
    if (typeof until !== 'string') continue
    const t = Date.parse(until)
    if (Number.isNaN(t)) return { id: 'validity', status: 'failed', code: 'ERR_OB_SCHEMA_INVALID', message: `"${name}" (${until}) is not a date` }
    if (t + skew < now.getTime())
      return { id: 'validity', status: 'failed', code: 'ERR_OB_CREDENTIAL_EXPIRED', message: `the credential expired: the current date time (${at}) is after "${name}" (${until})` }
  }
  const until = credential.validUntil ?? credential.expirationDate
  return { id: 'validity', status: 'passed', message: `valid at ${at}${typeof until === 'string' ? ` (until ${until})` : ''}` }
}

/**
 * A proof cannot be made in the future: a Data Integrity proof's `created` (or a JWT's `iat`) later
 * than now plus the skew fails (`ERR_OB_PROOF_CREATED_IN_FUTURE`); so does a malformed `created`.
 * "Now" is the later of the verifier's clock and the real one: a `now` set in the past asks whether
 * the credential was valid then, and its proof may well have been made since.
 */
export function futureProof(proofs: readonly Record<string, unknown>[], iat: unknown, { now: clock, maxClockSkew = 300 }: ValidityOptions): string | undefined {
  const now = new Date(Math.max(clock?.getTime() ?? 0, Date.now()))
  const latest = now.getTime() + maxClockSkew * 1000
  for (const proof of proofs) {
    if (proof.created === undefined) continue
    const t = typeof proof.created === 'string' ? Date.parse(proof.created) : Number.NaN
    if (Number.isNaN(t)) return `the proof's "created" (${JSON.stringify(proof.created)}) is not a date`
    if (t > latest) return `the proof was "created" at ${proof.created}, after the current date time (${now.toISOString()})`
  }
  if (typeof iat === 'number' && iat * 1000 > latest) return `the JWT was issued ("iat") at ${new Date(iat * 1000).toISOString()}, after the current date time (${now.toISOString()})`
  return undefined
}

/**
 * A Data Integrity proof may say until when it holds (`expires`, VC Data Integrity §2.1): one that
 * expired before the verifier's clock (less the skew), or whose `expires` is not a date, fails.
 * `@digitalbazaar/vc` does not check it.
 */
export function expiredProof(proofs: readonly Record<string, unknown>[], { now = new Date(), maxClockSkew = 300 }: ValidityOptions): string | undefined {
  for (const proof of proofs) {
    if (proof.expires === undefined) continue
    const t = typeof proof.expires === 'string' ? Date.parse(proof.expires) : Number.NaN
    if (Number.isNaN(t)) return `the proof's "expires" (${JSON.stringify(proof.expires)}) is not a date`
    if (t + maxClockSkew * 1000 < now.getTime()) return `the proof expired at ${proof.expires} (now ${now.toISOString()})`
  }
  return undefined
}
