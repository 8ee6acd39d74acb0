import { mkdir, readdir, readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../io/atomic-write.js'

/**
 * JSON records by id, with an atomic read-change-write per record: the shape behind the exchange
 * and OpenID4VCI stores. `update` resolves `undefined` when there is no such record.
 */
export interface RecordStore<T extends { id: string }> {
  create(record: T): Promise<void>
  get(id: string): Promise<T | undefined>
  update(id: string, change: (record: T) => T): Promise<T | undefined>
}

const ID = /^[A-Za-z0-9_-]{16,128}$/

/** True for an id a record store accepts (also keeps ids safe as file names). */
export function isRecordId(id: string): boolean {
  return ID.test(id)
}

function assertId(id: string): void {
  if (!isRecordId(id)) throw new RangeError(`record id "${id}" must be 16–128 URL-safe characters`)
}

/** Serializes work per key, so each record's read-change-write runs alone. */
class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>()
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const next = (this.tails.get(key) ?? Promise.resolve()).then(task, task)
    const tail = next.catch(() => {})
    this.tails.set(key, tail)
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    })
    return next
  }
}

/** Records in memory, deep-copied in and out so callers cannot change stored state by accident. */
export class MemoryRecordStore<T extends { id: string }> implements RecordStore<T> {
  private readonly records = new Map<string, string>()

  async create(record: T): Promise<void> {
    assertId(record.id)
    if (this.records.has(record.id)) throw new RangeError(`record "${record.id}" already exists`)
    this.records.set(record.id, JSON.stringify(record))
  }

  async get(id: string): Promise<T | undefined> {
    const json = this.records.get(id)
    return json === undefined ? undefined : (JSON.parse(json) as T)
  }

  async update(id: string, change: (record: T) => T): Promise<T | undefined> {
    // Synchronous between read and write: nothing else runs in between on this thread.
    const json = this.records.get(id)
    if (json === undefined) return undefined
    const next = change(JSON.parse(json) as T)
    this.records.set(id, JSON.stringify(next))
    return next
  }
}

/**
 * Records in a directory, one JSON file each (mode 0600), replaced atomically (temp file, fsync,
 * rename): a crash leaves the old record or the new one. Updates are serialized per record within
 * this process; run one server per directory.
 */
export class DirectoryRecordStore<T extends { id: string }> implements RecordStore<T> {
  private readonly queue = new KeyedQueue()

  protected constructor(private readonly dir: string) {}

  protected static async prepare(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o700 })
  }

  static async openRecords<T extends { id: string }>(dir: string): Promise<DirectoryRecordStore<T>> {
    await DirectoryRecordStore.prepare(dir)
    return new DirectoryRecordStore<T>(dir)
  }

  private path(id: string): string {
    assertId(id)
    return join(this.dir, `${id}.json`)
  }

  async create(record: T): Promise<void> {
    const path = this.path(record.id)
    return this.queue.run(record.id, async () => {
      if ((await this.read(path)) !== undefined) throw new RangeError(`record "${record.id}" already exists`)
      await writeFileAtomic(path, JSON.stringify(record), { mode: 0o600 })
    })
  }

  async get(id: string): Promise<T | undefined> {
    return isRecordId(id) ? this.read(this.path(id)) : undefined
  }

  update(id: string, change: (record: T) => T): Promise<T | undefined> {
    if (!isRecordId(id)) return Promise.resolve(undefined)
    const path = this.path(id)
    return this.queue.run(id, async () => {
      const current = await this.read(path)
      if (current === undefined) return undefined
      const next = change(current)
      await writeFileAtomic(path, JSON.stringify(next), { mode: 0o600 })
      return next
    })
  }

  /** Ids of every stored record. */
  async ids(): Promise<string[]> {
    return (await readdir(this.dir)).filter((name) => name.endsWith('.json') && !name.startsWith('.')).map((name) => name.slice(0, -5))
  }

  /** Deletes every record `isDone` says is finished with (e.g. expired); resolves how many went. */
  async prune(isDone: (record: T) => boolean): Promise<number> {
    let removed = 0
    for (const id of await this.ids()) {
      if (!isRecordId(id)) continue
      await this.queue.run(id, async () => {
        const record = await this.read(this.path(id)).catch(() => undefined)
        if (record && isDone(record)) {
          await this.delete(id)
          removed++
        }
      })
    }
    return removed
  }

  /** Deletes a record (no error if it is gone). */
  async delete(id: string): Promise<void> {
    await unlink(this.path(id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
    })
  }

  private async read(path: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as T
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }
}
