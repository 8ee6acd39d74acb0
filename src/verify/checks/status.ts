import { base64url } from 'jose'
import { asArray, isRecord } from '../../internal/ids.js'
import { fetchJson, type RemoteOptions } from '../../internal/safe-fetch.js'
import type { CheckResult } from '../report.js'

export interface StatusOptions {
  /** Status list credentials / revocation lists by URL, served offline (and a cache when `remote` is on). */
  statusLists?: Map<string, unknown>
  remote?: RemoteOptions
  /** When the status cannot be determined: warn instead of failing closed. @default false */
  allowUncheckedStatus?: boolean
}

/** Verifies a status list credential's proof and issuer; returns why it is not trusted, or undefined. */
export type StatusListVerifier = (listCredential: Record<string, unknown>, issuerId: string) => Promise<string | undefined>

/**
 * Checks `credentialStatus`: W3C `BitstringStatusListEntry` (revocation / suspension) and
 * `1EdTechRevocationList`. Fails closed when the status is present but cannot be determined.
 */
export async function checkStatus(credential: Record<string, unknown>, issuerId: string | undefined, options: StatusOptions, verifyList: StatusListVerifier): Promise<CheckResult> {
  const entries = asArray(credential.credentialStatus).filter(isRecord)
  if (entries.length === 0) return { id: 'status', status: 'skipped', message: 'no credentialStatus' }
  for (const entry of entries) {
    let result: CheckResult
    try {
      result =
        entry.type === '1EdTechRevocationList'
          ? await revocationList(entry, credential, options)
          : entry.type === 'BitstringStatusListEntry' || entry.type === 'StatusList2021Entry'
            ? await bitstringEntry(entry, issuerId, options, verifyList)
            : unchecked(`unsupported credentialStatus type ${JSON.stringify(entry.type)}`, options)
    } catch (error) {
      result = unchecked(error instanceof Error ? error.message : String(error), options)
    }
    if (result.status !== 'passed') return result
  }
  return { id: 'status', status: 'passed', message: 'not revoked or suspended' }
}

async function load(url: string, options: StatusOptions): Promise<Record<string, unknown>> {
  let document = options.statusLists?.get(url)
  if (document === undefined) {
    document = await fetchJson(url, options.remote)
    options.statusLists?.set(url, document)
  }
  if (!isRecord(document)) throw new Error(`the status document at "${url}" is not a JSON object`)
  return document
}

async function bitstringEntry(entry: Record<string, unknown>, issuerId: string | undefined, options: StatusOptions, verifyList: StatusListVerifier): Promise<CheckResult> {
  const listUrl = entry.statusListCredential
  const index = Number(entry.statusListIndex)
  if (typeof listUrl !== 'string' || !Number.isInteger(index) || index < 0) return unchecked('the status entry lacks statusListCredential or a valid statusListIndex', options)
  const listCredential = await load(listUrl, options)
  const untrusted = await verifyList(listCredential, issuerId ?? '')
  if (untrusted) return unchecked(`the status list credential is not trustworthy: ${untrusted}`, options)
  const subject = asArray(listCredential.credentialSubject).find(isRecord)
  const purpose = String(entry.statusPurpose ?? 'revocation')
  if (!subject || typeof subject.encodedList !== 'string') return unchecked('the status list has no encodedList', options)
  if (subject.statusPurpose !== undefined && subject.statusPurpose !== purpose)
    return unchecked(`the status list's purpose "${String(subject.statusPurpose)}" is not the entry's "${purpose}"`, options)
  const bits = await decodeStatusList(subject.encodedList)
  if (index >= bits.length * 8) return unchecked(`statusListIndex ${index} is outside the list (${bits.length * 8} entries)`, options)
  // Bit 0 is the most significant bit of byte 0 (W3C Bitstring Status List §3.1).
  if (((bits[index >> 3] ?? 0) >> (7 - (index & 7))) & 1) {
    return purpose === 'suspension'
      ? { id: 'status', status: 'failed', code: 'ERR_OB_STATUS_SUSPENDED', message: `suspended (index ${index} of ${listUrl})` }
      : { id: 'status', status: 'failed', code: 'ERR_OB_STATUS_REVOKED', message: `revoked (index ${index} of ${listUrl})` }
  }
  return { id: 'status', status: 'passed', message: `not ${purpose === 'suspension' ? 'suspended' : 'revoked'} (index ${index})` }
}

async function revocationList(entry: Record<string, unknown>, credential: Record<string, unknown>, options: StatusOptions): Promise<CheckResult> {
  if (typeof entry.id !== 'string') return unchecked('1EdTechRevocationList entry has no id', options)
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

/**
 * Decodes a Bitstring Status List `encodedList`: multibase `u` + base64url(GZIP(bitstring)).
 * Written against web APIs (DecompressionStream) because the reference library needs Node's Buffer,
 * and this runs in credential pages too; a test checks it against the library's encoding.
 */
export async function decodeStatusList(encodedList: string): Promise<Uint8Array> {
  if (!encodedList.startsWith('u')) throw new Error('"encodedList" must start with "u" (multibase base64url)')
  const compressed = base64url.decode(encodedList.slice(1))
  const stream = new Blob([compressed as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

function unchecked(reason: string, options: StatusOptions): CheckResult {
  return options.allowUncheckedStatus
    ? { id: 'status', status: 'warning', code: 'WARN_OB_STATUS_UNCHECKED', message: `status not checked: ${reason}` }
    : { id: 'status', status: 'failed', code: 'ERR_OB_STATUS_UNCHECKED', message: `status could not be determined (failing closed): ${reason}` }
}
