import { base64url } from 'jose'
import { isObError, type ObErrorCode, StatusListInvalid, StatusListTooLarge } from '../../errors.js'
import { readAtMost } from '../../internal/bytes.js'
import { asArray, isRecord } from '../../internal/ids.js'
import { fetchJson, type RemoteOptions } from '../../internal/safe-fetch.js'
import type { CheckResult } from '../report.js'
import type { StatusListCache, TrustedStatusList } from '../status-list-cache.js'
import { expiredProof, futureProof } from './validity.js'

/**
 * The longest Bitstring Status List accepted: 2^21 entries (256 KiB of bits), 16 times the W3C
 * minimum of 131,072. `@digitalbazaar/vc-bitstring-status-list` inflates without any bound; a list
 * beyond this fails closed before its bits are held in memory.
 */
export const MAX_STATUS_LIST_LENGTH = 2 ** 21

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
 * Verifies a status list credential's proof (and that it was signed by `issuerId`'s key); returns
 * why it is not trusted, or undefined.
 */
export type StatusListVerifier = (listCredential: Record<string, unknown>, issuerId: string) => Promise<string | undefined>

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
export async function checkStatus(credential: Record<string, unknown>, issuerId: string | undefined, options: StatusOptions, verifyList: StatusListVerifier): Promise<CheckResult> {
  const entries = asArray(credential.credentialStatus).filter(isRecord)
  if (entries.length === 0) return { id: 'status', status: 'skipped', message: 'no credentialStatus' }
  const passed: string[] = []
  for (const entry of entries) {
    let result: CheckResult
    try {
      result =
        entry.type === '1EdTechRevocationList'
          ? await revocationList(entry, credential, options)
          : entry.type === 'BitstringStatusListEntry' || entry.type === 'StatusList2021Entry'
            ? await bitstringEntry(entry, issuerId, options, verifyList)
            : unchecked(new Unchecked('ERR_OB_STATUS_UNCHECKED', `unsupported credentialStatus type ${JSON.stringify(entry.type)}`), options)
    } catch (error) {
      result = unchecked(error, options)
    }
    if (result.status !== 'passed') return result
    passed.push(result.message)
  }
  return { id: 'status', status: 'passed', message: passed.join('; ') }
}

async function load(url: string, options: StatusOptions): Promise<Record<string, unknown>> {
  const offline = options.statusLists?.get(url)
  if (offline === undefined && !options.remote)
    throw new Unchecked('ERR_OB_STATUS_UNCHECKED', `the status list "${url}" was not supplied (--status-lists DIR, or the statusLists option) and remote look-ups are off (--allow-remote, or the remote option)`)
  const document = offline ?? (await fetchJson(url, options.remote))
  if (!isRecord(document)) throw new Unchecked('ERR_OB_STATUS_LIST_INVALID', `the status document at "${url}" is not a JSON object`)
  return document
}

async function bitstringEntry(entry: Record<string, unknown>, issuerId: string | undefined, options: StatusOptions, verifyList: StatusListVerifier): Promise<CheckResult> {
  const listUrl = entry.statusListCredential
  const index = Number(entry.statusListIndex)
  if (typeof listUrl !== 'string' || !/^\d+$/.test(String(entry.statusListIndex)) || !Number.isSafeInteger(index))
    throw new Unchecked('ERR_OB_STATUS_UNCHECKED', 'the status entry lacks statusListCredential or a valid statusListIndex')
  const purpose = String(entry.statusPurpose ?? 'revocation')
  const list = await trustedList(listUrl, entry.type === 'StatusList2021Entry', issuerId ?? '', options, verifyList)
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
async function trustedList(url: string, legacy: boolean, issuerId: string, options: StatusOptions, verifyList: StatusListVerifier): Promise<TrustedStatusList> {
  const { statusListCache: cache, now = new Date(), maxClockSkew = 300 } = options
  const offline = options.statusLists?.get(url)
  let list = cache?.get(url, offline)
  const skew = maxClockSkew * 1000
  const expired = (l: TrustedStatusList) => l.validUntil !== undefined && l.validUntil + skew < now.getTime()
  // A cached list that has expired is read again: the issuer may have published a fresh one.
  if (list && expired(list)) list = undefined
  if (!list) {
    const document = await load(url, options)
    list = await verifiedList(url, document, legacy, issuerId, options, verifyList)
    cache?.set(list)
  }
  if (list.issuer !== issuerId) throw new Unchecked('ERR_OB_STATUS_LIST_INVALID', `the status list is issued by "${list.issuer}", not by the credential's issuer "${issuerId}"`)
  // The window is checked on every use, cached or not: an old signed list must not hide a later revocation.
  if (expired(list) && list.validUntil !== undefined)
    throw new Unchecked('ERR_OB_STATUS_LIST_EXPIRED', `the status list expired at ${new Date(list.validUntil).toISOString()} (now ${now.toISOString()}); the issuer must publish a fresh one`)
  if (list.validFrom !== undefined && list.validFrom - skew > now.getTime())
    throw new Unchecked('ERR_OB_STATUS_LIST_NOT_YET_VALID', `the status list is valid only from ${new Date(list.validFrom).toISOString()} (now ${now.toISOString()})`)
  return list
}

async function verifiedList(
  url: string,
  document: Record<string, unknown>,
  legacy: boolean,
  issuerId: string,
  options: StatusOptions,
  verifyList: StatusListVerifier,
): Promise<TrustedStatusList> {
  const invalid = (message: string) => new Unchecked('ERR_OB_STATUS_LIST_INVALID', message)
  const credentialType = legacy ? 'StatusList2021Credential' : 'BitstringStatusListCredential'
  const listType = legacy ? 'StatusList2021' : 'BitstringStatusList'
  const types = asArray(document.type)
  if (!types.includes('VerifiableCredential') || !types.includes(credentialType))
    throw invalid(`the status list credential's type must include "VerifiableCredential" and "${credentialType}" (got ${JSON.stringify(document.type)})`)
  const subject = document.credentialSubject
  if (!isRecord(subject) || !asArray(subject.type).includes(listType)) throw invalid(`the status list's credentialSubject must be a "${listType}"`)
  const purposes = asArray(subject.statusPurpose).filter((p): p is string => typeof p === 'string')
  if (purposes.length === 0) throw invalid('the status list has no statusPurpose')
  if (typeof subject.encodedList !== 'string') throw invalid('the status list has no encodedList')
  const issuer = isRecord(document.issuer) ? document.issuer.id : document.issuer
  if (typeof issuer !== 'string' || issuer !== issuerId) throw invalid(`the status list is issued by "${String(issuer)}", not by the credential's issuer "${issuerId}"`)
  const validFrom = dateOf(document.validFrom ?? document.issuanceDate, 'validFrom')
  const validUntil = dateOf(document.validUntil ?? document.expirationDate, 'validUntil')
  const proofs = asArray(document.proof).filter(isRecord)
  const untrusted = (await verifyList(document, issuerId)) ?? futureProof(proofs, undefined, options) ?? expiredProof(proofs, options)
  if (untrusted) throw invalid(`the status list credential is not trustworthy: ${untrusted}`)
  let bits: Uint8Array
  try {
    bits = await decodeStatusList(subject.encodedList, { maxLength: options.maxStatusListLength ?? MAX_STATUS_LIST_LENGTH })
  } catch (error) {
    throw isObError(error) ? new Unchecked(error.code, error.message) : invalid(`the encodedList cannot be decoded: ${error instanceof Error ? error.message : String(error)}`)
  }
  // W3C `ttl` (ms) asks verifiers to read the list again that soon. Past `validUntil` (on the
  // verifier's clock) an entry is read again too, see trustedList.
  const ttl = typeof subject.ttl === 'number' && subject.ttl >= 0 ? subject.ttl : Number.POSITIVE_INFINITY
  const freshUntil = Date.now() + Math.min(ttl, options.statusListCache?.maxAgeMs ?? 0)
  return { url, source: options.statusLists?.get(url) ?? document, issuer, purposes, bits, validFrom, validUntil, freshUntil }
}

function dateOf(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN
  if (Number.isNaN(time)) throw new Unchecked('ERR_OB_STATUS_LIST_INVALID', `the status list's "${name}" (${JSON.stringify(value)}) is not a date`)
  return time
}

async function revocationList(entry: Record<string, unknown>, credential: Record<string, unknown>, options: StatusOptions): Promise<CheckResult> {
  if (typeof entry.id !== 'string') throw new Unchecked('ERR_OB_STATUS_UNCHECKED', '1EdTechRevocationList entry has no id')
  const list = await load(entry.id, options)
  const revoked = asArray(list.revokedCredential)
    .filter(isRecord)
    .find((r) => r.id === credential.id && r.revoked !== false)
  if (revoked)
    return {
      id: 'status',
      status: 'failed',
      code: 'ERR_OB_STATUS_REVOKED',
      message: `revoked by the issuer's 1EdTech revocation list${typeof revoked.revocationReason === 'string' ? `: ${revoked.revocationReason}` : ''}`,
    }
  return { id: 'status', status: 'passed', message: 'not on the issuer’s 1EdTech revocation list' }
}

export interface DecodeStatusListOptions {
  /** Longest list accepted, in entries (bits). @default 2097152 (2^21) */
  maxLength?: number
}

/**
 * Decodes a Bitstring Status List `encodedList`: multibase `u` + base64url(GZIP(bitstring)).
 * Inflates as a stream and stops at `maxLength` bits (`ERR_OB_STATUS_LIST_TOO_LARGE`), so a small
 * gzip bomb never reaches memory. Written against web APIs (DecompressionStream) because the
 * reference library needs Node's Buffer, and this runs in credential pages too.
 */
export async function decodeStatusList(encodedList: string, { maxLength = MAX_STATUS_LIST_LENGTH }: DecodeStatusListOptions = {}): Promise<Uint8Array> {
  const maxBytes = Math.ceil(maxLength / 8)
  if (!encodedList.startsWith('u')) throw new StatusListInvalid('"encodedList" must start with "u" (multibase base64url)')
  // Even incompressible bits grow by ~1.34× in gzip + base64url; anything longer cannot fit.
  if (encodedList.length > maxBytes * 2 + 1024) throw new StatusListTooLarge(`"encodedList" is ${encodedList.length} characters; a list of at most ${maxLength} entries is accepted`)
  let compressed: Uint8Array
  try {
    compressed = base64url.decode(encodedList.slice(1))
  } catch {
    throw new StatusListInvalid('"encodedList" is not base64url')
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
