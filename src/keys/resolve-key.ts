import { KeyNotIssuer, KeyUnresolved, isObError } from '../errors.js'
import { fetchJson, type RemoteOptions } from '../internal/safe-fetch.js'
import { asArray, controllerOf, isRecord } from '../internal/ids.js'
import { didWebDocumentUrl } from './issuer-keys.js'
import { type PublicJwk, parsePublicJwk } from './jwk.js'
import { isMultibaseKey, jwkFromMultibase } from './multikey.js'

/** A verification method resolved to a public key and its controller. */
export interface ResolvedKey {
  /** The verification method id, as referenced. */
  id: string
  /** Who controls the key: compared with the credential's issuer. */
  controller: string
  publicJwk: PublicJwk
  /** Set for Ed25519 / P-256 keys. */
  publicKeyMultibase?: string
  /**
   * How sure we are that `controller` really controls the key:
   * `true` for did:key (the id is the key) and for fetched DID/key documents that list it;
   * `false` when the key was read from the URL fragment without fetching (anyone could claim it).
   */
  confirmed: boolean
  source: 'did:key' | 'did:web' | 'https' | 'fragment'
}

/**
 * Resolves a verification method id: `did:key:…` (offline), `<controller>#<multibase key>`
 * (offline, unconfirmed), `did:web:…` and `https://…` documents (only when `remote` is given).
 * Throws `ERR_OB_KEY_UNRESOLVED` naming the reason.
 */
export async function resolveVerificationMethod(id: string, { remote }: { remote?: RemoteOptions } = {}): Promise<ResolvedKey> {
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
    if (remote) return await resolveRemote(id, controller, isDidWeb, remote)
    if (isMultibaseKey(fragment))
      return { id, controller, publicJwk: await jwkFromMultibase(fragment), publicKeyMultibase: fragment, confirmed: false, source: 'fragment' }
    throw new KeyUnresolved(`"${id}" needs a network look-up, and remote loading is off`)
  } catch (cause) {
    if (cause instanceof KeyUnresolved || cause instanceof KeyNotIssuer) throw cause
    throw new KeyUnresolved(`cannot resolve "${id}": ${isObError(cause) || cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
}

async function resolveRemote(id: string, controller: string, isDidWeb: boolean, remote: RemoteOptions): Promise<ResolvedKey> {
  if (isDidWeb) {
    const doc = (await fetchJson(didWebDocumentUrl(controller), remote)) as Record<string, unknown>
    if (doc.id !== controller) throw new KeyUnresolved(`the DID document at "${didWebDocumentUrl(controller)}" is for "${String(doc.id)}", not "${controller}"`)
    const method = asArray(doc.verificationMethod).find((m) => isRecord(m) && absolute(m.id, controller) === id)
    if (!isRecord(method)) throw new KeyUnresolved(`the DID document of "${controller}" has no verification method "${id}"`)
    const listed = asArray(doc.assertionMethod).some((m) => absolute(isRecord(m) ? m.id : m, controller) === id)
    if (!listed) throw new KeyNotIssuer(`the DID document of "${controller}" does not list "${id}" under assertionMethod`)
    return { id, controller: String(method.controller ?? controller), ...(await keyOf(method)), confirmed: true, source: 'did:web' }
  }
  const doc = (await fetchJson(id, remote)) as Record<string, unknown>
  const method = doc.id === id ? doc : asArray(doc.verificationMethod).find((m) => isRecord(m) && m.id === id)
  if (!isRecord(method) || typeof method.controller !== 'string') throw new KeyUnresolved(`"${id}" did not return a key document with a "controller"`)
  return { id, controller: method.controller, ...(await keyOf(method)), confirmed: true, source: 'https' }
}

async function keyOf(method: Record<string, unknown>): Promise<{ publicJwk: PublicJwk; publicKeyMultibase?: string }> {
  if (typeof method.publicKeyMultibase === 'string')
    return { publicJwk: await jwkFromMultibase(method.publicKeyMultibase), publicKeyMultibase: method.publicKeyMultibase }
  if (method.publicKeyJwk) return { publicJwk: parsePublicJwk(method.publicKeyJwk) }
  throw new KeyUnresolved(`verification method "${String(method.id)}" has neither publicKeyMultibase nor publicKeyJwk`)
}

function absolute(ref: unknown, base: string): string | undefined {
  if (typeof ref !== 'string') return undefined
  return ref.startsWith('#') ? `${base}${ref}` : ref
}
