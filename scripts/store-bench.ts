// Concurrency and allocation throughput of the issuer state stores (DirectoryStore, PostgresStore).
// Usage: npx tsx scripts/store-bench.ts [--ops N] [--json]
//   MICROCRED_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test) picks the database; the
//   PostgreSQL rows are left out, with a message, when it does not answer.
// Each store process is scripts/store-worker.ts; timing runs from "go" (all processes ready) to the
// last "done", so process start-up is not counted. Every allocation is its own allocate() call,
// acknowledged durable (fsync'd rename / committed transaction) before the next; the last column
// allocates 100 credentials per call (one transaction), as `issue --batch` does for a roster.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { openStateStore } from '../src/status/open-store.js'
import { acknowledged, runWorkers, type Worker } from './store-workers.js'

const { values } = parseArgs({ options: { ops: { type: 'string', default: '300' }, json: { type: 'boolean', default: false } } })
const OPS = Number(values.ops)
const PG_URL = process.env.MICROCRED_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Starts `processes` workers, waits until all are ready, says "go", and times until the last is done. */
async function run(state: string, processes: number, ops: number, mode: 'allocate' | 'mixed', batch = 1): Promise<{ workers: Worker[]; ms: number }> {
  return runWorkers(Array.from({ length: processes }, (_, p) => ({ state, name: `p${p}-${randomBytes(3).toString('hex')}`, ops, mode, batch, listLength: 131_072 })))
}

interface Check {
  processes: number
  opsEach: number
  acknowledgedAllocations: number
  acknowledgedRevocations: number
  lost: number
  duplicated: number
  unpublishedRevocations: number
}

/** Compares every acknowledged operation with the store's final state and its published lists. */
async function check(state: string, processes: number, ops: number): Promise<Check> {
  const { allocations, revocations } = acknowledged((await run(state, processes, ops, 'mixed')).workers)
  const store = await openStateStore(state)
  let lost = 0
  for (const [id, slot] of allocations) {
    const found = await store.find(id)
    if (!found || `${found.listId}#${found.index}` !== slot) lost++
  }
  const slots = [...allocations.values()]
  const set = new Map((await store.lists()).map((l) => [l.listId, new Set(l.set)]))
  const unpublished = revocations.filter((id) => {
    const [listId, index] = allocations.get(id)!.split('#')
    return !set.get(listId!)?.has(Number(index))
  }).length
  await store.close()
  return {
    processes,
    opsEach: ops,
    acknowledgedAllocations: allocations.size,
    acknowledgedRevocations: revocations.length,
    lost: lost + unpublished,
    duplicated: slots.length - new Set(slots).size,
    unpublishedRevocations: unpublished,
  }
}

async function throughput(fresh: () => Promise<string>, processes: number, batch = 1): Promise<number> {
  const { workers, ms } = await run(await fresh(), processes, batch === 1 ? OPS : Math.max(1, Math.round(OPS / 10)), 'allocate', batch)
  return acknowledged(workers).allocationLines / (ms / 1000)
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

const dirs: string[] = []
const schemas: string[] = []
const backends: { name: string; fresh: () => Promise<string> }[] = [
  {
    name: 'DirectoryStore',
    fresh: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'microcred-store-bench-'))
      dirs.push(dir)
      return join(dir, 'state')
    },
  },
]
if (await postgresReachable()) {
  backends.push({
    name: 'PostgresStore',
    fresh: async () => {
      const schema = `mc_bench_${randomBytes(6).toString('hex')}`
      schemas.push(schema)
      return `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`
    },
  })
} else console.error(`PostgreSQL is not reachable at ${PG_URL}: PostgresStore left out`)

const results = []
try {
  for (const { name, fresh } of backends) {
    const concurrency = [await check(await fresh(), 4, 120), await check(await fresh(), 8, 120)]
    const one = await throughput(fresh, 1)
    const four = await throughput(fresh, 4)
    const batched = await throughput(fresh, 4, 100)
    results.push({ store: name, concurrency, allocationsPerSecond: { oneProcess: Math.round(one), fourProcesses: Math.round(four), fourProcessesBatchesOf100: Math.round(batched) } })
  }
} finally {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  if (schemas.length > 0) {
    const client = new pg.Client({ connectionString: PG_URL })
    await client.connect()
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await client.end()
  }
}

if (values.json) console.log(JSON.stringify({ opsPerProcess: OPS, results }, null, 2))
else {
  console.log('| store | processes × ops (allocate + revoke every 2nd) | acknowledged allocations / revocations | lost | duplicated indexes |')
  console.log('| --- | --- | --- | --- | --- |')
  for (const r of results)
    for (const c of r.concurrency)
      console.log(`| ${r.store} | ${c.processes} × ${c.opsEach} | ${c.acknowledgedAllocations} / ${c.acknowledgedRevocations} | ${c.lost} | ${c.duplicated} |`)
  console.log('')
  console.log(`| store | allocations/s, 1 process | allocations/s, 4 processes | 4 processes, batches of 100 |`)
  console.log('| --- | --- | --- | --- |')
  for (const r of results)
    console.log(`| ${r.store} | ${r.allocationsPerSecond.oneProcess} | ${r.allocationsPerSecond.fourProcesses} | ${r.allocationsPerSecond.fourProcessesBatchesOf100} |`)
  console.log(`(${OPS} single-credential allocate() calls per process; batches: ${Math.max(1, Math.round(OPS / 10))} calls of 100 per process)`)
}
