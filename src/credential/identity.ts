import type { IdentityObject } from './types.js'

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('')

export interface HashIdentityOptions {
  /** OB 3.0 IdentifierTypeEnum value. @default 'emailAddress' */
  identityType?: string
  /** @default 16 random bytes, hex */
  salt?: string
}

/**
 * A hashed IdentityObject: `identityHash = "sha256$" + hex(SHA-256(identifier + salt))` (OB 3.0 §B.1.4).
 * Email addresses are lower-cased and trimmed first so that the holder can prove them later.
 * @example
 * await hashIdentity('a@example.com', { salt: 'Kosher' }) // identityHash 'sha256$b5809d8a…'
 */
export async function hashIdentity(identifier: string, { identityType = 'emailAddress', salt }: HashIdentityOptions = {}): Promise<IdentityObject> {
  const usedSalt = salt ?? hex(crypto.getRandomValues(new Uint8Array(16)).buffer)
  const normalized = identityType === 'emailAddress' ? identifier.trim().toLowerCase() : identifier
  return { type: 'IdentityObject', hashed: true, identityHash: await identityHashOf(normalized, usedSalt), identityType, salt: usedSalt }
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
