/** A status list whose credential was verified (types, issuer, validity, proof) and whose bits were decoded. */
export interface TrustedStatusList {
  /** The `statusListCredential` URL it was read for. */
  url: string
  /** The document it was decoded from: a hit needs this object, or one with the same JSON, when lists are supplied offline. */
  source: object
  /** The list credential's type (`BitstringStatusListCredential`, `StatusList2021Credential`): it serves only entries of its kind. */
  credentialType?: string
  issuer: string
  /** `credentialSubject.statusPurpose`, as one or more purposes. */
  purposes: readonly string[]
  /** The decoded bitstring (bit 0 is the most significant bit of byte 0). */
  bits: Uint8Array
  /** The list credential's validity window, in ms since the epoch (checked against `now` on every use). */
  validFrom: number | undefined
  validUntil: number | undefined
  /** Wall-clock time after which the list is read and verified again. */
  freshUntil: number
}

/**
 * Verified, decoded status lists by URL, kept for one verifier: badges that share a list verify its
 * proof and inflate its bits once per validity window instead of once per badge.
 */
export interface StatusListCache {
  /** The entry for `url`, if still fresh (and, when given, read from the same `source` document). */
  get(url: string, source?: unknown): TrustedStatusList | undefined
  set(list: TrustedStatusList): void
  /** How long a list without `ttl` or `validUntil` stays cached, in ms. */
  readonly maxAgeMs: number
  readonly size: number
  clear(): void
}

export interface StatusListCacheOptions {
  /** Lists kept at once; the least recently used goes first. A list holds at most 256 KiB. @default 64 */
  maxEntries?: number
  /**
   * Longest time a verified list is reused before it is read again (a list's own `ttl` or
   * `validUntil` may shorten it). @default 300 (five minutes)
   */
  maxAgeSeconds?: number
}

/**
 * Creates a status list cache to pass to every `verifyBadge` call of one verifier (`statusListCache`).
 * @example
 * const statusListCache = createStatusListCache()
 * for (const badge of badges) reports.push(await verifyBadge(badge, { remote, statusListCache }))
 */
export function createStatusListCache({ maxEntries = 64, maxAgeSeconds = 300 }: StatusListCacheOptions = {}): StatusListCache {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer (got ${maxEntries})`)
  if (!(maxAgeSeconds >= 0)) throw new RangeError(`maxAgeSeconds must be ≥ 0 (got ${maxAgeSeconds})`)
  // Each list beside its source's JSON: a copy of the same document (a pool task, a re-read file) hits too.
  const entries = new Map<string, { list: TrustedStatusList; json: string }>()
  return {
    maxAgeMs: maxAgeSeconds * 1000,
    get size() {
      return entries.size
    },
    get(url, source) {
      const entry = entries.get(url)
      if (!entry) return undefined
      const sameSource = source === undefined || source === entry.list.source || JSON.stringify(source) === entry.json
      if (Date.now() >= entry.list.freshUntil || !sameSource) {
        entries.delete(url)
        return undefined
      }
      // Map order is insertion order: re-inserting marks it most recently used.
      entries.delete(url)
      entries.set(url, entry)
      return entry.list
    },
    set(list) {
      entries.delete(list.url)
      entries.set(list.url, { list, json: JSON.stringify(list.source) })
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string)
    },
    clear() {
      entries.clear()
    },
  }
}
