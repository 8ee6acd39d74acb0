import { KeyUnresolved } from '../errors.js'
import { isRecord } from '../internal/ids.js'
import type { RemoteOptions } from '../internal/safe-fetch.js'
import type { DocumentCache } from './document-cache.js'
import { didWebDocumentUrl } from './issuer-keys.js'
import type { PublicJwk } from './jwk.js'
import { assertionMethodIds, fetchDocument, keyMaterialOf, methodsOf, resolveVerificationMethod } from './resolve-key.js'

/** A key the issuer's own document lists under `assertionMethod`. */
export interface IssuerAssertionKey {
  id: string
  publicJwk: PublicJwk
  publicKeyMultibase?: string
}

/** Can the issuer id be followed to a document that lists its keys? did:web and https ids can. */
export function isResolvableIssuer(issuerId: string): boolean {
  return issuerId.startsWith('did:web:') || issuerId.startsWith('https://')
}

/** Where an issuer publishes its keys: the did:web DID document, or the https profile itself. */
export function issuerDocumentUrl(issuerId: string): string {
  if (issuerId.startsWith('did:web:')) return didWebDocumentUrl(issuerId)
  return issuerId
}

/**
 * The keys an issuer vouches for, reached from the issuer id alone: its DID document (did:web) or
 * the profile at its https id, which must name itself with that id, and only what it lists under
 * `assertionMethod` (referenced or embedded). Throws `ERR_OB_FETCH_*` when the document cannot be
 * fetched and `ERR_OB_KEY_UNRESOLVED` when it is not the issuer's.
 */
export async function issuerAssertionKeys(issuerId: string, { remote, cache }: { remote: RemoteOptions; cache?: DocumentCache }): Promise<IssuerAssertionKey[]> {
  if (!isResolvableIssuer(issuerId) || issuerId.includes('#')) throw new KeyUnresolved(`"${issuerId}" is not a did:web or https issuer id`)
  const url = issuerDocumentUrl(issuerId)
  const doc = await fetchDocument(url, remote, cache)
  if (!isRecord(doc)) throw new KeyUnresolved(`the issuer document at "${url}" is not a JSON object`)
  if (doc.id !== issuerId) throw new KeyUnresolved(`the document at "${url}" is for ${JSON.stringify(doc.id)}, not the issuer "${issuerId}"`)
  const methods = new Map(methodsOf(doc, issuerId).map((m) => [m.id, m.value]))
  const keys: IssuerAssertionKey[] = []
  for (const id of assertionMethodIds(doc, issuerId)) {
    const method = methods.get(id)
    try {
      if (method) keys.push({ id, ...(await keyMaterialOf(method)) })
      // A reference to a did:key is self-describing; other outside references would need more look-ups.
      else if (id.startsWith('did:key:')) keys.push(await resolveVerificationMethod(id))
    } catch {
      // A malformed entry vouches for nothing; the others still count.
    }
  }
  return keys
}

/** Ids of `assertionMethod` entries (for messages). */
export function listedIds(keys: readonly IssuerAssertionKey[]): string {
  return keys.map((k) => k.id).join(', ') || 'none'
}
