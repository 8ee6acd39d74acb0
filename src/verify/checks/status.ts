import { base64url } from 'jose'
import { isObError, type ObErrorCode, StatusListInvalid, StatusListTooLarge } from '../../errors.js'
import { readAtMost } from '../../internal/bytes.js'
import { asArray, isRecord } from '../../internal/ids.js'
import { fetchJson, type RemoteOptions } from '../../internal/safe-fetch.js'
import { didWebDocumentUrl } from '../../keys/issuer-keys.js'
import { assertCompactedKeys } from '../input-safety.js'
import type { CheckResult } from '../report.js'
import type { StatusListCache, TrustedStatusList } from '../status-list-cache.js'
import { expiredProof, futureProof } from './validity.js'

/**
 * The longest Bitstring Status List accepted: 2^21 entries (256 KiB of bits), 16 times the W3C
 * minimum of 131,072. `@digitalbazaar/vc-bitstring-status-list` inflates without any bound; a list
 * beyond this fails closed before its bits are held in memory.
 */
export const MAX_STATUS_LIST_LENGTH = 2 ** 21

/**
 * The most entries a 1EdTech revocation list may have: far more than a 256 KiB fetched list can
 * hold; a longer list (one supplied offline) fails closed with `ERR_OB_STATUS_LIST_TOO_LARGE`.
 */
export const MAX_REVOCATION_LIST_ENTRIES = 65_536

/** The most `credentialStatus` entries followed (OB 3.0 allows one; W3C lists one per purpose). */
export const MAX_STATUS_ENTRIES = 8

export interface StatusOptions {
  /** Status list credentials / revocation lists by URL, served offline. */
  statusLists?: ReadonlyMap<string, unknown>
  /** Verified, decoded lists kept between calls of one verifier (see `createStatusListCache`). */
  statusListCache?: StatusListCache
  remote?: RemoteOptions
  /** When the status cannot be determined: warn instead of failing closed. @default false */
  allowUncheckedStatus?: boolean
  /** Longest status list accepted, in entries (bits). @default 2097152 (2^21) */
  maxStatusListLength?: number
  /** The verifier's clock. @default new Date() */
  now?: Date
  /** Tolerated clock difference, in seconds. @default 300 */
  maxClockSkew?: number
}

/**
 * Verifies a status list credential's proof (and that it was signed by `listIssuer`'s key, the list's
 * own issuer, one of the ids the credential accepts); returns why it is not trusted, or undefined.
 */
export type StatusListVerifier = (listCredential: Record<string, unknown>, listIssuer: string) => Promise<string | undefined>

/**
 * Who may issue a credential's status lists: the credential's issuer (first) and, when its key is
 * confirmed, that very key as a did:key (DCC's status service signs a did:web issuer's lists so).
 */
export type ListIssuers = readonly [credentialIssuer: string, ...sameKey: string[]]

/** Why a status could not be determined, with the code a failure reports. */
class Unchecked extends Error {
  constructor(
    readonly code: ObErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Checks `credentialStatus`: W3C `BitstringStatusListEntry` (revocation / suspension) and
 * `1EdTechRevocationList`. Fails closed when the status is present but cannot be determined, or when
 * the list is not one to trust: expired or not yet valid, not a `BitstringStatusListCredential`,
 * issued or signed by someone else, for another purpose, or larger than `maxStatusListLength`.
 */
export async function checkStatus(credential: Record<string, unknown>, listIssuers: ListIssuers, options: StatusOptions, verifyList: StatusListVerifier): Promise<CheckResult> {
  const entries = asArray(credential.credentialStatus).filter(isRecord)
  if (entries.length === 0) return { id: 'status', status: 'skipped', message: 'no credentialStatus' }
  // Each entry may send the verifier to another host: a credential naming hundreds is refused unread.
  if (entries.length > MAX_STATUS_ENTRIES)
    return { id: 'status', status: 'failed', code: 'ERR_OB_STATUS_UNCHECKED', message: `${entries.length} credentialStatus entries; at most ${MAX_STATUS_ENTRIES} are checked` }
  const passed: string[] = []
  let warning: CheckResult | undefined
  for (const entry of entries) {
    let result: CheckResult
    try {
      result =
        entry.type === '1EdTechRevocationList'
          ? await revocationList(entry, credential, listIssuers, options, verifyList)
          : entry.type === 'BitstringStatusListEntry' || entry.type === 'StatusList2021Entry'
            ? await bitstringEntry(entry, listIssuers, options, verifyList)
            : unchecked(new Unchecked('ERR_OB_STATUS_UNCHECKED', `unsupported credentialStatus type ${JSON.stringify(entry.type)}`), options)
    } catch (error) {
      result = unchecked(error, options)
    }
    // A failure decides; a warning must not stop the entries after it (one may say "revoked").
    if (result.status === 'failed') return result
    if (result.status === 'warning') warning ??= result
    passed.push(result.message)
  }
  if (warning) return { ...warning, message: passed.join('; ') }
  return { id: 'status', status: 'passed', message: passed.join('; ') }
}

/** The document at `url`: the caller's offline copy, else fetched (`fetched` says which). */
async function load(url: string, options: StatusOptions): Promise<{ document: Record<string, unknown>; fetched: boolean }> {
  const offline = options.statusLists?.get(url)
  if (offline === undefined && !options.remote)
    throw new Unchecked('ERR_OB_STATUS_UNCHECKED', `the status list "${url}" was not supplied (--status-lists DIR, or the statusLists option) and remote look-ups are off (--allow-remote, or the remote option)`)
  const document = offline ?? (await fetchJson(url, options.remote))
  if (!isRecord(document)) throw new Unchecked('ERR_OB_STATUS_LIST_INVALID', `the status document at "${url}" is not a JSON object`)
  // Before anything reads it: compacted form (a key renamed to the IRI it expands to, e.g.
  // `revokedCredentials` or `validUntil`, keeps the proof valid but hides the value from this reader).
  try {
    assertCompactedKeys(document)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Unchecked(isObError(error) ? error.code : 'ERR_OB_STATUS_LIST_INVALID', `the status document at "${url}": ${reason}`)
  }
  return { document, fetched: offline === undefined }
}

async function bitstringEntry(entry: Record<string, unknown>, listIssuers: ListIssuers, options: StatusOptions, verifyList: StatusListVerifier): Promise<CheckResult> {
  const listUrl = entry.statusListCredential
  const index = Number(entry.statusListIndex)
  if (typeof listUrl !== 'string' || !/^\d+$/.test(String(entry.statusListIndex)) || !Number.isSafeInteger(index))
    throw new Unchecked('ERR_OB_STATUS_UNCHECKED', 'the status entry lacks statusListCredential or a valid statusListIndex')
  const purpose = String(entry.statusPurpose ?? 'revocation')
  const list = await trustedList(listUrl, entry.type === 'StatusList2021Entry', listIssuers, options, verifyList)
  if (!list.purposes.includes(purpose))
    throw new Unchecked('ERR_OB_STATUS_LIST_INVALID', `the status list's purpose ${JSON.stringify(list.purposes.join(', '))} is not the entry's "${purpose}"`)
  const { bits } = list
  if (index >= bits.length * 8) throw new Unchecked('ERR_OB_STATUS_UNCHECKED', `statusListIndex ${index} is outside the list (${bits.length * 8} entries)`)
  const asOf = list.validFrom === undefined ? '' : ` as of ${new Date(list.validFrom).toISOString()}`
  // Bit 0 is the most significant bit of byte 0 (W3C Bitstring Status List §3.1).
  if (((bits[index >> 3] ?? 0) >> (7 - (index & 7))) & 1) {
    return purpose === 'suspension'
      ? { id: 'status', status: 'failed', code: 'ERR_OB_STATUS_SUSPENDED', message: `suspended (index ${index} of ${listUrl}${asOf})` }
      : { id: 'status', status: 'failed', code: 'ERR_OB_STATUS_REVOKED', message: `revoked (index ${index} of ${listUrl}${asOf})` }
  }
  return { id: 'status', status: 'passed', message: `not ${purpose === 'suspension' ? 'suspended' : 'revoked'}${asOf} (index ${index} of the issuer's list)` }
}

/** The list at `url`, from the cache or read, checked and decoded (then cached). */
async function trustedList(url: string, legacy: boolean, listIssuers: ListIssuers, options: StatusOptions, verifyList: StatusListVerifier): Promise<TrustedStatusList> {
  const { statusListCache: cache, now = new Date(), maxClockSkew = 300 } = options
  const offline = options.statusLists?.get(url)
  let list = cache?.get(url, offline)
  const skew = maxClockSkew * 1000
  const expired = (l: TrustedStatusList) => l.validUntil !== undefined && l.validUntil + skew < now.getTime()
  // A cached list that has expired is read again: the issuer may have published a fresh one.
  if (list && expired(list)) list = undefined
  if (!list) {
    const { document, fetched } = await load(url, options)
    list = await verifiedList(url, document, fetched, legacy, listIssuers, options, verifyList)
    cache?.set(list)
  }
  // A cached list was verified as its own issuer's: it serves any credential that accepts that issuer,
  // and only entries of its own kind (a StatusList2021Entry needs a StatusList2021Credential).
  const credentialType = legacy ? 'StatusList2021Credential' : 'BitstringStatusListCredential'
  if (list.credentialType !== undefined && list.credentialType !== credentialType)
    throw new Unchecked('ERR_OB_STATUS_LIST_INVALID', `the status list at "${url}" is a ${list.credentialType}, not the ${credentialType} a ${legacy ? 'StatusList2021Entry' : 'BitstringStatusListEntry'} needs`)
  if (!listIssuers.includes(list.issuer)) throw new Unchecked('ERR_OB_STATUS_LIST_INVALID', notIssuedBy(list.issuer, listIssuers))
  // The window is checked on every use, cached or not: an old signed list must not hide a later revocation.
  assertWithinWindow(list.validFrom, list.validUntil, options)
  return list
}

async function verifiedList(
  url: string,
  document: Record<string, unknown>,
  fetched: boolean,
  legacy: boolean,
  listIssuers: ListIssuers,
  options: StatusOptions,
  verifyList: StatusListVerifier,
): Promise<TrustedStatusList> {
  const invalid = (message: string) => new Unchecked('ERR_OB_STATUS_LIST_INVALID', message)
  const credentialType = legacy ? 'StatusList2021Credential' : 'BitstringStatusListCredential'
  const listType = legacy ? 'StatusList2021' : 'BitstringStatusList'
  // A list supplied for a URL (statusLists, a page's embedded lists) must be the list that URL names:
  // the issuer's other list, where the bit is 0, would otherwise answer "not revoked". A fetched
  // list is the one its URL serves (the 1EdTech validator's own test list has another id).
  if (!fetched && document.id !== url) throw invalid(`the status list credential at "${url}" is another list: its id is ${JSON.stringify(document.id)}`)
  const types = asArray(document.type)
  if (!types.includes('VerifiableCredential') || !types.includes(credentialType))
    throw invalid(`the status list credential's type must include "VerifiableCredential" and "${credentialType}" (got ${JSON.stringify(document.type)})`)
  const subject = document.credentialSubject
  if (!isRecord(subject) || !asArray(subject.type).includes(listType)) throw invalid(`the status list's credentialSubject must be a "${listType}"`)
  const purposes = asArray(subject.statusPurpose).filter((p): p is string => typeof p === 'string')
  if (purposes.length === 0) throw invalid('the status list has no statusPurpose')
  if (typeof subject.encodedList !== 'string') throw invalid('the status list has no encodedList')
  const issuer = isRecord(document.issuer) ? document.issuer.id : document.issuer
  if (typeof issuer !== 'string' || !listIssuers.includes(issuer)) throw invalid(notIssuedBy(issuer, listIssuers))
  const { validFrom, validUntil } = windowOf(document)
  const proofs = asArray(document.proof).filter(isRecord)
  const untrusted = (await verifyList(document, issuer)) ?? futureProof(proofs, undefined, options) ?? expiredProof(proofs, options)
  if (untrusted) throw invalid(`the status list credential is not trustworthy: ${untrusted}`)
  let bits: Uint8Array
  try {
    bits = await decodeStatusList(subject.encodedList, { maxLength: options.maxStatusListLength ?? MAX_STATUS_LIST_LENGTH, statusList2021: legacy })
  } catch (error) {
    throw isObError(error) ? new Unchecked(error.code, error.message) : invalid(`the encodedList cannot be decoded: ${error instanceof Error ? error.message : String(error)}`)
  }
  // W3C `ttl` (ms) asks verifiers to read the list again that soon. Past `validUntil` (on the
  // verifier's clock) an entry is read again too, see trustedList.
  const ttl = typeof subject.ttl === 'number' && subject.ttl >= 0 ? subject.ttl : Number.POSITIVE_INFINITY
  const freshUntil = Date.now() + Math.min(ttl, options.statusListCache?.maxAgeMs ?? 0)
  return { url, source: options.statusLists?.get(url) ?? document, credentialType, issuer, purposes, bits, validFrom, validUntil, freshUntil }
}

/** A signed list is used only within its validity window: `ERR_OB_STATUS_LIST_EXPIRED` / `_NOT_YET_VALID`. */
function assertWithinWindow(validFrom: number | undefined, validUntil: number | undefined, { now = new Date(), maxClockSkew = 300 }: StatusOptions): void {
  const skew = maxClockSkew * 1000
  if (validUntil !== undefined && validUntil + skew < now.getTime())
    throw new Unchecked('ERR_OB_STATUS_LIST_EXPIRED', `the status list expired at ${new Date(validUntil).toISOString()} (now ${now.toISOString()}); the issuer must publish a fresh one`)
  if (validFrom !== undefined && validFrom - skew > now.getTime())
    throw new Unchecked('ERR_OB_STATUS_LIST_NOT_YET_VALID', `the status list is valid only from ${new Date(validFrom).toISOString()} (now ${now.toISOString()})`)
}

/** A list's validity window; where it states a date twice (VCDM 1.1 and 2.0 names), the stricter one. */
function windowOf(list: Record<string, unknown>): { validFrom: number | undefined; validUntil: number | undefined } {
  const defined = (dates: (number | undefined)[]) => dates.filter((d): d is number => d !== undefined)
  const starts = defined([dateOf(list.validFrom, 'validFrom'), dateOf(list.issuanceDate, 'issuanceDate')])
  const ends = defined([dateOf(list.validUntil, 'validUntil'), dateOf(list.expirationDate, 'expirationDate')])
  return { validFrom: starts.length ? Math.max(...starts) : undefined, validUntil: ends.length ? Math.min(...ends) : undefined }
}

function dateOf(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN
  if (Number.isNaN(time)) throw new Unchecked('ERR_OB_STATUS_LIST_INVALID', `the status list's "${name}" (${JSON.stringify(value)}) is not a date`)
  return time
}

/**
 * A `1EdTechRevocationList` entry (VCRL 1.0): the list at the entry's `id` names revoked credentials
 * under `revokedCredentials` (`revokedCredential` is read too). A revocation it states is honoured
 * whatever its source: it can only refuse. "Not revoked" needs a list shown to be the issuer's:
 * - signed (it carries a proof): checked like a status list credential — a VerifiableCredential
 *   issued by the credential's issuer, its proof valid under the issuer's key (a confirmed key when
 *   the credential's key is confirmed), within its validity window;
 * - unsigned, as VCRL publishes it: only when fetched over https from the issuer's own origin (the
 *   did:web host, or the https issuer's origin), and then with `WARN_OB_STATUS_UNSIGNED`: the answer
 *   rests on that site's https, not on a signature. Supplied offline, or from any other origin,
 *   nothing shows it is the issuer's: the status cannot be determined (fail closed).
 * See docs/revocation-lists.md.
 */
async function revocationList(entry: Record<string, unknown>, credential: Record<string, unknown>, listIssuers: ListIssuers, options: StatusOptions, verifyList: StatusListVerifier): Promise<CheckResult> {
  const [issuerId] = listIssuers
  const url = entry.id
  if (typeof url !== 'string') throw new Unchecked('ERR_OB_STATUS_UNCHECKED', '1EdTechRevocationList entry has no id')
  // A list names credentials by id: one without an id could never be found there, revoked or not.
  const credentialId = credential.id
  if (typeof credentialId !== 'string') throw new Unchecked('ERR_OB_STATUS_UNCHECKED', 'the credential has no id, so no 1EdTech revocation list can name it')
  const { document: list, fetched } = await load(url, options)
  const signed = list.proof !== undefined
  const entries = [list, isRecord(list.credentialSubject) ? list.credentialSubject : {}].flatMap((holder) => [...asArray(holder.revokedCredentials), ...asArray(holder.revokedCredential)])
  const revoked = entries.filter(isRecord).find((r) => r.id === credentialId && r.revoked !== false)
  if (revoked)
    return {
      id: 'status',
      status: 'failed',
      code: 'ERR_OB_STATUS_REVOKED',
      message: `revoked by the ${signed ? 'signed ' : ''}1EdTech revocation list at ${url}${typeof revoked.revocationReason === 'string' ? `: ${revoked.revocationReason}` : ''}`,
    }
  const invalid = (message: string) => new Unchecked('ERR_OB_STATUS_LIST_INVALID', `the 1EdTech revocation list at "${url}" ${message}`)
  if (entries.length > MAX_REVOCATION_LIST_ENTRIES)
    throw new Unchecked('ERR_OB_STATUS_LIST_TOO_LARGE', `the 1EdTech revocation list at "${url}" has ${entries.length} entries; at most ${MAX_REVOCATION_LIST_ENTRIES} are read`)
  if (!entries.every((r) => isRecord(r) && typeof r.id === 'string')) throw invalid('has an entry that is not an object with an "id"')
  const listIssuer = isRecord(list.issuer) ? list.issuer.id : list.issuer
  if (listIssuer !== undefined && (typeof listIssuer !== 'string' || !listIssuers.includes(listIssuer))) throw invalid(`is ${notIssuedBy(listIssuer, listIssuers).replace(/^the status list is /, '')}`)

  if (signed) {
    if (!asArray(list.type).includes('VerifiableCredential')) throw invalid(`carries a proof but is not a VerifiableCredential (type ${JSON.stringify(list.type)})`)
    // Any credential the issuer signed is not its revocation list: one supplied for this URL must be
    // the one it names (its id), and any must be a revocation list ("revokedCredentials", even empty).
    if (!fetched && list.id !== url) throw invalid(`is another document: its id is ${JSON.stringify(list.id)}`)
    if (list.revokedCredentials === undefined && !(isRecord(list.credentialSubject) && list.credentialSubject.revokedCredentials !== undefined))
      throw invalid('is signed but is not a revocation list: it has no "revokedCredentials"')
    const { validFrom, validUntil } = windowOf(list)
    const proofs = asArray(list.proof).filter(isRecord)
    const untrusted = (await verifyList(list, typeof listIssuer === 'string' ? listIssuer : issuerId)) ?? futureProof(proofs, undefined, options) ?? expiredProof(proofs, options)
    if (untrusted) throw invalid(`is not trustworthy: ${untrusted}`)
    assertWithinWindow(validFrom, validUntil, options)
    const asOf = validFrom === undefined ? '' : ` as of ${new Date(validFrom).toISOString()}`
    return { id: 'status', status: 'passed', message: `not on the issuer's signed 1EdTech revocation list${asOf}` }
  }

  // Unsigned: the list is the issuer's only as far as where it was read from shows it.
  if (!fetched)
    throw new Unchecked(
      'ERR_OB_STATUS_UNCHECKED',
      `the 1EdTech revocation list for "${url}" was supplied offline and is unsigned, so nothing shows it is the issuer's; let the verifier fetch it from the issuer (remote)`,
    )
  const origin = webOriginOf(issuerId)
  const listOrigin = new URL(url).origin
  if (origin === undefined) throw new Unchecked('ERR_OB_STATUS_UNCHECKED', `the 1EdTech revocation list at "${url}" is unsigned and the issuer "${issuerId}" has no web origin to tie it to`)
  if (listOrigin !== origin)
    throw new Unchecked('ERR_OB_STATUS_UNCHECKED', `the 1EdTech revocation list is unsigned and served from ${listOrigin}, not from the issuer's own origin ${origin}; an unsigned list is trusted only from there`)
  return {
    id: 'status',
    status: 'warning',
    code: 'WARN_OB_STATUS_UNSIGNED',
    message: `not on the issuer's 1EdTech revocation list, fetched from the issuer's own origin ${origin}; the list is unsigned, so this rests on that site's https`,
  }
}

function notIssuedBy(issuer: unknown, [credentialIssuer, ...sameKey]: ListIssuers): string {
  return `the status list is issued by ${JSON.stringify(issuer)}, not by the credential's issuer "${credentialIssuer}"${sameKey.length ? ` nor by its signing key ${sameKey.join(', ')}` : ''}`
}

/** The https origin an issuer id lives at (a did:web host, an https id), or undefined (did:key, urn:, …). */
function webOriginOf(issuerId: string): string | undefined {
  try {
    if (issuerId.startsWith('did:web:')) return new URL(didWebDocumentUrl(issuerId)).origin
    if (issuerId.startsWith('https://')) return new URL(issuerId).origin
  } catch {
    // A malformed issuer id has no origin.
  }
  return undefined
}

export interface DecodeStatusListOptions {
  /** Longest list accepted, in entries (bits). @default 2097152 (2^21) */
  maxLength?: number
  /**
   * A StatusList2021 `encodedList`: base64 (RFC 4648, url-safe or standard, padded or not) of the
   * GZIP bits, without the multibase `u` of a Bitstring Status List (which is accepted too).
   * @default false
   */
  statusList2021?: boolean
}

/**
 * Decodes a Bitstring Status List `encodedList`: multibase `u` + base64url(GZIP(bitstring)); with
 * `statusList2021`, a StatusList2021 one: base64(GZIP(bitstring)), no prefix.
 * Inflates as a stream and stops at `maxLength` bits (`ERR_OB_STATUS_LIST_TOO_LARGE`), so a small
 * gzip bomb never reaches memory. Written against web APIs (DecompressionStream) because the
 * reference library needs Node's Buffer, and this runs in credential pages too.
 */
export async function decodeStatusList(encodedList: string, { maxLength = MAX_STATUS_LIST_LENGTH, statusList2021 = false }: DecodeStatusListOptions = {}): Promise<Uint8Array> {
  const maxBytes = Math.ceil(maxLength / 8)
  if (!statusList2021 && !encodedList.startsWith('u')) throw new StatusListInvalid('"encodedList" must start with "u" (multibase base64url)')
  // Even incompressible bits grow by ~1.34× in gzip + base64url; anything longer cannot fit.
  if (encodedList.length > maxBytes * 2 + 1024) throw new StatusListTooLarge(`"encodedList" is ${encodedList.length} characters; a list of at most ${maxLength} entries is accepted`)
  // GZIP data starts 1f 8b, "H4" in base64: a leading "u" can only be a multibase prefix.
  const base64 = encodedList.startsWith('u') ? encodedList.slice(1) : encodedList
  let compressed: Uint8Array
  try {
    compressed = base64url.decode(statusList2021 ? base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : base64)
  } catch {
    throw new StatusListInvalid(`"encodedList" is not ${statusList2021 ? 'base64' : 'base64url'}`)
  }
  const inflated = new Blob([compressed as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'))
  try {
    return await readAtMost(inflated, maxBytes, () => new StatusListTooLarge(`"encodedList" inflates beyond ${maxBytes} bytes; a list of at most ${maxLength} entries is accepted`))
  } catch (error) {
    if (isObError(error)) throw error
    throw new StatusListInvalid(`"encodedList" is not valid GZIP: ${error instanceof Error ? error.message : String(error)}`)
  }
}

function unchecked(error: unknown, options: StatusOptions): CheckResult {
  const reason = error instanceof Error ? error.message : String(error)
  if (options.allowUncheckedStatus) return { id: 'status', status: 'warning', code: 'WARN_OB_STATUS_UNCHECKED', message: `status not checked: ${reason}` }
  const code: ObErrorCode = error instanceof Unchecked ? error.code : 'ERR_OB_STATUS_UNCHECKED'
  return { id: 'status', status: 'failed', code, message: `status could not be determined (failing closed): ${reason}` }
}
