import { base64url, decodeProtectedHeader, importJWK, type JWK, jwtVerify } from 'jose'
import { Oid4vciNonceInvalid, Oid4vciProofInvalid } from '../errors.js'
import { isRecord } from '../internal/ids.js'
import { resolveVerificationMethod } from '../keys/resolve-key.js'
import { PROOF_ALGORITHMS } from './metadata.js'

export const PROOF_JWT_TYPE = 'openid4vci-proof+jwt'

export interface VerifyProofOptions {
  /** The credential issuer identifier: the proof's `aud`. */
  audience: string
  /** Accepts the proof's nonce once (true) or refuses it (false): unknown, expired or already used. */
  consumeNonce: (nonce: string) => boolean
  /** How old `iat` may be. @default 300 */
  maxAgeSeconds?: number
  now?: Date
}

/** Who the wallet proved to be: the DID (did:key, or did:jwk for a bare key) the credential is bound to. */
export interface ProvenHolder {
  id: string
}

/**
 * Checks an OpenID4VCI JWT proof of possession (§F.1): `typ` `openid4vci-proof+jwt`, an asymmetric
 * `alg`, the key as a did:key `kid` or a public `jwk` (exactly one), signature, `aud`, a fresh `iat`,
 * and a `nonce` this issuer handed out and nobody used. Throws `ERR_OB_OID4VCI_PROOF_INVALID`.
 * @example
 * const { id } = await verifyProofJwt(jwt, { audience: 'https://issuer.example.org', consumeNonce: (n) => nonces.consume(n) })
 */
export async function verifyProofJwt(jwt: unknown, { audience, consumeNonce, maxAgeSeconds = 300, now = new Date() }: VerifyProofOptions): Promise<ProvenHolder> {
  if (typeof jwt !== 'string' || jwt.split('.').length !== 3) throw new Oid4vciProofInvalid('the proof must be a compact JWT')
  let header: ReturnType<typeof decodeProtectedHeader>
  try {
    header = decodeProtectedHeader(jwt)
  } catch (cause) {
    throw new Oid4vciProofInvalid('the proof JWT header cannot be read', { cause })
  }
  if (header.typ !== PROOF_JWT_TYPE) throw new Oid4vciProofInvalid(`the proof "typ" must be "${PROOF_JWT_TYPE}" (got "${String(header.typ)}")`)
  if (!PROOF_ALGORITHMS.includes(header.alg as (typeof PROOF_ALGORITHMS)[number]))
    throw new Oid4vciProofInvalid(`the proof "alg" "${String(header.alg)}" is not one of ${PROOF_ALGORITHMS.join(', ')}`)
  if ((header.kid === undefined) === (header.jwk === undefined)) throw new Oid4vciProofInvalid('the proof header needs exactly one of "kid" (a did:key URL) and "jwk"')
  let holder: string
  let publicJwk: JWK
  if (header.jwk) {
    if (!isRecord(header.jwk) || 'd' in header.jwk) throw new Oid4vciProofInvalid('the proof "jwk" must be a public key')
    const { kty, crv, x, y } = header.jwk as JWK
    publicJwk = { kty, crv, x, ...(y ? { y } : {}) } as JWK
    holder = `did:jwk:${base64url.encode(JSON.stringify(publicJwk))}`
  } else {
    const kid = String(header.kid)
    if (!kid.startsWith('did:key:')) throw new Oid4vciProofInvalid(`the proof "kid" must be a did:key URL (got "${kid}")`)
    try {
      const resolved = await resolveVerificationMethod(kid.includes('#') ? kid : `${kid}#${kid.slice('did:key:'.length)}`)
      publicJwk = resolved.publicJwk as JWK
      holder = resolved.controller
    } catch (cause) {
      throw new Oid4vciProofInvalid(`the proof "kid" "${kid}" does not resolve`, { cause })
    }
  }
  let payload: Record<string, unknown>
  try {
    const key = await importJWK(publicJwk, header.alg)
    ;({ payload } = await jwtVerify(jwt, key, {
      audience,
      typ: PROOF_JWT_TYPE,
      algorithms: [...PROOF_ALGORITHMS],
      requiredClaims: ['iat', 'nonce'],
      maxTokenAge: maxAgeSeconds,
      clockTolerance: 60,
      currentDate: now,
    }))
  } catch (cause) {
    throw new Oid4vciProofInvalid(`the proof JWT does not verify: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
  if (typeof payload.nonce !== 'string' || !consumeNonce(payload.nonce))
    throw new Oid4vciNonceInvalid(`the proof "nonce" was not issued here, has expired or was already used`)
  return { id: holder }
}
