import { dirname } from 'node:path'
import { parseRoster } from '../../batch/roster.js'
import { readKeyFile } from '../../keys/key-file.js'
import type { Signer } from '../../sign/signer.js'
import { signerFromJwk } from '../../sign/signer.js'
import { openStateStore } from '../../status/open-store.js'
import { args, type CliIo, EXIT, print, readText, UsageError, webAddress } from '../args.js'

// bullmq and ioredis (optional peers) load only here, lazily: other commands never need them.
const loadQueue = () => import('../../queue/index.js')

const LOCATION = {
  redis: { type: 'string' },
  queue: { type: 'string' },
  prefix: { type: 'string' },
} as const

/** `microcred queue enqueue|work|status …` */
export async function queueCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv
  switch (sub) {
    case 'enqueue':
      return enqueue(rest, io)
    case 'work':
      return work(rest, io)
    case 'status':
      return status(rest, io)
    default:
      throw new UsageError('expected "queue enqueue", "queue work" or "queue status"')
  }
}

function locationOf(values: { redis?: string; queue?: string; prefix?: string }) {
  return {
    connection: values.redis ?? process.env.MICROCRED_REDIS_URL ?? 'redis://127.0.0.1:6379',
    ...(values.queue ? { queueName: values.queue } : {}),
    ...(values.prefix ? { prefix: values.prefix } : {}),
  }
}

async function enqueue(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = args(
    argv,
    { ...LOCATION, 'issuer-name': { type: 'string' }, 'issuer-url': { type: 'string' }, format: { type: 'string' }, 'issued-at': { type: 'string' }, preallocate: { type: 'string' }, 'roster-root': { type: 'string' } },
    1,
  )
  const format = values.format ?? 'di'
  if (format !== 'di' && format !== 'jwt' && format !== 'both') throw new UsageError(`--format must be di, jwt or both (got "${format}")`)
  if (!values['issuer-name']) throw new UsageError('--issuer-name NAME is required')
  const issuedAt = values['issued-at'] ? new Date(values['issued-at']) : new Date()
  if (Number.isNaN(issuedAt.getTime())) throw new UsageError(`--issued-at is not a date (got "${values['issued-at']}")`)
  const rosterPath = positionals[0]!
  const rows = parseRoster(await readText(rosterPath))
  const { enqueueIssuance } = await loadQueue()
  const store = values.preallocate ? await openStateStore(values.preallocate) : undefined
  const result = await enqueueIssuance({
    ...locationOf(values),
    rows,
    baseDir: dirname(rosterPath),
    ...(values['roster-root'] !== undefined ? { rosterRoot: values['roster-root'] } : {}),
    issuer: { name: values['issuer-name'], ...(values['issuer-url'] ? { url: values['issuer-url'] } : {}) },
    formats: format === 'both' ? ['di', 'jwt'] : [format],
    issuedAt,
    ...(store ? { preallocate: store } : {}),
  }).finally(() => store?.close())
  const text = [
    `queued ${result.added}, already queued ${result.alreadyQueued}, rejected ${result.rejected.length}`,
    ...result.rejected.map((r) => `  row ${r.row} (${r.name}): ${r.reason}`),
  ].join('\n')
  print(io, values.json, result, text)
  return result.rejected.length > 0 ? EXIT.negative : EXIT.ok
}

async function work(argv: string[], io: CliIo): Promise<number> {
  const { values } = args(
    argv,
    {
      ...LOCATION,
      key: { type: 'string' },
      'pkcs11-module': { type: 'string' },
      'pkcs11-token': { type: 'string' },
      'pkcs11-key': { type: 'string' },
      state: { type: 'string' },
      'status-base-url': { type: 'string' },
      out: { type: 'string' },
      concurrency: { type: 'string' },
      drain: { type: 'boolean' },
    },
    0,
  )
  if (!values.state || !values['status-base-url'] || !values.out) throw new UsageError('--state, --status-base-url and --out are required')
  webAddress(values['status-base-url'], '--status-base-url', { http: 'loopback' })
  if (Boolean(values.key) === Boolean(values['pkcs11-module'])) throw new UsageError('give either --key FILE or --pkcs11-module PATH (with --pkcs11-token and --pkcs11-key)')
  const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency)
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a positive whole number (got "${values.concurrency}")`)
  // The queue's peers first: a missing bullmq is reported before a token or a database is opened.
  const { createIssuanceWorker, issuanceStatus } = await loadQueue()
  const signer = await openSigner(values)
  const store = await openStateStore(values.state)
  const location = locationOf(values)
  const tally = { issued: 0, reused: 0, failed: 0 }
  const failures: { row: number | undefined; name: string | undefined; message: string }[] = []
  // With --json, stderr stays empty: failures are in the JSON, and the progress lines are not written.
  const log = (line: string) => {
    if (!values.json) io.stderr(`${line}\n`)
  }
  const { worker, close } = createIssuanceWorker({ ...location, store, statusBaseUrl: values['status-base-url'], signer, output: values.out, concurrency })
  worker.on('completed', (_, result) => {
    if (result.reused) tally.reused++
    else tally.issued++
  })
  worker.on('failed', (job, error) => {
    // A job with tries left is retried; only its last failure is counted and shown.
    if (job && job.attemptsMade < (job.opts.attempts ?? 1) && !error.name.includes('Unrecoverable')) return
    tally.failed++
    failures.push({ row: job?.data?.row?.row, name: job?.data?.row?.name ?? job?.id, message: error.message })
    log(`failed: row ${job?.data?.row?.row ?? '?'} (${job?.data?.row?.name ?? job?.id ?? '?'}): ${error.message}`)
  })
  worker.on('error', (error) => log(`queue: ${error.message}`))
  // Graceful shutdown: stop taking jobs, let the running ones finish, then exit.
  let stop = () => {}
  const stopped = new Promise<void>((resolve) => {
    stop = resolve
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
    if (values.drain) {
      const timer = setInterval(async () => {
        const s = await issuanceStatus(location, { failures: 0 }).catch(() => undefined)
        if (s && s.waiting + s.active + s.delayed === 0) {
          clearInterval(timer)
          resolve()
        }
      }, 250)
    }
  })
  await worker.waitUntilReady()
  log(`working on queue ${location.queueName ?? 'microcred-issuance'} as ${signer.id}${values.drain ? ' until it is empty' : ' (SIGTERM or Ctrl-C stops after the running jobs)'}`)
  await stopped
  process.off('SIGTERM', stop)
  process.off('SIGINT', stop)
  await close()
  await store.close()
  await (signer as Signer & { close?: () => Promise<void> }).close?.()
  print(io, values.json, { ...tally, failures }, `issued ${tally.issued}, already issued ${tally.reused}, failed ${tally.failed}`)
  return tally.failed > 0 ? EXIT.negative : EXIT.ok
}

async function openSigner(values: { key?: string; 'pkcs11-module'?: string; 'pkcs11-token'?: string; 'pkcs11-key'?: string }): Promise<Signer> {
  if (values.key) {
    const key = await readKeyFile(values.key)
    return signerFromJwk(key.privateJwk, { id: key.verificationMethod })
  }
  const pin = process.env.MICROCRED_PKCS11_PIN
  if (!values['pkcs11-token'] || !values['pkcs11-key']) throw new UsageError('--pkcs11-module needs --pkcs11-token LABEL and --pkcs11-key LABEL')
  if (!pin) throw new UsageError('set the token PIN in MICROCRED_PKCS11_PIN (never on the command line)')
  const { openPkcs11Signer } = await import('../../pkcs11/index.js')
  return openPkcs11Signer({ module: values['pkcs11-module']!, tokenLabel: values['pkcs11-token'], keyLabel: values['pkcs11-key'], pin })
}

async function status(argv: string[], io: CliIo): Promise<number> {
  const { values } = args(argv, LOCATION, 0)
  const { issuanceStatus } = await loadQueue()
  const s = await issuanceStatus(locationOf(values))
  const text = [
    `waiting ${s.waiting}, active ${s.active}, delayed ${s.delayed}, completed ${s.completed}, failed ${s.failed}`,
    ...s.failures.map((f) => `  failed: row ${f.row ?? '?'} (${f.name ?? f.jobId}): ${f.reason}`),
  ].join('\n')
  print(io, values.json, s, text)
  return s.failed > 0 ? EXIT.negative : EXIT.ok
}
