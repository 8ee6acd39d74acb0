import { createHash, randomBytes } from 'node:crypto'
import { rowKey } from '../batch/row-key.js'
import type { RosterRow } from '../batch/roster.js'
import { readRosterJson, resolveRosterPath } from '../batch/roster-path.js'
import { parseTemplate } from '../model/parse.js'
import type { IssuerStateStore } from '../status/store.js'
import { DEFAULT_PREFIX, DEFAULT_QUEUE_NAME, type QueueLocation, redisClient, templatesKey } from './connection.js'
import { credentialIdOf, type IssuanceJobData } from './job-data.js'
import { bullmq } from './peers.js'

export interface EnqueueIssuanceOptions extends QueueLocation {
  rows: readonly RosterRow[]
  /** Directory the roster's relative paths (templates, assessments) are resolved against; they must stay inside it (symlinks followed). */
  baseDir: string
  /** Opt-in: a wider folder the roster's paths may lead to (absolute paths inside it accepted too). */
  rosterRoot?: string
  issuer: { name: string; url?: string }
  /** @default ['di'] */
  formats?: ('di' | 'jwt')[]
  /** The award date of the whole cohort (fixed in each job). @default now */
  issuedAt?: Date
  /**
   * Allocate every row's status entry now, in one transaction, instead of one per job (workers
   * then find it; allocation is idempotent per credential id either way).
   */
  preallocate?: IssuerStateStore
  /** Tries per job for transient faults (Redis, store, signer, disk). @default 5 */
  attempts?: number
  /** First retry delay; doubles per try. @default 2000 */
  backoffMs?: number
}

export interface EnqueueIssuanceResult {
  /** Jobs added by this call. */
  added: number
  /** Rows whose job was already in the queue (same stable key): nothing added for them. */
  alreadyQueued: number
  /** Rows that could not be queued (unreadable template or assessment), in roster order. */
  rejected: { row: number; name: string; reason: string }[]
}

/**
 * Queues one issuance job per roster row (educator and achievement). The job id is the row's
 * stable key, so enqueuing a roster twice adds nothing; the credential id is derived from it.
 * Templates are stored once per queue, not in every job.
 * @example
 * const { added } = await enqueueIssuance({ connection: 'redis://127.0.0.1:6379', rows: parseRoster(csv), baseDir: '.', issuer: { name: 'District' } })
 */
export async function enqueueIssuance(options: EnqueueIssuanceOptions): Promise<EnqueueIssuanceResult> {
  const { rows, baseDir, issuer, formats = ['di'], issuedAt = new Date(), preallocate, attempts = 5, backoffMs = 2000 } = options
  const location = { queueName: options.queueName ?? DEFAULT_QUEUE_NAME, prefix: options.prefix ?? DEFAULT_PREFIX }
  const result: EnqueueIssuanceResult = { added: 0, alreadyQueued: 0, rejected: [] }
  const templates = new Map<string, Promise<{ id: string; digest: string; text: string }>>()
  const jobs: IssuanceJobData[] = []
  const folder = { baseDir, ...(options.rosterRoot !== undefined ? { rosterRoot: options.rosterRoot } : {}) }
  const at = new Date(Math.floor(issuedAt.getTime() / 1000) * 1000).toISOString() // whole seconds, as credentials carry them
  for (const row of rows) {
    try {
      const templatePath = `/${row.row}/template`
      const path = await resolveRosterPath(row.template, folder, templatePath)
      let template = templates.get(path)
      if (!template) {
        template = readRosterJson(row.template, folder, templatePath).then((json) => {
          const parsed = parseTemplate(json)
          const stored = JSON.stringify(parsed)
          return { id: parsed.id, digest: createHash('sha256').update(stored).digest('hex'), text: stored }
        })
        templates.set(path, template)
      }
      const { id, digest } = await template
      const key = rowKey(id, row)
      const assessment = row.award ? await readRosterJson(row.award, folder, `/${row.row}/award`) : undefined
      jobs.push({
        v: 1,
        rowKey: key,
        credentialId: credentialIdOf(key),
        row: { row: row.row, name: row.name, ...(row.email ? { email: row.email } : {}), ...(row.did ? { did: row.did } : {}) },
        template: { id, digest },
        ...(assessment !== undefined ? { assessment } : {}),
        issuer: { name: issuer.name, ...(issuer.url ? { url: issuer.url } : {}) },
        formats,
        issuedAt: at,
        identitySalt: randomBytes(16).toString('hex'),
      })
    } catch (error) {
      result.rejected.push({ row: row.row, name: row.name, reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) })
    }
  }
  const redis = redisClient(options.connection)
  const queue = new bullmq.Queue<IssuanceJobData>(location.queueName, { connection: redis, prefix: location.prefix })
  try {
    // Templates first: a worker may take a job the moment it is added.
    const texts = new Map<string, string>()
    for (const template of templates.values()) {
      const loaded = await template.catch(() => undefined)
      if (loaded) texts.set(loaded.digest, loaded.text)
    }
    if (texts.size > 0) await redis.hset(templatesKey(location), Object.fromEntries(texts))
    if (preallocate) await preallocate.allocate(jobs.map((job) => ({ credentialId: job.credentialId, purpose: 'revocation' as const })))
    // Counted before adding, for the report; the job id alone is what keeps a row from being queued twice.
    const pipeline = redis.pipeline()
    for (const job of jobs) pipeline.exists(queue.toKey(job.rowKey))
    const exists = (await pipeline.exec()) ?? []
    const fresh = jobs.filter((_, i) => exists[i]?.[1] !== 1)
    result.alreadyQueued = jobs.length - fresh.length
    const jobOptions = { attempts, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: false }
    for (let i = 0; i < fresh.length; i += 500)
      await queue.addBulk(fresh.slice(i, i + 500).map((data) => ({ name: 'issue', data, opts: { ...jobOptions, jobId: data.rowKey } })))
    result.added = fresh.length
  } finally {
    await queue.close()
    redis.disconnect()
  }
  result.rejected.sort((a, b) => a.row - b.row)
  return result
}
