import { base64url } from 'jose'
import type { CompactJwt, OpenBadgeCredential } from '../credential/types.js'
import { validateCredential } from '../credential/validate.js'
import { obError } from '../internal/ob-error.js'
import type { PublicJwk } from '../keys/jwk.js'
import { assertSignerIsIssuer } from './data-integrity.js'
import { type Signer, signWith } from './signer.js'

export interface SignVcJwtOptions {
  signer: Signer
  /**
   * How verifiers find the key: `kid` (the signer's verification method id, dereferenceable) or an
   * inline public `jwk`. @default 'kid'
   */
  keyReference?: 'kid' | 'jwk'
  /** Needed when `keyReference` is `jwk`. */
  publicJwk?: PublicJwk
  /** Add `typ: "JWT"` to the header (optional in OB 3.0 §8.2). @default true */
  typ?: boolean
  /**
   * Also expand the credential under JSON-LD safe mode before signing (undefined terms are refused).
   * The official schema is always checked; turn this off only for documents of a shape already checked,
   * e.g. a batch built from one template. @default true
   */
  checkJsonLd?: boolean
}

const seconds = (dateTime: string) => Math.floor(new Date(dateTime).getTime() / 1000)

/**
 * Signs an OB 3.0 VC-JWT (§8.2): the payload is the credential plus `iss`, `jti`, `sub`, `nbf`
 * (and `exp` with `validUntil`); the header holds only `alg`, `kid` or `jwk`, and `typ`.
 * Validates the credential first and requires a `credentialSubject.id` (for `sub`).
 * @example
 * const jwt = await signVcJwt(credential, { signer })
 */
export async function signVcJwt(
  credential: OpenBadgeCredential,
  { signer, keyReference = 'kid', publicJwk, typ = true, checkJsonLd = true }: SignVcJwtOptions,
): Promise<CompactJwt> {
  assertSignerIsIssuer(credential, signer)
  const { proof: _embedded, ...unsigned } = credential
  await validateCredential(unsigned as OpenBadgeCredential, { jsonLd: checkJsonLd })
  const subjectId = credential.credentialSubject.id
  if (!subjectId)
    throw obError('ERR_OB_SUBJECT_INVALID', 'a VC-JWT needs "credentialSubject.id" for its "sub" claim (OB 3.0 §8.2.4); give the educator a DID or URL')
  if (keyReference === 'jwk' && !publicJwk) throw new TypeError('"publicJwk" is required when keyReference is "jwk"')
  const header = {
    alg: signer.algorithm,
    ...(typ ? { typ: 'JWT' } : {}),
    ...(keyReference === 'kid' ? { kid: signer.id } : { jwk: publicJwk }),
  }
  const payload = {
    ...unsigned,
    iss: credential.issuer.id,
    jti: credential.id,
    sub: subjectId,
    nbf: seconds(credential.validFrom),
    ...(credential.validUntil ? { exp: seconds(credential.validUntil) } : {}),
  }
  const encoder = new TextEncoder()
  const signingInput = `${base64url.encode(encoder.encode(JSON.stringify(header)))}.${base64url.encode(encoder.encode(JSON.stringify(payload)))}`
  const signature = await signWith(signer, encoder.encode(signingInput))
  return `${signingInput}.${base64url.encode(signature)}` as CompactJwt
}
