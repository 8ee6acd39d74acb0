import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { IssuanceRecord } from '../batch/issuance-log.js'
import { writeFileAtomic } from '../io/atomic-write.js'

/** A row issued through the queue: the batch log's record plus its status entry. */
export interface IssuedRecord extends IssuanceRecord {
  status: { listId: string; index: number }
}

/**
 * Where a worker puts what it issues. A row's files are written first, each replacing any copy
 * from an earlier attempt; `commit` then records the row, atomically and durably. A row with a
 * record is done: workers return the record and issue nothing more. Implement it over object
 * storage or a database for workers on several machines (`DirectorySink` needs a shared file system).
 */
export interface OutputSink {
  /** The record of a committed row, if any. */
  find(rowKey: string): Promise<IssuedRecord | undefined>
  /** Writes (or replaces) one file of a row, atomically; returns where it is, relative to the sink. */
  write(rowKey: string, name: string, data: string | Uint8Array): Promise<string>
  /** Records the row once all its files are written. */
  commit(record: IssuedRecord): Promise<void>
}

/**
 * An `OutputSink` in a directory: each row in `<first 16 hex of its key>/` (the batch's layout),
 * its files replaced atomically, and `record.json` written last.
 * @example
 * const sink = new DirectorySink('out/cohort-2026')
 */
export class DirectorySink implements OutputSink {
  private readonly made = new Set<string>()

  constructor(readonly dir: string) {}

  async find(rowKey: string): Promise<IssuedRecord | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir, folderOf(rowKey), 'record.json'), 'utf8')) as IssuedRecord
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }

  async write(rowKey: string, name: string, data: string | Uint8Array): Promise<string> {
    const folder = folderOf(rowKey)
    if (!this.made.has(folder)) {
      await mkdir(join(this.dir, folder), { recursive: true })
      this.made.add(folder)
    }
    await writeFileAtomic(join(this.dir, folder, name), data)
    return join(folder, name)
  }

  async commit(record: IssuedRecord): Promise<void> {
    await this.write(record.rowKey, 'record.json', `${JSON.stringify(record, null, 2)}\n`)
  }
}

const folderOf = (rowKey: string) => rowKey.slice(0, 16)
