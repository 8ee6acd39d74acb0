import { calculateJwkThumbprint } from 'jose'
import type { PublicJwk } from '../../keys/jwk.js'
import { multibaseFromJwk } from '../../keys/multikey.js'
import type { ResolvedKey } from '../../keys/resolve-key.js'
import type { CheckResult } from '../report.js'

export interface KeyBindingOptions {
  /**
   * Keys you trust for an issuer, without any look-up: issuer id → verification method ids,
   * `publicKeyMultibase` values or RFC 7638 JWK thumbprints.
   */
  trustedIssuerKeys?: Readonly<Record<string, readonly string[]>>
  /** Fail (instead of warn) when the key's tie to the issuer cannot be confirmed. @default false */
  requireConfirmedIssuerKey?: boolean
}

export interface KeyBindingOutcome {
  check: CheckResult
  confirmed: boolean
}

/**
 * Is the signing key the issuer's? A contradiction fails; what cannot be confirmed offline warns
 * (project policy, CHECKLIST §11), unless `requireConfirmedIssuerKey` is set.
 */
export async function checkKeyBinding(
  issuerId: string,
  { key, headerJwk }: { key?: ResolvedKey; headerJwk?: PublicJwk },
  { trustedIssuerKeys = {}, requireConfirmedIssuerKey = false }: KeyBindingOptions,
): Promise<KeyBindingOutcome> {
  const trusted = new Set(trustedIssuerKeys[issuerId] ?? [])
  const jwk = key?.publicJwk ?? headerJwk
  const isTrusted =
    trusted.size > 0 &&
    ((key && trusted.has(key.id)) ||
      (key?.publicKeyMultibase !== undefined && trusted.has(key.publicKeyMultibase)) ||
      (jwk !== undefined && trusted.has(await calculateJwkThumbprint(jwk as unknown as Parameters<typeof calculateJwkThumbprint>[0]))))
  if (isTrusted) return passed(`the key is one of the trusted keys of ${issuerId}`)

  if (key) {
    if (key.controller !== issuerId) {
      if (!canControlKeys(issuerId)) return unconfirmed(`the issuer id "${issuerId}" cannot control keys; signed by ${key.controller}`, requireConfirmedIssuerKey)
      return { confirmed: false, check: { id: 'key-binding', status: 'failed', code: 'ERR_OB_KEY_NOT_ISSUER', message: `key controller does not match issuer: "${key.controller}" ≠ "${issuerId}"` } }
    }
    if (key.confirmed) return passed(`${key.source} key ${key.id} is controlled by the issuer`)
    return unconfirmed(`the key was read from the verification method URL "${key.id}"; its tie to ${issuerId} was not fetched`, requireConfirmedIssuerKey)
  }
  if (headerJwk) {
    if (issuerId.startsWith('did:key:')) {
      const multibase = headerJwk.kty === 'RSA' ? undefined : await multibaseFromJwk(headerJwk).catch(() => undefined)
      if (multibase && issuerId === `did:key:${multibase}`) return passed('the header jwk is the issuer did:key')
      return { confirmed: false, check: { id: 'key-binding', status: 'failed', code: 'ERR_OB_KEY_NOT_ISSUER', message: `the header jwk is not the key of issuer "${issuerId}"` } }
    }
    return unconfirmed(`the key came inline in the JWT header; nothing ties it to ${issuerId}`, requireConfirmedIssuerKey)
  }
  return { confirmed: false, check: { id: 'key-binding', status: 'skipped', message: 'no verified key to bind' } }
}

function passed(message: string): KeyBindingOutcome {
  return { confirmed: true, check: { id: 'key-binding', status: 'passed', message } }
}

function unconfirmed(message: string, required: boolean): KeyBindingOutcome {
  return {
    confirmed: false,
    check: required
      ? { id: 'key-binding', status: 'failed', code: 'ERR_OB_KEY_UNRESOLVED', message: `issuer key binding not confirmed: ${message}` }
      : { id: 'key-binding', status: 'warning', code: 'WARN_OB_KEY_UNCONFIRMED', message: `issuer key binding not confirmed: ${message}` },
  }
}

function canControlKeys(id: string): boolean {
  return id.startsWith('did:') || id.startsWith('https://') || id.startsWith('http://')
}
