import { KeyInvalid } from '../errors.js'

/** JOSE algorithms microcred signs with: EdDSA (Ed25519), ES256 (P-256) and RS256 (RSA ≥ 2048, the OB 3.0 minimum). */
export type SigningAlgorithm = 'EdDSA' | 'ES256' | 'RS256'

/** The signing algorithms microcred supports, in order of preference for Data Integrity and JWT. */
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = Object.freeze(['EdDSA', 'ES256', 'RS256'] as const)

/** A public JSON Web Key (no private members). */
export interface PublicJwk {
  kty: 'OKP' | 'EC' | 'RSA'
  crv?: string
  x?: string
  y?: string
  n?: string
  e?: string
  kid?: string
  alg?: string
}

/** A private JSON Web Key; never printed or logged by microcred. */
export interface PrivateJwk extends PublicJwk {
  d: string
  p?: string
  q?: string
  dp?: string
  dq?: string
  qi?: string
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const

/** True when the JWK carries any private or symmetric key material. */
export function hasPrivateMembers(jwk: object): boolean {
  return PRIVATE_MEMBERS.some((m) => m in jwk)
}

/** The public part of a JWK, keeping only the members that identify the public key. */
export function toPublicJwk(jwk: PublicJwk | PrivateJwk): PublicJwk {
  const { kty, crv, x, y, n, e } = jwk
  return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined)) as unknown as PublicJwk
}

/** The JOSE algorithm a JWK is for; throws `ERR_OB_KEY_INVALID` for anything else. */
export function algorithmOf(jwk: PublicJwk): SigningAlgorithm {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA'
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256'
  if (jwk.kty === 'RSA') return 'RS256'
  throw new KeyInvalid(`unsupported key: kty "${String(jwk.kty)}" crv "${String(jwk.crv)}"; use Ed25519, P-256 or RSA`)
}

/** Checks an unknown value is a public JWK of a supported type. */
export function parsePublicJwk(value: unknown): PublicJwk {
  if (typeof value !== 'object' || value === null) throw new KeyInvalid('a JWK must be an object')
  if (hasPrivateMembers(value)) throw new KeyInvalid('the JWK contains private key material ("d"); only a public key may be shared')
  const jwk = value as PublicJwk
  algorithmOf(jwk)
  return jwk
}
