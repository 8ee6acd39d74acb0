import { importJWK } from 'jose'
import { KeyInvalid, SignerFailed } from '../errors.js'
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

/**
 * Signs with `signer`, turning its failure (a KMS timeout, a disabled key, a denied permission) into
 * `ERR_OB_SIGNER_FAILED` with the signer's own error as `cause`, so it is never taken for a bad proof.
 */
export async function signWith(signer: Signer, data: Uint8Array): Promise<Uint8Array> {
  let signature: Uint8Array
  try {
    signature = await signer.sign(data)
  } catch (cause) {
    throw new SignerFailed(`the signer ${signer.id} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
  if (!(signature instanceof Uint8Array) || signature.byteLength === 0) throw new SignerFailed(`the signer ${signer.id} returned no signature bytes`)
  return signature
}

const WEB_CRYPTO_PARAMS: Record<SigningAlgorithm, AlgorithmIdentifier | EcdsaParams> = {
  EdDSA: { name: 'Ed25519' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
}

/**
 * A `Signer` over a private JWK held in memory. The key is imported once and reused. On Node it
 * signs with `node:crypto` synchronously: WebCrypto's `sign` there hops to the libuv thread pool for
 * a ~50 µs operation, which costs more than the signature and contends with worker threads.
 * Elsewhere (browsers, Deno, workers) it uses WebCrypto. Both give the same raw signature bytes.
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
  const sign = (await nodeSigner(key, algorithm)) ?? webCryptoSigner(key, algorithm)
  return { algorithm, id, sign: async (data) => sign(data) }
}

function webCryptoSigner(key: CryptoKey, algorithm: SigningAlgorithm) {
  const params = WEB_CRYPTO_PARAMS[algorithm]
  return async (data: Uint8Array) => new Uint8Array(await crypto.subtle.sign(params, key, data as Uint8Array<ArrayBuffer>))
}

const NODE_DIGEST: Record<SigningAlgorithm, string | null> = { EdDSA: null, ES256: 'sha256', RS256: 'sha256' }

async function nodeSigner(key: CryptoKey, algorithm: SigningAlgorithm): Promise<((data: Uint8Array) => Uint8Array) | undefined> {
  if (typeof process === 'undefined' || !process.versions?.node) return undefined
  const nodeCrypto = await import('node:crypto')
  const keyObject = nodeCrypto.KeyObject.from(key)
  // ieee-p1363: ECDSA as r‖s, what JWS and Data Integrity carry (ignored for Ed25519 and RSA).
  const options = { key: keyObject, dsaEncoding: 'ieee-p1363' as const }
  const digest = NODE_DIGEST[algorithm]
  return (data) => new Uint8Array(nodeCrypto.sign(digest, data, options))
}

export { controllerOf } from '../internal/ids.js'
