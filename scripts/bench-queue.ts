// npm run bench:queue [-- --json]: issuance throughput through the BullMQ queue with 1, 2 and 4 worker
// processes (the built CLI: `microcred queue work`), beside the in-process batch (issueBatch with its
// default worker pool) on the same cohort. Rates are steady-state: credentials per second between the
// 10th percent and the last completion, so process boot and warm-up are left out of both.
// Env: BENCH_QUEUE_JOBS (default 1000), MICROCRED_REDIS_URL, MICROCRED_BENCH_PG_URL (a PostgreSQL
// store when reachable; a directory store with entries preallocated at enqueue otherwise).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'

const json = process.argv.includes('--json')
const JOBS = Number(process.env.BENCH_QUEUE_JOBS ?? 1000)
const REDIS = process.env.MICROCRED_REDIS_URL ?? 'redis://127.0.0.1:6379'
const PG = process.env.MICROCRED_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const ROOT = new URL('../', import.meta.url).pathname
const STATUS_BASE = 'https://district.example.org/status'
const dist = (path: string) => new URL(`../dist/${path}`, import.meta.url).href

const ours = await import(dist('index.js'))
const queueApi = await import(dist('queue/index.js'))
const pg = (await import('pg')).default
const probe = new pg.Client({ connectionString: PG, connectionTimeoutMillis: 2000 })
const usePostgres = await probe.connect().then(
  () => true,
  () => false,
)
await probe.end().catch(() => {})

const dir = mkdtempSync(join(tmpdir(), 'microcred-bench-queue-'))
const key = await ours.generateIssuerKey({ algorithm: 'EdDSA' })
await ours.writeKeyFile(join(dir, 'issuer.key.json'), key)
// Relative to ROOT, the roster folder (baseDir) below: a roster's paths stay inside it.
const template = 'examples/templates/checking-understanding-gestures.json'
const lines = ['name,did,template,awarded']
for (let i = 1; i <= JOBS; i++) lines.push(`Educator ${i},did:example:educator-${i},${template},yes`)
writeFileSync(join(dir, 'roster.csv'), `${lines.join('\n')}\n`)
const rows = ours.parseRoster(`${lines.join('\n')}\n`)

/** Steady-state rate from completion times (ms): between the 10 % mark and the last one. */
function steadyRate(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b)
  const from = Math.floor(sorted.length * 0.1)
  return (sorted.length - 1 - from) / ((sorted[sorted.length - 1]! - sorted[from]!) / 1000)
}

async function stateFor(run: string): Promise<{ state: string; drop: () => Promise<void> }> {
  if (!usePostgres) return { state: join(dir, `state-${run}`), drop: async () => {} }
  const schema = `mc_bench_q_${run}_${Date.now().toString(36)}`
  return {
    state: `${PG}${PG.includes('?') ? '&' : '?'}schema=${schema}`,
    drop: async () => {
      const client = new pg.Client({ connectionString: PG })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await client.end()
    },
  }
}

async function queueRun(workers: number): Promise<number> {
  const location = { connection: REDIS, prefix: `mcbench-${workers}-${Date.now().toString(36)}`, queueName: 'issuance' }
  const { state, drop } = await stateFor(`w${workers}`)
  const store = usePostgres ? undefined : await ours.DirectoryStore.open(state)
  try {
    await queueApi.enqueueIssuance({ ...location, rows, baseDir: ROOT, issuer: { name: 'Springfield Public Schools' }, ...(store ? { preallocate: store } : {}) })
    const times: number[] = []
    const watch = await queueApi.watchIssuance(location, { onCompleted: () => times.push(performance.now()) })
    const children = Array.from({ length: workers }, () =>
      spawn(process.execPath, [join(ROOT, 'dist/cli.js'), 'queue', 'work', '--redis', REDIS, '--prefix', location.prefix, '--queue', location.queueName, '--key', join(dir, 'issuer.key.json'), '--state', state, '--status-base-url', STATUS_BASE, '--out', join(dir, `out-${workers}`), '--drain'], { stdio: 'ignore' }),
    )
    await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))))
    await new Promise((resolve) => setTimeout(resolve, 500))
    await watch.close()
    if (times.length < JOBS) throw new Error(`only ${times.length} of ${JOBS} completions seen`)
    return steadyRate(times)
  } finally {
    await queueApi.obliterateIssuanceQueue(location)
    await drop()
  }
}

async function batchRun(): Promise<number> {
  const { state, drop } = await stateFor('batch')
  const store = usePostgres ? await (await import(dist('postgres/index.js'))).PostgresStore.open(state.replace(/[?&]schema=.*/, ''), { schema: state.split('schema=')[1] }) : await ours.DirectoryStore.open(state)
  const pool = await ours.createCredentialPool({ size: availableParallelism(), signingKey: { privateJwk: key.privateJwk, verificationMethod: key.verificationMethod } })
  const times: number[] = []
  let done = 0
  try {
    await ours.issueBatch({
      rows,
      baseDir: ROOT,
      key,
      issuer: { name: 'Springfield Public Schools' },
      outDir: join(dir, 'out-batch'),
      pool,
      status: { store, baseUrl: STATUS_BASE },
      onProgress: (p: { done: number }) => {
        while (done < p.done) {
          done++
          times.push(performance.now())
        }
      },
    })
    return steadyRate(times)
  } finally {
    await pool.close()
    await store.close?.()
    await drop()
  }
}

const rowsOut: { name: string; value: number; ratio: number | null }[] = []
const batch = await batchRun()
rowsOut.push({ name: 'batch-in-process', value: batch, ratio: 1 })
for (const workers of [1, 2, 4]) {
  const rate = await queueRun(workers)
  rowsOut.push({ name: `queue-${workers}-worker${workers > 1 ? 's' : ''}`, value: rate, ratio: rate / batch })
}
rmSync(dir, { recursive: true, force: true })
if (json) for (const r of rowsOut) console.log(JSON.stringify({ name: r.name, credentialsPerSecond: Number(r.value.toFixed(1)), ratioToBatch: r.ratio === null ? null : Number(r.ratio.toFixed(2)) }))
else {
  console.log(`microcred queue bench · ${JOBS} credentials (DI + baked PNG + status entry, ${usePostgres ? 'PostgreSQL' : 'directory'} store) · Node ${process.version} · ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}`)
  console.log('| run | credentials/s | ratio to in-process batch |')
  console.log('|---|---:|---:|')
  for (const r of rowsOut) console.log(`| ${r.name} | ${r.value.toFixed(1)} | ${r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`} |`)
}
