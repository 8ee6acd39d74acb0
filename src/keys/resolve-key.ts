import { calculateJwkThumbprint } from 'jose'
import { FetchFailed, FetchRefused, KeyNotIssuer, KeyUnresolved, isObError } from '../errors.js'
import { fetchJson, type RemoteOptions } from '../internal/safe-fetch.js'
import { asArray, controllerOf, isRecord } from '../internal/ids.js'
import type { DocumentCache } from './document-cache.js'
import { didWebDocumentUrl } from './issuer-keys.js'
import { type PublicJwk, parsePublicJwk } from './jwk.js'
import { isMultibaseKey, jwkFromMultibase, multibaseFromJwk } from './multikey.js'

/** A verification method resolved to a public key. */
export interface ResolvedKey {
  /** The verification method id, as referenced. */
  id: string
  /**
   * The DID or URL the id is under (the id before `#`). Never read from the key document's own
   * `controller` claim, which anyone can write: whether the issuer controls the key is decided by key
   * binding, from the issuer's side.
   */
  controller: string
  publicJwk: PublicJwk
  /** Set for Ed25519 / P-256 keys. */
  publicKeyMultibase?: string
  /**
   * `true` only when the id itself is the key (did:key): then `controller` provably holds it.
   * Keys read from a URL fragment or fetched from a document are key material only.
   */
  confirmed: boolean
  source: 'did:key' | 'did:web' | 'https' | 'fragment'
}

/** Where {@link resolveVerificationMethod} may look. */
export interface ResolveKeyOptions {
  /** Turns on did:web and https documents. */
  remote?: RemoteOptions
  /** Reuses fetched documents across calls. */
  cache?: DocumentCache
}

/**
 * Resolves a verification method id to its key material: `did:key:…` and `<id>#<multibase key>`
 * offline; `did:web:…` DID documents and `https://…` key documents only when `remote` is given.
 * Throws `ERR_OB_KEY_UNRESOLVED` naming the reason (`ERR_OB_FETCH_*` when a look-up was refused or failed).
 */
export async function resolveVerificationMethod(id: string, { remote, cache }: ResolveKeyOptions = {}): Promise<ResolvedKey> {
  const controller = controllerOf(id)
  const fragment = id.includes('#') ? id.slice(id.indexOf('#') + 1) : ''
  try {
    if (id.startsWith('did:key:')) {
      const multibase = controller.slice('did:key:'.length)
      if (fragment && fragment !== multibase) throw new KeyUnresolved(`"${id}": the fragment is not the did:key's own key`)
      return { id, controller, publicJwk: await jwkFromMultibase(multibase), publicKeyMultibase: multibase, confirmed: true, source: 'did:key' }
    }
    const isDidWeb = id.startsWith('did:web:')
    let isHttps = false
    try {
      isHttps = new URL(id).protocol === 'https:'
    } catch {
      throw new KeyUnresolved(`"${id}" is not a DID URL or an https URL`)
    }
    if (!isDidWeb && !isHttps) throw new KeyUnresolved(`"${id}" uses an unsupported method or scheme; use did:key, did:web or https`)
    // The key is in the id: no look-up can change what it is, only whether the issuer lists it.
    if (isMultibaseKey(fragment))
      return { id, controller, publicJwk: await jwkFromMultibase(fragment), publicKeyMultibase: fragment, confirmed: false, source: 'fragment' }
    if (remote) return await resolveRemote(id, controller, isDidWeb, remote, cache)
    throw new KeyUnresolved(`"${id}" needs a network look-up, and remote loading is off`)
  } catch (cause) {
    // Network refusals and failures keep their own codes: "could not fetch" is not "no such key".
    if (cause instanceof KeyUnresolved || cause instanceof KeyNotIssuer || cause instanceof FetchRefused || cause instanceof FetchFailed) throw cause
    throw new KeyUnresolved(`cannot resolve "${id}": ${isObError(cause) || cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
}

async function resolveRemote(id: string, controller: string, isDidWeb: boolean, remote: RemoteOptions, cache: DocumentCache | undefined): Promise<ResolvedKey> {
  const url = isDidWeb ? didWebDocumentUrl(controller) : controller
  const doc = await fetchDocument(url, remote, cache)
  if (!isRecord(doc)) throw new KeyUnresolved(`"${url}" did not return a JSON object`)
  if (isDidWeb) {
    if (doc.id !== controller) throw new KeyUnresolved(`the DID document at "${url}" is for "${String(doc.id)}", not "${controller}"`)
    const method = methodsOf(doc, controller).find((m) => m.id === id)
    if (!method) throw new KeyUnresolved(`the DID document of "${controller}" has no verification method "${id}"`)
    if (!assertionMethodIds(doc, controller).has(id)) throw new KeyNotIssuer(`the DID document of "${controller}" does not list "${id}" under assertionMethod`)
    return { id, controller, ...(await keyMaterialOf(method.value)), confirmed: false, source: 'did:web' }
  }
  const method = doc.id === id ? doc : methodsOf(doc, controller).find((m) => m.id === id)?.value
  if (!isRecord(method)) throw new KeyUnresolved(`"${url}" does not describe the key "${id}"`)
  return { id, controller, ...(await keyMaterialOf(method)), confirmed: false, source: 'https' }
}

/** Fetches through the cache when there is one. */
export function fetchDocument(url: string, remote: RemoteOptions, cache: DocumentCache | undefined): Promise<unknown> {
  return cache ? cache.fetch(url, remote) : fetchJson(url, remote)
}

/** Verification methods a document defines, by absolute id: under `verificationMethod` and embedded in `assertionMethod`. */
export function methodsOf(doc: Record<string, unknown>, base: string): { id: string; value: Record<string, unknown> }[] {
  return [...asArray(doc.verificationMethod), ...asArray(doc.assertionMethod)]
    .filter(isRecord)
    .map((value) => ({ id: absoluteId(value.id, base), value }))
    .filter((m): m is { id: string; value: Record<string, unknown> } => m.id !== undefined)
}

/** Ids listed under `assertionMethod`, referenced or embedded (DCC publishes did:web documents with the key embedded). */
export function assertionMethodIds(doc: Record<string, unknown>, base: string): Set<string> {
  const ids = asArray(doc.assertionMethod).map((m) => absoluteId(isRecord(m) ? m.id : m, base))
  return new Set(ids.filter((id): id is string => id !== undefined))
}

/** The public key of a verification method object: `publicKeyMultibase` or `publicKeyJwk`. */
export async function keyMaterialOf(method: Record<string, unknown>): Promise<{ publicJwk: PublicJwk; publicKeyMultibase?: string }> {
  if (typeof method.publicKeyMultibase === 'string')
    return { publicJwk: await jwkFromMultibase(method.publicKeyMultibase), publicKeyMultibase: method.publicKeyMultibase }
  if (method.publicKeyJwk) {
    const publicJwk = parsePublicJwk(method.publicKeyJwk)
    // JsonWebKey2020 entries carry Ed25519 / P-256 keys as JWKs; Data Integrity needs the Multikey form.
    const multibase = publicJwk.kty === 'RSA' ? undefined : await multibaseFromJwk(publicJwk).catch(() => undefined)
    return { publicJwk, ...(multibase ? { publicKeyMultibase: multibase } : {}) }
  }
  throw new KeyUnresolved(`verification method "${String(method.id)}" has neither publicKeyMultibase nor publicKeyJwk`)
}

/** RFC 7638 thumbprint: one comparable name for a key whatever form it came in. */
export function thumbprintOf(jwk: PublicJwk): Promise<string> {
  return calculateJwkThumbprint(jwk as unknown as Parameters<typeof calculateJwkThumbprint>[0])
}

function absoluteId(ref: unknown, base: string): string | undefined {
  if (typeof ref !== 'string') return undefined
  return ref.startsWith('#') ? `${base}${ref}` : ref
}
