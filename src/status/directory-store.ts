import { randomInt } from 'node:crypto'
import { mkdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { lock } from 'proper-lockfile'
import { InputInvalid } from '../errors.js'
import { obError } from '../internal/ob-error.js'
import { writeFileAtomic } from '../io/atomic-write.js'
import type { IssuerStateStore, StatusAllocation, StatusChange, StatusListState, StatusPurpose } from './store.js'

/** Smallest list the W3C Bitstring Status List allows (herd privacy). */
export const DEFAULT_LIST_LENGTH = 131_072
/** A list is closed to new allocations once this share of it is used, keeping random picks fast. */
export const FILL_LIMIT = 0.9

interface ListRecord {
  purpose: StatusPurpose
  length: number
  /** Allocated indexes (never reused). */
  allocated: number[]
  /** Indexes whose status bit is set. */
  set: number[]
}

interface State {
  version: 1
  lists: Record<string, ListRecord>
  entries: Record<string, { listId: string; index: number; purpose: StatusPurpose }>
  /** Permanently revoked credentials of suspension lists (unsuspend is refused). */
  revoked: string[]
  history: StatusChange[]
}

export interface DirectoryStoreOptions {
  /** @default 131072 */
  listLength?: number
  /**
   * A lock whose holder has not refreshed it for this long is taken to be left by a killed process
   * and is taken over (the holder refreshes it every half of this). At least 2000.
   * @default 10000
   */
  staleLockMs?: number
  /**
   * Create the directory when it does not exist. `false` refuses one that does not
   * (`ERR_OB_INPUT_INVALID`, "no issuer state at …"): for callers that read or change existing
   * state, where a mistyped path would otherwise open an empty store.
   * @default true
   */
  create?: boolean
}

/**
 * An `IssuerStateStore` in a directory, no server needed: one `state.json` replaced atomically
 * (write, fsync, rename, fsync dir) on every change, under a lock shared by every process that
 * opens the directory (`proper-lockfile`: an atomic `mkdir` lock refreshed while held; a lock left
 * by a killed process goes stale and is taken over).
 * @example
 * const store = await DirectoryStore.open('issuer-state')
 */
export class DirectoryStore implements IssuerStateStore {
  private queue: Promise<unknown> = Promise.resolve()

  private constructor(
    private readonly dir: string,
    private readonly listLength: number,
    private readonly staleLockMs: number,
  ) {}

  static async open(dir: string, { listLength = DEFAULT_LIST_LENGTH, staleLockMs = 10_000, create = true }: DirectoryStoreOptions = {}): Promise<DirectoryStore> {
    if (!Number.isInteger(listLength) || listLength < 8) throw new RangeError('listLength must be an integer ≥ 8')
    if (!Number.isInteger(staleLockMs) || staleLockMs < 2000) throw new RangeError('staleLockMs must be an integer ≥ 2000')
    if (create) await mkdir(dir, { recursive: true })
    else await assertStateFolder(dir)
    return new DirectoryStore(dir, listLength, staleLockMs)
  }

  /** Nothing to release (each change takes and releases the lock); here so every store closes alike. */
  async close(): Promise<void> {
    await this.queue
  }

  allocate(requests: readonly { credentialId: string; purpose: StatusPurpose }[]): Promise<StatusAllocation[]> {
    return this.transaction((state) => {
      const out: StatusAllocation[] = []
      // One set of taken indexes per list for the whole batch (rebuilding it per request made a batch quadratic).
      const takenByList = new Map<string, Set<number>>()
      for (const { credentialId, purpose } of requests) {
        const existing = state.entries[credentialId]
        if (existing) {
          out.push({ credentialId, ...existing })
          continue
        }
        const [listId, list] = this.openList(state, purpose)
        let taken = takenByList.get(listId)
        if (!taken) {
          taken = new Set(list.allocated)
          takenByList.set(listId, taken)
        }
        let index: number
        do index = randomInt(list.length)
        while (taken.has(index))
        list.allocated.push(index)
        taken.add(index)
        state.entries[credentialId] = { listId, index, purpose }
        out.push({ credentialId, listId, index, purpose })
      }
      return out
    })
  }

  async find(credentialId: string): Promise<StatusAllocation | undefined> {
    const entry = (await this.read()).entries[credentialId]
    return entry ? { credentialId, ...entry } : undefined
  }

  change(change: StatusChange): Promise<void> {
    return this.transaction((state) => {
      const entry = state.entries[change.credentialId]
      if (!entry) throw obError('ERR_OB_INPUT_INVALID', `no status entry for "${change.credentialId}" in this store`)
      if (!change.reason.trim()) throw obError('ERR_OB_INPUT_INVALID', 'a status change needs a reason')
      const list = state.lists[entry.listId]!
      const set = new Set(list.set)
      if (change.action === 'revoke') {
        set.add(entry.index)
        if (entry.purpose === 'suspension' && !state.revoked.includes(change.credentialId)) state.revoked.push(change.credentialId)
      } else {
        if (entry.purpose !== 'suspension')
          throw obError('ERR_OB_INPUT_INVALID', `"${change.credentialId}" has a revocation entry; it can be revoked, not ${change.action}ed`)
        if (state.revoked.includes(change.credentialId)) throw obError('ERR_OB_INPUT_INVALID', `"${change.credentialId}" was revoked; it cannot be unsuspended`)
        if (change.action === 'suspend') set.add(entry.index)
        else set.delete(entry.index)
      }
      list.set = [...set].sort((a, b) => a - b)
      state.history.push(change)
    })
  }

  async lists(): Promise<StatusListState[]> {
    const state = await this.read()
    return Object.entries(state.lists).map(([listId, l]) => ({ listId, purpose: l.purpose, length: l.length, set: [...l.set] }))
  }

  async history(credentialId?: string): Promise<StatusChange[]> {
    const { history } = await this.read()
    return credentialId ? history.filter((h) => h.credentialId === credentialId) : history
  }

  private openList(state: State, purpose: StatusPurpose): [string, ListRecord] {
    const open = Object.entries(state.lists).find(([, l]) => l.purpose === purpose && l.allocated.length < l.length * FILL_LIMIT)
    if (open) return open
    const count = Object.values(state.lists).filter((l) => l.purpose === purpose).length
    const listId = `${purpose}-${count + 1}`
    const list: ListRecord = { purpose, length: this.listLength, allocated: [], set: [] }
    state.lists[listId] = list
    return [listId, list]
  }

  private get statePath() {
    return join(this.dir, 'state.json')
  }

  private async read(): Promise<State> {
    try {
      return JSON.parse(await readFile(this.statePath, 'utf8')) as State
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, lists: {}, entries: {}, revoked: [], history: [] }
      throw obError('ERR_OB_INPUT_INVALID', `the issuer state "${this.statePath}" is unreadable: ${(error as Error).message}`, { cause: error })
    }
  }

  /** Serialized read-modify-write under the lock; the new state is durable before the promise resolves. */
  private transaction<T>(apply: (state: State) => T): Promise<T> {
    const run = async () => {
      let compromised: Error | undefined
      const release = await this.lock((error) => {
        compromised = error
      })
      try {
        const state = await this.read()
        const result = apply(state)
        // Another process took the lock over (this one stalled past staleLockMs): writing now could drop its change.
        if (compromised) throw obError('ERR_OB_STORE_UNAVAILABLE', `the issuer state lock was lost: ${compromised.message}`, { cause: compromised })
        await writeFileAtomic(this.statePath, JSON.stringify(state))
        return result
      } finally {
        await release().catch(() => {})
      }
    }
    const next = this.queue.then(run, run)
    this.queue = next.catch(() => {})
    return next
  }

  private async lock(onCompromised: (error: Error) => void): Promise<() => Promise<void>> {
    try {
      return await lock(this.dir, {
        lockfilePath: join(this.dir, 'state.json.lock'),
        realpath: false,
        stale: this.staleLockMs,
        // Contention with other writers is short (one fsync'd write): retry often, for up to about a minute.
        retries: { retries: 2000, factor: 1.2, minTimeout: 2, maxTimeout: 30, randomize: true },
        onCompromised,
      })
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === 'ELOCKED' ? 'stayed locked by another process' : 'could not be locked'
      throw obError('ERR_OB_STORE_UNAVAILABLE', `the issuer state "${this.dir}" ${why}: ${(error as Error).message}`, { cause: error })
    }
  }
}

/** Refuses a state directory that does not exist (or is a file) instead of creating it. */
async function assertStateFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch((cause: NodeJS.ErrnoException) => {
    throw new InputInvalid(`no issuer state at "${dir}": ${cause.code === 'ENOENT' ? 'the folder does not exist' : `it cannot be read (${cause.code ?? cause.message})`}`, { cause })
  })
  if (!info.isDirectory()) throw new InputInvalid(`no issuer state at "${dir}": it is a file, not a folder`)
}
