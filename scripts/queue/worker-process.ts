// One issuance worker process of the queue kill tests (test/queue/kill.test.ts, scripts/queue/kill.ts).
// Usage: MICROCRED_WORKER='<json WorkerProcessConfig>' node --import tsx scripts/queue/worker-process.ts
// Prints "ready" once it takes jobs; SIGTERM closes it gracefully (running jobs finish), SIGKILL is the test.
import type { PrivateJwk } from '../../src/keys/jwk.js'
import { createIssuanceWorker } from '../../src/queue/worker.js'
import { signerFromJwk } from '../../src/sign/signer.js'
import { openStateStore } from '../../src/status/open-store.js'

export interface WorkerProcessConfig {
  redis: string
  prefix: string
  queueName: string
  /** A directory or a postgres:// URL (with ?schema=NAME). */
  state: string
  out: string
  statusBaseUrl: string
  privateJwk: PrivateJwk
  verificationMethod: string
  concurrency: number
  lockDurationMs: number
  stalledIntervalMs: number
}

const config = JSON.parse(process.env.MICROCRED_WORKER ?? '{}') as WorkerProcessConfig
const store = await openStateStore(config.state, { listLength: 16_384 })
const signer = await signerFromJwk(config.privateJwk, { id: config.verificationMethod })
const { close, worker } = createIssuanceWorker({
  connection: config.redis,
  prefix: config.prefix,
  queueName: config.queueName,
  store,
  statusBaseUrl: config.statusBaseUrl,
  signer,
  output: config.out,
  concurrency: config.concurrency,
  lockDurationMs: config.lockDurationMs,
  stalledIntervalMs: config.stalledIntervalMs,
  maxStalledCount: 1000,
})
worker.on('error', (error) => process.stderr.write(`worker error: ${error.message}\n`))
await worker.waitUntilReady()
process.stdout.write('ready\n')
process.once('SIGTERM', async () => {
  await close()
  await store.close()
  process.exit(0)
})
