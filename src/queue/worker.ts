import type { Job, Worker } from 'bullmq'
import { renderBadgeSvg, renderPng } from '../bake/default-image.js'
import { pngBaker } from '../bake/png.js'
import { decideRow } from '../batch/row-decision.js'
import { buildCredential } from '../credential/build.js'
import { isObError } from '../errors.js'
import { obError } from '../internal/ob-error.js'
import { controllerOf } from '../internal/ids.js'
import { parseTemplate } from '../model/parse.js'
import type { MicroCredentialTemplate } from '../model/template.js'
import { signDataIntegrity } from '../sign/data-integrity.js'
import type { Signer } from '../sign/signer.js'
import { signVcJwt } from '../sign/vc-jwt.js'
import { statusEntryOf } from '../status/status-list.js'
import type { IssuerStateStore, StatusAllocation } from '../status/store.js'
import { DEFAULT_PREFIX, DEFAULT_QUEUE_NAME, type QueueLocation, redisClient, templatesKey } from './connection.js'
import { type IssuanceJobData, parseIssuanceJob } from './job-data.js'
import { DirectorySink, type IssuedRecord, type OutputSink } from './output-sink.js'
import { bullmq } from './peers.js'

/** Stages a job reports as progress (QueueEvents `progress`), in order. */
export type IssuanceStage = 'allocated' | 'signed' | 'written'
export interface IssuanceProgress {
  stage: IssuanceStage
  rowKey: string
}

/** A job's result (QueueEvents `completed`): the record, and whether an earlier run had already committed it. */
export type IssuanceResult = IssuedRecord & { reused: boolean }

export interface IssuanceWorkerOptions extends QueueLocation {
  /** The status store (a `PostgresStore` for workers on several machines; a `DirectoryStore` on one). */
  store: IssuerStateStore
  /** Where the status lists are published (https); each credential's `credentialStatus` points there. */
  statusBaseUrl: string
  /** The issuer's key; the credential's issuer id is its controller. */
  signer: Signer
  /** An `OutputSink`, or a directory for a `DirectorySink`. */
  output: OutputSink | string
  /** Jobs in progress at once in this process (they overlap I/O; signing is on this thread). @default 4 */
  concurrency?: number
  /** How long a job's lock lasts without renewal: a killed worker's job is taken over after it. @default 30000 */
  lockDurationMs?: number
  /** How often stalled jobs (of killed workers) are looked for. @default 30000 */
  stalledIntervalMs?: number
  /** Stalls (worker deaths) a job survives before it fails. @default 5 */
  maxStalledCount?: number
  /** Start taking jobs at once. @default true */
  autorun?: boolean
}

export interface IssuanceWorker {
  /** The BullMQ worker, for its events (`completed`, `failed`, `error`). */
  readonly worker: Worker<IssuanceJobData, IssuanceResult>
  /** Stops taking jobs, lets the running ones finish, then disconnects. */
  close(): Promise<void>
}

/**
 * A worker that issues queued rows: per job it checks the award, allocates the status entry
 * (idempotent per credential id), builds, signs, bakes, writes and records. Exactly-once effects:
 * the credential id derives from the row's key and the credential's dates and salt are fixed at
 * enqueue, so a job run again — after a SIGKILL, a stall, a Redis restart — gets the same id, the
 * same status index and the same files (byte for byte with Ed25519), and a committed row is
 * returned as it is, never issued again. Bad input fails the job at once (`UnrecoverableError`,
 * message starting with its `ERR_OB_*` code); anything else is retried with backoff.
 * @example
 * const { close } = createIssuanceWorker({ connection: 'redis://127.0.0.1:6379', store, statusBaseUrl, signer, output: 'out' })
 * process.once('SIGTERM', () => close())
 */
export function createIssuanceWorker(options: IssuanceWorkerOptions): IssuanceWorker {
  const { store, statusBaseUrl, signer, concurrency = 4, lockDurationMs = 30_000, stalledIntervalMs = 30_000, maxStalledCount = 5, autorun = true } = options
  const location = { queueName: options.queueName ?? DEFAULT_QUEUE_NAME, prefix: options.prefix ?? DEFAULT_PREFIX }
  const sink = typeof options.output === 'string' ? new DirectorySink(options.output) : options.output
  const issuerId = controllerOf(signer.id)
  const redis = redisClient(options.connection)
  const templates = new Map<string, Promise<{ template: MicroCredentialTemplate; bake: Map<string, (text: string) => Uint8Array> }>>()
  const templateOf = (digest: string) => {
    let entry = templates.get(digest)
    if (!entry) {
      entry = redis.hget(templatesKey(location), digest).then((text) => {
        if (text === null) throw obError('ERR_OB_INPUT_INVALID', `the queue holds no template with digest ${digest.slice(0, 12)}… (was it cleared?)`)
        return { template: parseTemplate(JSON.parse(text)), bake: new Map() }
      })
      templates.set(digest, entry)
      entry.catch(() => templates.delete(digest))
    }
    return entry
  }
  const bakerOf = async (digest: string, issuerName: string) => {
    const { template, bake } = await templateOf(digest)
    let baker = bake.get(issuerName)
    if (!baker) {
      baker = pngBaker(await renderPng(renderBadgeSvg({ title: template.title, area: template.competency.area, issuerName })))
      bake.set(issuerName, baker)
    }
    return baker
  }

  const issue = async (job: Job<IssuanceJobData, IssuanceResult>): Promise<IssuanceResult> => {
    const data = parseIssuanceJob(job.data)
    const { rowKey, credentialId } = data
    const committed = await sink.find(rowKey)
    if (committed) {
      if (committed.credentialId !== credentialId) throw obError('ERR_OB_INPUT_INVALID', `the output for row key ${rowKey.slice(0, 16)} holds ${committed.credentialId}, not ${credentialId}`)
      return { ...committed, reused: true }
    }
    const { template } = await templateOf(data.template.digest)
    if (template.id !== data.template.id) throw obError('ERR_OB_INPUT_INVALID', `the stored template is "${template.id}", the job names "${data.template.id}"`)
    const at = new Date(data.issuedAt)
    const { submission, final } = decideRow({ row: data.row, template, assessment: data.assessment, issuerOfRecord: { id: issuerId, name: data.issuer.name }, at })
    const allocation: StatusAllocation = (await store.find(credentialId)) ?? (await store.allocate([{ credentialId, purpose: 'revocation' }]))[0]!
    await job.updateProgress({ stage: 'allocated', rowKey } satisfies IssuanceProgress)
    const credential = await buildCredential({
      template,
      decision: final,
      submission,
      issuer: { id: issuerId, ...data.issuer },
      id: credentialId,
      credentialStatus: statusEntryOf(allocation, statusBaseUrl),
      identitySalt: data.identitySalt,
    })
    const files: string[] = []
    let signedText: string | undefined
    let jwt: string | undefined
    if (data.formats.includes('di')) signedText = JSON.stringify(await signDataIntegrity(credential, { signer, created: at }))
    if (data.formats.includes('jwt')) jwt = await signVcJwt(credential, { signer })
    await job.updateProgress({ stage: 'signed', rowKey } satisfies IssuanceProgress)
    if (signedText) {
      files.push(await sink.write(rowKey, 'credential.json', `${JSON.stringify(JSON.parse(signedText), null, 2)}\n`))
      files.push(await sink.write(rowKey, 'badge.png', (await bakerOf(data.template.digest, data.issuer.name))(signedText)))
    }
    if (jwt) files.push(await sink.write(rowKey, 'credential.jwt', `${jwt}\n`))
    const record: IssuedRecord = {
      rowKey,
      row: data.row.row,
      credentialId,
      educator: data.row.name,
      templateId: template.id,
      files,
      issuedAt: data.issuedAt,
      status: { listId: allocation.listId, index: allocation.index },
    }
    await sink.commit(record)
    await job.updateProgress({ stage: 'written', rowKey } satisfies IssuanceProgress)
    return { ...record, reused: false }
  }

  const workerRedis = redis.duplicate()
  const worker = new bullmq.Worker<IssuanceJobData, IssuanceResult>(
    location.queueName,
    async (job) => {
      try {
        return await issue(job)
      } catch (error) {
        // Bad input stays bad: fail now, with the code. Anything else (Redis, store, disk, signer) is retried.
        if (isObError(error) && error.code !== 'ERR_OB_GENERIC') throw new bullmq.UnrecoverableError(`${error.code}: ${error.message.split('\n')[0]}`)
        throw error
      }
    },
    {
      connection: workerRedis,
      prefix: location.prefix,
      concurrency,
      lockDuration: lockDurationMs,
      stalledInterval: stalledIntervalMs,
      maxStalledCount,
      autorun,
    },
  )
  let closing: Promise<void> | undefined
  return {
    worker,
    close: () => {
      closing ??= (async () => {
        await worker.close()
        workerRedis.disconnect()
        redis.disconnect()
      })()
      return closing
    },
  }
}
