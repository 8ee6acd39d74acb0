// Where a credential page reads status lists: the ones embedded when it was made, and, when it is
// served over http(s), fresh ones from where the credential says they are published. The page's CSP
// allows exactly those origins (connect-src), and the verifier itself stays offline: only the status
// lists named by the credential are ever fetched, never DID documents, contexts or anything else.
import { readAtMost } from '../internal/bytes.js'
import { asArray, isRecord } from '../internal/ids.js'

/** The status list (and 1EdTech revocation list) URLs a credential's `credentialStatus` names. */
export function statusListUrls(credential: unknown): string[] {
  const entries = asArray(isRecord(credential) ? credential.credentialStatus : undefined).filter(isRecord)
  const urls = entries.map((entry) => (entry.type === '1EdTechRevocationList' ? entry.id : entry.statusListCredential))
  return [...new Set(urls.filter((url): url is string => typeof url === 'string'))]
}

/** A CSP host source for an origin: scheme, host name and port only, nothing the policy could misread. */
const CSP_ORIGIN = /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?$/

/**
 * Where a page may fetch a status list from, or `undefined`: an https list at its origin, a list on
 * the page's own origin (`certUrl`) as `'self'`. Anything else is read only from what the page embeds.
 */
export function statusListSource(url: string, certUrl: string | undefined): string | undefined {
  let list: URL
  try {
    list = new URL(url)
  } catch {
    return undefined
  }
  if (list.username || list.password || !CSP_ORIGIN.test(list.origin)) return undefined
  if (list.protocol === 'https:') return list.origin
  if (list.protocol === 'http:' && originOf(certUrl) === list.origin) return "'self'"
  return undefined
}

function originOf(url: string | undefined): string | undefined {
  try {
    return url === undefined ? undefined : new URL(url).origin
  } catch {
    return undefined
  }
}

/** The page's `connect-src` sources for a credential: one per origin its status lists may be fetched from. */
export function statusConnectSources(credential: unknown, certUrl: string | undefined): string[] {
  return [...new Set(statusListUrls(credential).flatMap((url) => statusListSource(url, certUrl) ?? []))]
}

/** Whether a status list could be read fresh, and if not, why (in words a reader understands). */
export type LiveStatusOutcome = { fetched: unknown } | { notFetched: string }

export interface LiveStatusOptions {
  /** Time allowed for one list, body included. @default 5000 */
  timeoutMs?: number
  /** Largest list accepted. @default 1048576 (1 MiB; a full 2^21-entry list is at most ~350 KB) */
  maxBytes?: number
  /** @default globalThis.fetch */
  fetch?: typeof globalThis.fetch
}

/**
 * In the reader's browser: reads each status list fresh from the address the credential names, when
 * the page is served over http(s) and the list is https or on the page's own origin (the CSP allows
 * no other). Never sends cookies or the page's address (which names the credential), never follows
 * a redirect. A page opened from a file stays offline.
 */
export async function fetchStatusLists(urls: readonly string[], pageUrl: string, options: LiveStatusOptions = {}): Promise<Map<string, LiveStatusOutcome>> {
  const page = new URL(pageUrl)
  const outcomes = new Map<string, LiveStatusOutcome>()
  await Promise.all(
    urls.map(async (url) => {
      if (page.protocol !== 'https:' && page.protocol !== 'http:') {
        outcomes.set(url, { notFetched: "a page opened from a file does not go online to fetch the issuer's status list" })
        return
      }
      const source = statusListSource(url, page.href)
      if (source === undefined) {
        outcomes.set(url, { notFetched: `the issuer's status list is at ${url}, which a page may fetch only over https or from its own site` })
        return
      }
      outcomes.set(url, await fetchOne(url, options))
    }),
  )
  return outcomes
}

async function fetchOne(url: string, { timeoutMs = 5000, maxBytes = 1024 * 1024, fetch = globalThis.fetch }: LiveStatusOptions): Promise<LiveStatusOutcome> {
  const where = new URL(url).host
  const notFetched = (why: string): LiveStatusOutcome => ({ notFetched: `the issuer's status list at ${where} could not be read (${why})` })
  let response: Response
  try {
    response = await fetch(url, {
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
      cache: 'no-cache',
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError'
    return notFetched(timedOut ? `no answer within ${timeoutMs / 1000} s` : 'the network request failed or was refused by the browser')
  }
  if (!response.ok) return notFetched(`the server answered HTTP ${response.status}`)
  if (!response.body) return notFetched('the server sent no content')
  let text: string
  try {
    text = new TextDecoder().decode(await readAtMost(response.body, maxBytes, () => new RangeError('too large')))
  } catch (error) {
    return notFetched(error instanceof RangeError ? `it is larger than ${maxBytes} bytes` : 'the download was cut off')
  }
  try {
    return { fetched: JSON.parse(text) }
  } catch {
    return notFetched('it is not JSON')
  }
}

/**
 * The status lists to verify with: each fresh list, unless the page embeds a newer one (a stale cache
 * or an undated answer must not replace a newer embedded list). The verifier checks whichever is used.
 */
export function statusListsToUse(embedded: ReadonlyMap<string, unknown>, live: ReadonlyMap<string, LiveStatusOutcome>): Map<string, unknown> {
  const lists = new Map(embedded)
  for (const [url, outcome] of live) {
    if (!('fetched' in outcome)) continue
    const held = embedded.get(url)
    if (held === undefined || validFromOf(outcome.fetched) >= validFromOf(held)) lists.set(url, outcome.fetched)
  }
  return lists
}

/** A list's `validFrom` in ms, or -Infinity when it has none (so any dated list wins over it). */
export function validFromOf(list: unknown): number {
  const value = isRecord(list) ? (list.validFrom ?? list.issuanceDate) : undefined
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time
}
