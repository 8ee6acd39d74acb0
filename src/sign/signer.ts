import { importJWK } from 'jose'
import { KeyInvalid } from '../errors.js'
import { algorithmOf, type PrivateJwk, type SigningAlgorithm } from '../keys/jwk.js'

/**
 * Anything that can sign: a key in memory, a KMS or an HSM. microcred never needs the private key.
 * `sign` returns the raw signature: 64 bytes for Ed25519, `r‖s` (IEEE P1363) for ES256,
 * PKCS#1 v1.5 for RS256 — exactly what JWS and Data Integrity carry.
 * @example
 * const signer: Signer = { algorithm: 'EdDSA', id: 'did:key:z6Mk…#z6Mk…', sign: (bytes) => kms.sign(bytes) }
 */
export interface Signer {
  algorithm: SigningAlgorithm
  /** The verification method id (DID URL or URL with fragment) verifiers dereference to the public key. */
  id: string
  sign(data: Uint8Array): Promise<Uint8Array>
}

const WEB_CRYPTO_PARAMS: Record<SigningAlgorithm, AlgorithmIdentifier | EcdsaParams> = {
  EdDSA: { name: 'Ed25519' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
}

/**
 * A `Signer` over a private JWK held in memory. The key is imported once (WebCrypto) and reused.
 * @example
 * const signer = await signerFromJwk(keyFile.privateJwk, { id: keyFile.verificationMethod })
 */
export async function signerFromJwk(privateJwk: PrivateJwk, { id }: { id: string }): Promise<Signer> {
  const algorithm = algorithmOf(privateJwk)
  let key: CryptoKey
  try {
    key = (await importJWK({ ...privateJwk, ext: false }, algorithm)) as CryptoKey
  } catch (cause) {
    throw new KeyInvalid('the private JWK could not be imported', { cause })
  }
  if (key.type !== 'private') throw new KeyInvalid('a signer needs a private key (the JWK has no "d")')
  const params = WEB_CRYPTO_PARAMS[algorithm]
  return {
    algorithm,
    id,
    async sign(data) {
      return new Uint8Array(await crypto.subtle.sign(params, key, data as Uint8Array<ArrayBuffer>))
    },
  }
}

export { controllerOf } from '../internal/ids.js'
