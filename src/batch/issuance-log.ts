import { open, readFile, truncate } from 'node:fs/promises'

/** One issued row, as recorded in the append-only issuance log (JSON Lines). */
export interface IssuanceRecord {
  rowKey: string
  row: number
  credentialId: string
  educator: string
  templateId: string
  files: string[]
  issuedAt: string
}

/**
 * An append-only JSON Lines log, fsynced after every record: a record that is in the log was
 * completely written before, and a kill at any moment loses at most the record being written.
 */
export class IssuanceLog {
  private constructor(
    private readonly path: string,
    readonly records: Map<string, IssuanceRecord>,
  ) {}

  /** Opens (or creates) the log. A torn last line from a crash is dropped: its row was never committed. */
  static async open(path: string): Promise<IssuanceLog> {
    let text = ''
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    const complete = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1)
    if (complete.length !== text.length) await truncate(path, Buffer.byteLength(complete))
    const records = new Map<string, IssuanceRecord>()
    for (const line of complete.split('\n')) {
      if (!line.trim()) continue
      const record = JSON.parse(line) as IssuanceRecord
      records.set(record.rowKey, record)
    }
    return new IssuanceLog(path, records)
  }

  has(rowKey: string): boolean {
    return this.records.has(rowKey)
  }

  async append(record: IssuanceRecord): Promise<void> {
    const handle = await open(this.path, 'a')
    try {
      await handle.write(`${JSON.stringify(record)}\n`)
      await handle.sync()
    } finally {
      await handle.close()
    }
    this.records.set(record.rowKey, record)
  }
}
