import type { IdentityObject } from './types.js'

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('')

export interface HashIdentityOptions {
  /** OB 3.0 IdentifierTypeEnum value. @default 'emailAddress' */
  identityType?: string
  /** @default 16 random bytes, hex (or derived from `saltSecret`) */
  salt?: string
  /**
   * Opt-in stable identity: derive the salt as hex(HMAC-SHA-256(saltSecret, identifier)) instead of
   * drawing it at random, so every badge this issuer gives the same educator carries the same
   * `identityHash`. Anyone holding two of those badges can then tell they belong to one person
   * (the privacy cost); nobody can compute the salt for a new address without the secret.
   * Keep the secret like a signing key. Ignored when `salt` is given.
   */
  saltSecret?: string | Uint8Array
}

/**
 * A hashed IdentityObject: `identityHash = "sha256$" + hex(SHA-256(identifier + salt))` (OB 3.0 §B.1.4).
 * Email addresses are lower-cased and trimmed first so that the holder can prove them later.
 * @example
 * await hashIdentity('a@example.com', { salt: 'Kosher' }) // identityHash 'sha256$b5809d8a…'
 */
export async function hashIdentity(identifier: string, { identityType = 'emailAddress', salt, saltSecret }: HashIdentityOptions = {}): Promise<IdentityObject> {
  const normalized = identityType === 'emailAddress' ? identifier.trim().toLowerCase() : identifier
  const usedSalt =
    salt ?? (saltSecret !== undefined ? await deriveIdentitySalt(normalized, saltSecret) : hex(crypto.getRandomValues(new Uint8Array(16)).buffer))
  return { type: 'IdentityObject', hashed: true, identityHash: await identityHashOf(normalized, usedSalt), identityType, salt: usedSalt }
}

/**
 * The stable salt of an identifier under an issuer secret: hex(HMAC-SHA-256(secret, identifier)).
 * Pass the identifier already normalized (emails trimmed and lower-cased, as `hashIdentity` does).
 * @example
 * await deriveIdentitySalt('ana@example.org', issuerSecret) // the same 64 hex digits every time
 */
export async function deriveIdentitySalt(identifier: string, secret: string | Uint8Array): Promise<string> {
  const keyBytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : new Uint8Array(secret)
  if (keyBytes.length < 16) throw new RangeError('the identity salt secret must be at least 16 bytes')
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return hex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(identifier)))
}

/** `sha256$<hex>` of identifier + salt. */
export async function identityHashOf(identifier: string, salt = ''): Promise<string> {
  return `sha256$${hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(identifier + salt)))}`
}

/**
 * Checks a known identifier against an IdentityObject (OB 3.0 §9.3 recipient verification):
 * hashed → compare hashes (hex case-insensitive, sha256 only), plain → compare text.
 */
export async function matchesIdentity(identity: IdentityObject, known: string): Promise<boolean> {
  const value = identity.identityType === 'emailAddress' ? known.trim().toLowerCase() : known
  if (!identity.hashed) return identity.identityHash === value
  if (!identity.identityHash.toLowerCase().startsWith('sha256$')) return false
  return (await identityHashOf(value, identity.salt ?? '')).toLowerCase() === identity.identityHash.toLowerCase()
}
