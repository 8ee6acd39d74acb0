// A cohort issued through the queue by worker processes that are SIGKILLed at random moments and
// restarted, then everything compared: shared by test/queue/kill.test.ts and scripts/queue/kill.ts.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes, randomInt } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { unbakePngCredential } from '../../src/bake/png.js'
import { rowKey } from '../../src/batch/batch-issue.js'
import { parseRoster } from '../../src/batch/roster.js'
import { generateIssuerKey } from '../../src/keys/issuer-keys.js'
import { createCredentialPool } from '../../src/pool/worker-pool.js'
import { enqueueIssuance } from '../../src/queue/enqueue.js'
import { issuanceStatus, obliterateIssuanceQueue } from '../../src/queue/events.js'
import { credentialIdOf } from '../../src/queue/job-data.js'
import { DirectorySink } from '../../src/queue/output-sink.js'
import { signerFromJwk } from '../../src/sign/signer.js'
import { openStateStore } from '../../src/status/open-store.js'
import { publishStatusLists } from '../../src/status/status-list.js'
import type { WorkerProcessConfig } from './worker-process.js'

const ROOT = new URL('../../', import.meta.url).pathname
const EXAMPLES = join(ROOT, 'examples')
const TEMPLATE = 'templates/checking-understanding-gestures.json'
const STATUS_BASE = 'https://district.example.org/status'

export interface KillScenarioOptions {
  jobs: number
  redis: string
  /** Status store: a directory or a postgres:// URL with ?schema=NAME (fresh). */
  state: string
  /** Output directory (fresh). */
  out: string
  /** Worker processes alive at once. @default 3 */
  workers?: number
  /** Jobs in progress per worker process. @default 4 */
  concurrency?: number
  /**
   * SIGKILLs, each when the completed count passes a random point between 5 % and 95 % of the run
   * (a killed worker is replaced at once). 0 for a plain multi-process run. @default max(3, jobs / 100)
   */
  kills?: number
  /** Extra check with plain @digitalbazaar/vc on this many credentials (a sample). */
  plainVerify?: (credential: unknown, statusLists: Map<string, unknown>) => Promise<boolean>
  plainSample?: number
  log?: (line: string) => void
}

export interface KillReport {
  jobs: number
  kills: number
  seconds: number
  completed: number
  failed: number
  outputs: number
  distinctCredentialIds: number
  distinctStatusEntries: number
  storeEntries: number
  verified: number
  plainVerified: number
  problems: string[]
}

export async function runKillScenario(options: KillScenarioOptions): Promise<KillReport> {
  const { jobs, redis, state, out, workers = 3, concurrency = 4, log = () => {} } = options
  const killCount = options.kills ?? Math.max(3, Math.round(jobs / 100))
  const killPoints = Array.from({ length: killCount }, () => randomInt(Math.floor(jobs * 0.05), Math.ceil(jobs * 0.95) + 1)).sort((a, b) => a - b)
  const location = { connection: redis, prefix: `mckill-${randomBytes(4).toString('hex')}`, queueName: 'issuance' }
  const key = await generateIssuerKey({ algorithm: 'EdDSA' })
  const lines = ['name,did,template,awarded']
  for (let i = 1; i <= jobs; i++) lines.push(`Educator ${i},did:example:educator-${i},${TEMPLATE},yes`)
  const rows = parseRoster(`${lines.join('\n')}\n`)
  const started = Date.now()
  const children = new Set<ChildProcess>()
  try {
    const enqueued = await enqueueIssuance({ ...location, rows, baseDir: EXAMPLES, issuer: { name: 'Springfield Public Schools' }, issuedAt: new Date('2026-10-15T09:00:00Z'), backoffMs: 200, attempts: 10 })
    log(`enqueued ${enqueued.added} jobs`)
    const config: WorkerProcessConfig = {
      redis,
      prefix: location.prefix,
      queueName: location.queueName,
      state,
      out,
      statusBaseUrl: STATUS_BASE,
      privateJwk: key.privateJwk,
      verificationMethod: key.verificationMethod,
      concurrency,
      // Short locks so a killed worker's jobs are taken over within ~2 s (the default is 30 s).
      lockDurationMs: 1500,
      stalledIntervalMs: 500,
    }
    const spawnWorker = () => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/queue/worker-process.ts')], {
        cwd: ROOT,
        env: { ...process.env, MICROCRED_WORKER: JSON.stringify(config) },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        if (chunk.includes('ready')) ready.set(child, Date.now())
      })
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => log(`worker ${child.pid}: ${chunk.trim()}`))
      children.add(child)
      child.once('exit', () => {
        children.delete(child)
        ready.delete(child)
      })
      return child
    }
    // Only a worker that is taking jobs is killed (one still booting would be killed before doing anything).
    const ready = new Map<ChildProcess, number>()
    for (let i = 0; i < workers; i++) spawnWorker()
    let kills = 0
    let lastLog = 0
    const deadline = started + Math.max(180_000, jobs * 300)
    for (;;) {
      if (Date.now() > deadline) throw new Error(`the queue did not drain in ${((deadline - started) / 1000).toFixed(0)} s`)
      await sleep(100)
      const status = await issuanceStatus(location, { failures: 0 })
      if (status.waiting + status.active + status.delayed === 0) break
      while (killPoints.length > 0 && killPoints[0]! <= status.completed) {
        killPoints.shift()
        // Preferably a worker that is taking jobs, so the kill lands mid-job.
        const taking = [...ready.keys()]
        const victims = taking.length > 0 ? taking : [...children]
        const victim = victims[randomInt(victims.length)]
        if (!victim) break
        victim.kill('SIGKILL')
        children.delete(victim)
        ready.delete(victim)
        kills++
        spawnWorker()
      }
      if (Date.now() - lastLog > 2000) {
        lastLog = Date.now()
        log(`completed ${status.completed}/${jobs}, active ${status.active}, kills ${kills}, workers ${children.size} (${ready.size} ready)`)
      }
    }
    const seconds = (Date.now() - started) / 1000
    await Promise.all(
      [...children].map(
        (child) =>
          new Promise((resolve) => {
            child.once('exit', resolve)
            child.kill('SIGTERM')
          }),
      ),
    )
    const final = await issuanceStatus(location, { failures: 10 })
    log(`drained in ${seconds.toFixed(1)} s with ${kills} kills; checking every output`)
    return { jobs, kills, seconds: Number(seconds.toFixed(1)), completed: final.completed, failed: final.failed, ...(await checkEverything(rows, options, key, final.failures.map((f) => f.reason))) }
  } finally {
    for (const child of children) child.kill('SIGKILL')
    await obliterateIssuanceQueue(location)
  }
}

async function checkEverything(
  rows: ReturnType<typeof parseRoster>,
  { state, out, plainVerify, plainSample = 20 }: KillScenarioOptions,
  key: Awaited<ReturnType<typeof generateIssuerKey>>,
  failures: string[],
) {
  const problems: string[] = failures.map((f) => `failed job: ${f}`)
  const templateId = JSON.parse(await readFile(join(EXAMPLES, TEMPLATE), 'utf8')).id as string
  const sink = new DirectorySink(out)
  const store = await openStateStore(state, { listLength: 16_384 })
  const ids = new Set<string>()
  const entries = new Set<string>()
  const credentials: string[] = []
  try {
    // Exactly one output folder per row, holding exactly the row's files (temp files of killed writes aside).
    const folders = (await readdir(out, { withFileTypes: true })).filter((d) => d.isDirectory())
    const expected = new Set(rows.map((row) => rowKey(templateId, row).slice(0, 16)))
    for (const folder of folders) {
      if (!expected.has(folder.name)) problems.push(`unexpected output folder ${folder.name}`)
      const files = (await readdir(join(out, folder.name))).filter((f) => !f.endsWith('.tmp')).sort()
      if (files.join() !== 'badge.png,credential.json,record.json') problems.push(`${folder.name} holds ${files.join()}`)
    }
    for (const row of rows) {
      const k = rowKey(templateId, row)
      const record = await sink.find(k)
      if (!record) {
        problems.push(`row ${row.row}: no record`)
        continue
      }
      const credentialText = await readFile(join(out, k.slice(0, 16), 'credential.json'), 'utf8')
      const credential = JSON.parse(credentialText)
      const baked = unbakePngCredential(await readFile(join(out, k.slice(0, 16), 'badge.png')))
      const allocation = await store.find(record.credentialId)
      if (record.credentialId !== credentialIdOf(k) || credential.id !== record.credentialId) problems.push(`row ${row.row}: credential id ${credential.id} / ${record.credentialId}`)
      if (!allocation || allocation.listId !== record.status.listId || allocation.index !== record.status.index) problems.push(`row ${row.row}: store has ${JSON.stringify(allocation)}, record ${JSON.stringify(record.status)}`)
      if (credential.credentialStatus?.statusListIndex !== String(record.status.index)) problems.push(`row ${row.row}: credential's status index ${credential.credentialStatus?.statusListIndex}`)
      if (JSON.stringify(JSON.parse(baked)) !== JSON.stringify(credential)) problems.push(`row ${row.row}: the baked PNG holds another credential`)
      ids.add(credential.id)
      entries.add(`${record.status.listId}#${record.status.index}`)
      credentials.push(credentialText)
    }
    const storeEntries = await countEntries(state)
    if (storeEntries !== rows.length) problems.push(`the store holds ${storeEntries} entries for ${rows.length} rows`)
    // Every credential through the full verifier (in a worker pool), with the published status lists.
    const signer = await signerFromJwk(key.privateJwk, { id: key.verificationMethod })
    const lists = await publishStatusLists(store, { baseUrl: STATUS_BASE, issuerId: key.issuerId, signer, validFrom: new Date('2026-10-20T00:00:00Z') })
    const statusLists = new Map(lists.map((l) => [l.url, l.credential]))
    const pool = await createCredentialPool({ size: 2 })
    let verified = 0
    try {
      const reports = await Promise.all(credentials.map((text) => pool.verify(JSON.parse(text), { now: new Date('2026-11-01T00:00:00Z'), statusLists })))
      for (const [i, report] of reports.entries()) {
        if (report.verified) verified++
        else problems.push(`credential ${i} does not verify: ${report.errors.map((e) => e.code).join()}`)
      }
    } finally {
      await pool.close()
    }
    let plainVerified = 0
    if (plainVerify) {
      for (let i = 0; i < Math.min(plainSample, credentials.length); i++) {
        const text = credentials[randomInt(credentials.length)]!
        if (await plainVerify(JSON.parse(text), statusLists)) plainVerified++
        else problems.push('a sampled credential fails plain @digitalbazaar/vc')
      }
    }
    return { outputs: folders.length, distinctCredentialIds: ids.size, distinctStatusEntries: entries.size, storeEntries, verified, plainVerified, problems }
  } finally {
    await store.close()
  }
}

/** Drops a postgres:// state's schema (a directory state is the caller's to remove). */
export async function dropState(state: string): Promise<void> {
  if (!/^postgres(ql)?:\/\//.test(state)) return
  const url = new URL(state)
  const schema = url.searchParams.get('schema') ?? 'microcred'
  url.searchParams.delete('schema')
  const pg = (await import('pg')).default
  const client = new pg.Client({ connectionString: url.toString() })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await client.end()
  }
}

/** Every allocation the store holds, read from its own storage (the interface has no count). */
async function countEntries(state: string): Promise<number> {
  if (/^postgres(ql)?:\/\//.test(state)) {
    const url = new URL(state)
    const schema = url.searchParams.get('schema') ?? 'microcred'
    url.searchParams.delete('schema')
    const pg = (await import('pg')).default
    const client = new pg.Client({ connectionString: url.toString() })
    await client.connect()
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${schema}".status_entries`)
      return rows[0].n as number
    } finally {
      await client.end()
    }
  }
  return Object.keys((JSON.parse(await readFile(join(state, 'state.json'), 'utf8')) as { entries: object }).entries).length
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
