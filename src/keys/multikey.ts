import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { base64url } from 'jose'
import { KeyInvalid } from '../errors.js'
import type { PublicJwk } from './jwk.js'

/** Multibase prefixes of Ed25519 (`z6Mk`) and P-256 (`zDna`) Multikeys. */
export const ED25519_MULTIBASE_PREFIX = 'z6Mk'
export const P256_MULTIBASE_PREFIX = 'zDna'

/** `publicKeyMultibase` of an Ed25519 or P-256 public JWK. */
export async function multibaseFromJwk(jwk: PublicJwk): Promise<string> {
  const publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, ...(jwk.y ? { y: jwk.y } : {}) }
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return (await Ed25519Multikey.fromJwk({ jwk: publicJwk })).publicKeyMultibase
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return (await EcdsaMultikey.fromJwk({ jwk: publicJwk })).publicKeyMultibase
  throw new KeyInvalid('only Ed25519 and P-256 keys have a Multikey form')
}

/** Public JWK of an Ed25519 (`z6Mk…`) or P-256 (`zDna…`) `publicKeyMultibase`; throws `ERR_OB_KEY_INVALID`. */
export async function jwkFromMultibase(publicKeyMultibase: string): Promise<PublicJwk> {
  try {
    // The libraries' own toJwk() needs Node's Buffer; these conversions also run in browsers.
    if (publicKeyMultibase.startsWith(ED25519_MULTIBASE_PREFIX)) {
      const keyPair = (await Ed25519Multikey.from({ type: 'Multikey', publicKeyMultibase })) as unknown as { publicKey: Uint8Array }
      return { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(keyPair.publicKey) }
    }
    if (publicKeyMultibase.startsWith(P256_MULTIBASE_PREFIX)) {
      const keyPair = (await EcdsaMultikey.from({ type: 'Multikey', publicKeyMultibase })) as unknown as { publicKey: CryptoKey }
      const { x, y } = await crypto.subtle.exportKey('jwk', keyPair.publicKey)
      return { kty: 'EC', crv: 'P-256', x: x!, y: y! }
    }
  } catch (cause) {
    throw new KeyInvalid(`"${publicKeyMultibase}" is not a valid Multikey`, { cause })
  }
  throw new KeyInvalid(`"${publicKeyMultibase}" is not an Ed25519 (z6Mk) or P-256 (zDna) Multikey`)
}

/** True when a string looks like an Ed25519 or P-256 multibase public key. */
export function isMultibaseKey(value: string): boolean {
  return /^z(6Mk|Dna)[1-9A-HJ-NP-Za-km-z]+$/.test(value)
}
