import { mkdir, readFile, readdir, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { OpenBadgeCredential } from '../credential/types.js'
import { writeFileAtomic } from '../internal/atomic-write.js'

/** A challenge an exchange handed out, with when it stops being accepted. */
export interface ExchangeChallenge {
  value: string
  expiresAt: string
}

/**
 * One award waiting for its wallet: the unsigned credential, the challenges handed out for it, and
 * whether it was already delivered (exchanges are one-time). The credential is signed only when a
 * wallet has proven control of its DID, with `credentialSubject.id` set to that DID.
 */
export interface ExchangeRecord {
  /** Random, URL-safe; the last path segment of the exchange URL. */
  id: string
  credential: OpenBadgeCredential
  createdAt: string
  expiresAt: string
  challenges: ExchangeChallenge[]
  state: 'pending' | 'complete'
  /** The DID the credential was issued to, once complete. */
  issuedTo?: string
  completedAt?: string
}

/**
 * Where exchanges live, behind an interface so a platform can keep them in its own database.
 * `update` must apply `change` atomically per record (read, change, write with no interleaving):
 * that is what makes an exchange one-time under concurrent wallets.
 */
export interface ExchangeStore {
  create(record: ExchangeRecord): Promise<void>
  get(id: string): Promise<ExchangeRecord | undefined>
  /** Applies `change` to the current record and stores its result; resolves `undefined` if there is no such record. */
  update(id: string, change: (record: ExchangeRecord) => ExchangeRecord): Promise<ExchangeRecord | undefined>
}

const ID = /^[A-Za-z0-9_-]{16,128}$/

/** True for an id an exchange store will accept (also keeps ids safe as file names). */
export function isExchangeId(id: string): boolean {
  return ID.test(id)
}

/** Serializes work per key, so each record's read-change-write runs alone. */
class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>()
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve()
    const next = previous.then(task, task)
    const tail = next.catch(() => {})
    this.tails.set(key, tail)
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    })
    return next
  }
}

/**
 * Exchanges in memory: for tests and for a server whose awards need not survive a restart.
 * Records are deep-copied in and out, so callers cannot change stored state by accident.
 * @example
 * const store = new MemoryExchangeStore()
 */
export class MemoryExchangeStore implements ExchangeStore {
  private readonly records = new Map<string, string>()

  async create(record: ExchangeRecord): Promise<void> {
    if (!isExchangeId(record.id)) throw new RangeError(`exchange id "${record.id}" must be 16–128 URL-safe characters`)
    if (this.records.has(record.id)) throw new RangeError(`exchange "${record.id}" already exists`)
    this.records.set(record.id, JSON.stringify(record))
  }

  async get(id: string): Promise<ExchangeRecord | undefined> {
    const json = this.records.get(id)
    return json === undefined ? undefined : (JSON.parse(json) as ExchangeRecord)
  }

  async update(id: string, change: (record: ExchangeRecord) => ExchangeRecord): Promise<ExchangeRecord | undefined> {
    // Synchronous between read and write: nothing else can run in between on this thread.
    const json = this.records.get(id)
    if (json === undefined) return undefined
    const next = change(JSON.parse(json) as ExchangeRecord)
    this.records.set(id, JSON.stringify(next))
    return next
  }
}

/**
 * Exchanges in a directory, one JSON file per exchange, each replaced atomically (temp file,
 * fsync, rename): a crash leaves the old record or the new one. Updates are serialized per
 * exchange within this process; run one server per directory.
 * @example
 * const store = await DirectoryExchangeStore.open('issuer-state/exchanges')
 */
export class DirectoryExchangeStore implements ExchangeStore {
  private readonly queue = new KeyedQueue()

  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<DirectoryExchangeStore> {
    await mkdir(dir, { recursive: true })
    return new DirectoryExchangeStore(dir)
  }

  private path(id: string): string {
    if (!isExchangeId(id)) throw new RangeError(`exchange id "${id}" must be 16–128 URL-safe characters`)
    return join(this.dir, `${id}.json`)
  }

  create(record: ExchangeRecord): Promise<void> {
    const path = this.path(record.id)
    return this.queue.run(record.id, async () => {
      if ((await this.read(path)) !== undefined) throw new RangeError(`exchange "${record.id}" already exists`)
      await writeFileAtomic(path, JSON.stringify(record), { mode: 0o600 })
    })
  }

  async get(id: string): Promise<ExchangeRecord | undefined> {
    return isExchangeId(id) ? this.read(this.path(id)) : undefined
  }

  update(id: string, change: (record: ExchangeRecord) => ExchangeRecord): Promise<ExchangeRecord | undefined> {
    if (!isExchangeId(id)) return Promise.resolve(undefined)
    const path = this.path(id)
    return this.queue.run(id, async () => {
      const current = await this.read(path)
      if (current === undefined) return undefined
      const next = change(current)
      await writeFileAtomic(path, JSON.stringify(next), { mode: 0o600 })
      return next
    })
  }

  /** Ids of every stored exchange (for housekeeping). */
  async ids(): Promise<string[]> {
    return (await readdir(this.dir)).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -5))
  }

  /** Deletes an exchange's record. */
  async delete(id: string): Promise<void> {
    await unlink(this.path(id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
    })
  }

  private async read(path: string): Promise<ExchangeRecord | undefined> {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as ExchangeRecord
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }
}
