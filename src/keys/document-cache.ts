import { fetchJson, type RemoteOptions } from '../internal/safe-fetch.js'

/** Options of {@link createDocumentCache}. */
export interface DocumentCacheOptions {
  /** Documents kept at most; the least recently used is dropped first. @default 256 */
  maxEntries?: number
  /** How long a fetched document is reused. @default 300000 (5 minutes) */
  ttlMs?: number
}

/**
 * Issuer DID documents and key documents fetched during verification, by URL, with a bound. Share
 * one across many `verifyBadge` calls (or use `createVerifier`) so badges from one issuer resolve
 * its document once; a look-up in flight is shared too. Failures are not kept.
 */
export interface DocumentCache {
  /** The JSON at `url`, from the cache or fetched through `remote`. */
  fetch(url: string, remote: RemoteOptions): Promise<unknown>
  /** Documents held now. */
  readonly size: number
  clear(): void
}

/**
 * @example
 * const cache = createDocumentCache({ maxEntries: 100 })
 * for (const badge of badges) await verifyBadge(badge, { remote: {}, documentCache: cache })
 */
export function createDocumentCache({ maxEntries = 256, ttlMs = 5 * 60_000 }: DocumentCacheOptions = {}): DocumentCache {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer (got ${maxEntries})`)
  const entries = new Map<string, { value: Promise<unknown>; expires: number }>()
  return {
    fetch(url, remote) {
      const now = Date.now()
      const hit = entries.get(url)
      if (hit && hit.expires > now) {
        // Map order is insertion order: re-inserting marks it most recently used.
        entries.delete(url)
        entries.set(url, hit)
        return hit.value
      }
      const value = fetchJson(url, remote)
      entries.delete(url)
      entries.set(url, { value, expires: now + ttlMs })
      value.catch(() => {
        if (entries.get(url)?.value === value) entries.delete(url)
      })
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string)
      return value
    },
    get size() {
      return entries.size
    },
    clear() {
      entries.clear()
    },
  }
}
