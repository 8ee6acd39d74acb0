import { compactVerify, importJWK } from 'jose'
import { isObError } from '../../errors.js'
import { isRecord } from '../../internal/ids.js'
import { algorithmOf, hasPrivateMembers, type PublicJwk } from '../../keys/jwk.js'
import { type ResolveKeyOptions, type ResolvedKey, resolveVerificationMethod } from '../../keys/resolve-key.js'
import type { ParsedBadge } from '../parse-input.js'
import type { CheckResult } from '../report.js'

/** Algorithms accepted for VC-JWT: RS256 (the OB 3.0 minimum), ES256 and EdDSA. Never `none` or HMAC. */
export const JWT_ALGORITHMS = ['RS256', 'ES256', 'EdDSA', 'Ed25519'] as const
const ALLOWED_HEADER = new Set(['alg', 'kid', 'jwk', 'typ'])

export interface JwtOutcome {
  check: CheckResult
  key?: ResolvedKey
  /** Set when the key came from the header `jwk`. */
  headerJwk?: PublicJwk
}

/** Verifies the JWS of a VC-JWT against the key named by `kid` (resolved) or carried in `jwk` (public only). */
export async function verifyJwtProof(jwt: NonNullable<ParsedBadge['jwt']>, resolveOptions: ResolveKeyOptions): Promise<JwtOutcome> {
  const fail = (code: NonNullable<CheckResult['code']>, message: string): JwtOutcome => ({ check: { id: 'proof', status: 'failed', code, message } })
  const { header, payload } = jwt
  const alg = header.alg
  if (typeof alg !== 'string' || !(JWT_ALGORITHMS as readonly string[]).includes(alg))
    return fail('ERR_OB_ALG_NOT_ALLOWED', `JWT alg ${JSON.stringify(alg)} is not allowed; accepted: ${JWT_ALGORITHMS.join(', ')}`)
  let publicJwk: PublicJwk
  let key: ResolvedKey | undefined
  let headerJwk: PublicJwk | undefined
  if (isRecord(header.jwk)) {
    if (hasPrivateMembers(header.jwk)) return fail('ERR_OB_KEY_INVALID', 'the JWT header "jwk" contains private key material')
    publicJwk = header.jwk as unknown as PublicJwk
    headerJwk = publicJwk
  } else if (typeof header.kid === 'string') {
    const kid = header.kid.startsWith('#') && typeof payload.iss === 'string' ? `${payload.iss}${header.kid}` : header.kid
    try {
      key = await resolveVerificationMethod(kid, resolveOptions)
    } catch (error) {
      const code = isObError(error) && (error.code === 'ERR_OB_FETCH_REFUSED' || error.code === 'ERR_OB_FETCH_FAILED' || error.code === 'ERR_OB_KEY_NOT_ISSUER') ? error.code : 'ERR_OB_KEY_UNRESOLVED'
      return fail(code, error instanceof Error ? error.message : String(error))
    }
    publicJwk = key.publicJwk
  } else return fail('ERR_OB_KEY_UNRESOLVED', 'the JWT header has neither "kid" nor "jwk"')

  try {
    const keyAlg = algorithmOf(publicJwk)
    const normalizedAlg = alg === 'Ed25519' ? 'EdDSA' : alg
    if (keyAlg !== normalizedAlg) return fail('ERR_OB_ALG_NOT_ALLOWED', `JWT alg "${alg}" does not fit the ${publicJwk.kty} key`)
    const cryptoKey = await importJWK({ ...publicJwk, alg: undefined } as unknown as Record<string, unknown>, alg)
    await compactVerify(jwt.compact, cryptoKey, { algorithms: [alg] })
  } catch (error) {
    const code = isObError(error) ? error.code : 'ERR_OB_PROOF_INVALID'
    return fail(code, `JWS signature invalid: ${error instanceof Error ? error.message : String(error)}`)
  }
  const extra = Object.keys(header).filter((k) => !ALLOWED_HEADER.has(k))
  const badTyp = header.typ !== undefined && header.typ !== 'JWT'
  const notes = [
    ...(extra.length ? [`header parameters beyond alg/kid/jwk/typ: ${extra.join(', ')}`] : []),
    ...(badTyp ? [`typ is ${JSON.stringify(header.typ)}, OB 3.0 expects "JWT"`] : []),
    ...(jwt.legacyVcClaim ? ['VCDM 1.1 "vc" claim (OB 3.0 puts the credential in the payload itself)'] : []),
  ]
  const message = `${alg} JWS signature valid (key from ${headerJwk ? 'header jwk' : `kid ${String(header.kid)}`})`
  return {
    check: notes.length ? { id: 'proof', status: 'warning', code: 'WARN_OB_JWT_HEADER', message: `${message}; ${notes.join('; ')}` } : { id: 'proof', status: 'passed', message },
    ...(key ? { key } : {}),
    ...(headerJwk ? { headerJwk } : {}),
  }
}

/** `iss`, `jti`, `sub`, `nbf`, `exp` must match the credential (OB 3.0 §8.2.4–8.2.6); a missing claim warns. */
export function checkJwtClaims(jwt: NonNullable<ParsedBadge['jwt']>, credential: Record<string, unknown>): CheckResult {
  const { payload } = jwt
  const issuer = isRecord(credential.issuer) ? credential.issuer.id : credential.issuer
  const subject = isRecord(credential.credentialSubject) ? credential.credentialSubject.id : undefined
  const validFrom = credential.validFrom ?? credential.issuanceDate
  const validUntil = credential.validUntil ?? credential.expirationDate
  const seconds = (v: unknown) => (typeof v === 'string' ? Math.floor(new Date(v).getTime() / 1000) : undefined)
  const expected: [string, unknown][] = [
    ['iss', issuer],
    ['jti', credential.id],
    ['sub', subject],
    ['nbf', seconds(validFrom)],
    ['exp', seconds(validUntil)],
  ]
  const mismatches: string[] = []
  const missing: string[] = []
  for (const [claim, value] of expected) {
    if (payload[claim] === undefined) {
      if (value !== undefined && claim !== 'exp') missing.push(claim)
      else if (claim === 'exp' && value !== undefined) missing.push(claim)
      continue
    }
    if (payload[claim] !== value) mismatches.push(`${claim} ${JSON.stringify(payload[claim])} ≠ ${JSON.stringify(value)}`)
  }
  if (mismatches.length) return { id: 'jwt-claims', status: 'failed', code: 'ERR_OB_JWT_CLAIM_MISMATCH', message: `JWT claims do not match the credential: ${mismatches.join('; ')}` }
  if (missing.length) return { id: 'jwt-claims', status: 'warning', code: 'WARN_OB_JWT_CLAIM_MISSING', message: `JWT lacks ${missing.join(', ')} (OB 3.0 §8.2 requires them)` }
  return { id: 'jwt-claims', status: 'passed', message: 'iss, jti, sub, nbf (and exp) match the credential' }
}
