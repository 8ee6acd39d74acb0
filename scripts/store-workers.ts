// Runs scripts/store-worker.ts processes against one issuer state and reads what each acknowledged:
// the store concurrency tests (test/status/store-contract.test.ts) and scripts/store-bench.ts.
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'

const ROOT = new URL('../', import.meta.url).pathname

/** What one store worker process does (its one argument, as JSON). */
export interface WorkerConfig {
  /** A directory or a postgres:// URL (with ?schema=NAME). */
  state: string
  name: string
  /** Operations to run; 0 runs until killed. */
  ops: number
  /** allocate: one allocation per op; mixed: allocate, and every second op revoke the previous one; revoke: revoke `${name}-${i}`. */
  mode: 'allocate' | 'mixed' | 'revoke'
  listLength?: number
  /** Directory store only: lets a test's next process take over a killed one's lock sooner. */
  staleLockMs?: number
  waitForGo?: boolean
  /** allocate mode: credentials per allocate() call (one transaction each). @default 1 */
  batch?: number
}

/** A running scripts/store-worker.ts and the lines it printed: each one an operation the store acknowledged. */
export interface Worker {
  child: ChildProcess
  lines: string[]
  /** Resolves once `count` lines matching `pattern` were printed (rejects if the worker exits first). */
  waitFor(pattern: RegExp, count?: number): Promise<void>
  exited: Promise<number | null>
}

export function startWorker(config: WorkerConfig): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/store-worker.ts'), JSON.stringify(config)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  let partial = ''
  let stderr = ''
  const waiters = new Set<() => void>()
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n')
    partial = parts.pop()!
    lines.push(...parts)
    for (const w of waiters) w()
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  const waitFor = (pattern: RegExp, count = 1) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (lines.filter((l) => pattern.test(l)).length >= count) {
          waiters.delete(check)
          resolve()
        }
      }
      waiters.add(check)
      check()
      void exited.then((code) => {
        if (waiters.has(check)) reject(new Error(`worker ${config.name} exited (${code}) before printing ${count} × ${pattern}: ${stderr.slice(-2000)}`))
      })
    })
  return { child, lines, waitFor, exited }
}

/**
 * Runs workers to completion, started together (all ready, then "go"); throws with the worker's
 * stderr if one fails. `ms` runs from "go" to the last exit, so process start-up is not counted.
 */
export async function runWorkers(configs: WorkerConfig[]): Promise<{ workers: Worker[]; ms: number }> {
  const workers = configs.map((c) => startWorker({ ...c, waitForGo: true }))
  await Promise.all(workers.map((w) => w.waitFor(/^ready$/)))
  const started = performance.now()
  for (const w of workers) w.child.stdin!.write('go\n')
  await Promise.all(workers.map((w) => w.waitFor(/^done /)))
  await Promise.all(workers.map((w) => w.exited))
  return { workers, ms: performance.now() - started }
}

/** The acknowledged allocations (credential → "list#index") and revocations in workers' output. */
export function acknowledged(workers: Worker[]): { allocations: Map<string, string>; revocations: string[]; allocationLines: number } {
  const allocations = new Map<string, string>()
  const revocations: string[] = []
  let allocationLines = 0
  for (const line of workers.flatMap((w) => w.lines)) {
    const [kind, id, slot] = line.split(' ')
    if (kind === 'A') {
      allocationLines++
      allocations.set(id!, slot!)
    } else if (kind === 'R') revocations.push(id!)
  }
  return { allocations, revocations, allocationLines }
}
