import { isObError } from '../../errors.js'
import type { RemoteOptions } from '../../internal/safe-fetch.js'
import type { DocumentCache } from '../../keys/document-cache.js'
import { type IssuerAssertionKey, isResolvableIssuer, issuerAssertionKeys, issuerDocumentUrl, listedIds } from '../../keys/issuer-document.js'
import type { PublicJwk } from '../../keys/jwk.js'
import { multibaseFromJwk } from '../../keys/multikey.js'
import { type ResolvedKey, thumbprintOf } from '../../keys/resolve-key.js'
import type { CheckResult } from '../report.js'
import { findTrustedIssuer, type TrustList } from '../trust-list.js'

export interface KeyBindingOptions {
  /**
   * Issuers you trust and their pinned keys (the CLI's `--trust FILE`, read with `parseTrustList`).
   * A pinned key confirms the issuer offline; a key that is not pinned for a pinned issuer is refused.
   */
  trust?: TrustList
  /**
   * Keys you trust for an issuer, without any look-up: issuer id → verification method ids,
   * `publicKeyMultibase` values or RFC 7638 JWK thumbprints. Same effect as `trust` entries with `keys`.
   */
  trustedIssuerKeys?: Readonly<Record<string, readonly string[]>>
  /**
   * Conformance mode: accept a key that merely *claims* the issuer (a key in a verification-method
   * URL, an inline JWT `jwk`, a did:web issuer with remote loading off, a `urn:` issuer) with a
   * warning, as the 1EdTech validator does. `issuerKeyConfirmed` stays `false`. Keys shown to belong
   * to someone else still fail. @default false
   */
  acceptClaimedKey?: boolean
  /**
   * @deprecated A confirmed key is required by default now; this only overrides `acceptClaimedKey`.
   */
  requireConfirmedIssuerKey?: boolean
}

/** What key binding needs beyond its options: where it may look, and what it may reuse. */
export interface KeyBindingContext {
  remote?: RemoteOptions
  cache?: DocumentCache
}

export interface KeyBindingOutcome {
  check: CheckResult
  confirmed: boolean
}

/**
 * Is the signing key the issuer's (CHECKLIST §11)? Confirmed by: the issuer's own did:key; a key
 * pinned by the caller; or, with remote loading on, the issuer's own DID document (did:web) or
 * profile (https), fetched from the issuer id, listing the key under `assertionMethod`. A key's own
 * `controller` claim is never evidence. A key shown not to be the issuer's fails
 * (`ERR_OB_KEY_NOT_ISSUER`); one merely claimed fails with `ERR_OB_KEY_UNCONFIRMED` unless
 * `acceptClaimedKey` is set.
 */
export async function checkKeyBinding(
  issuerId: string,
  { key, headerJwk }: { key?: ResolvedKey; headerJwk?: PublicJwk },
  options: KeyBindingOptions & KeyBindingContext,
): Promise<KeyBindingOutcome> {
  const jwk = key?.publicJwk ?? headerJwk
  // Called once a proof verified: a key it cannot see (one served from the caller's `documents`, say)
  // is bound to no one, so it fails rather than being skipped into "verified".
  if (!jwk)
    return { confirmed: false, check: { id: 'key-binding', status: 'failed', code: 'ERR_OB_KEY_UNRESOLVED', message: 'the key of the proof that verified could not be read, so nothing binds it to the issuer' } }
  const signer = key ? `the key ${key.id}` : 'the key in the JWT header'
  // Computed only when a comparison needs them: a did:key badge (the common case) needs neither.
  let thumbprintMemo: Promise<string> | undefined
  const thumbprint = () => (thumbprintMemo ??= thumbprintOf(jwk))
  const multibase = key?.publicKeyMultibase ?? (jwk.kty === 'RSA' ? undefined : await multibaseFromJwk(jwk).catch(() => undefined))

  const pinned = pinnedFor(issuerId, options)
  if (pinned.size > 0 && ((key && pinned.has(key.id)) || (multibase !== undefined && pinned.has(multibase)) || pinned.has(await thumbprint())))
    return passed(`${signer} is pinned for ${issuerId}`)

  if (issuerId.startsWith('did:key:')) {
    if (multibase !== undefined && issuerId === `did:key:${multibase}`) return passed(`${signer} is the issuer's own did:key`)
    return notIssuer(`${signer} is not the key of the did:key issuer "${issuerId}"`)
  }

  // A pin narrows what the issuer's document says; it never widens it (a compromised web host, a key
  // the caller has dropped): a key not pinned for a pinned issuer is refused, online too.
  if (pinned.size > 0) return notIssuer(`${signer} is not one of the ${pinned.size} key(s) pinned for ${issuerId}`)

  if (options.remote && isResolvableIssuer(issuerId)) {
    const where = issuerDocumentUrl(issuerId)
    let listed: IssuerAssertionKey[]
    try {
      listed = await issuerAssertionKeys(issuerId, { remote: options.remote, ...(options.cache ? { cache: options.cache } : {}) })
    } catch (error) {
      const code = isObError(error) ? error.code : 'ERR_OB_FETCH_FAILED'
      return { confirmed: false, check: { id: 'key-binding', status: 'failed', code, message: `cannot read the issuer's keys from "${where}": ${error instanceof Error ? error.message : String(error)}` } }
    }
    for (const listedKey of listed) if ((await thumbprintOf(listedKey.publicJwk)) === (await thumbprint())) return passed(`${signer} is listed under assertionMethod in ${where} (${listedKey.id})`)
    return notIssuer(`${signer} is not listed under assertionMethod in the issuer's document ${where} (it lists: ${listedIds(listed)})`)
  }

  // Offline, a key whose id names another DID or site than the issuer's is not the issuer's, as far as anything shows.
  if (key && key.source !== 'did:key' && key.controller !== issuerId && isResolvableIssuer(issuerId))
    return notIssuer(`${signer} is under "${key.controller}", not under the issuer "${issuerId}"`)

  const reason = !isResolvableIssuer(issuerId)
    ? `the issuer id "${issuerId}" cannot be looked up`
    : key?.source === 'fragment'
      ? `the key was read from its verification-method URL; remote loading is off, so ${issuerDocumentUrl(issuerId)} was not checked`
      : !key
        ? `the key came inline in the JWT header; remote loading is off, so ${issuerDocumentUrl(issuerId)} was not checked`
        : `remote loading is off, so ${issuerDocumentUrl(issuerId)} was not checked`
  const message = `the signature is intact, but nothing confirms that ${signer} belongs to ${issuerId}: ${reason}. To confirm the issuer, pin its key (a trust file: --trust FILE, option \`trust\`)${isResolvableIssuer(issuerId) ? ' or allow remote resolution (--allow-remote, option `remote`)' : ''}`
  if (options.acceptClaimedKey && !options.requireConfirmedIssuerKey)
    return { confirmed: false, check: { id: 'key-binding', status: 'warning', code: 'WARN_OB_KEY_UNCONFIRMED', message } }
  return { confirmed: false, check: { id: 'key-binding', status: 'failed', code: 'ERR_OB_KEY_UNCONFIRMED', message } }
}

function pinnedFor(issuerId: string, { trust, trustedIssuerKeys = {} }: KeyBindingOptions): Set<string> {
  return new Set([...(trustedIssuerKeys[issuerId] ?? []), ...((trust && findTrustedIssuer(trust, issuerId)?.keys) ?? [])])
}

function passed(message: string): KeyBindingOutcome {
  return { confirmed: true, check: { id: 'key-binding', status: 'passed', message } }
}

function notIssuer(message: string): KeyBindingOutcome {
  return { confirmed: false, check: { id: 'key-binding', status: 'failed', code: 'ERR_OB_KEY_NOT_ISSUER', message } }
}
