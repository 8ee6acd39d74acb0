// One process of the store concurrency tests and of scripts/store-bench.ts.
// Usage: node --import tsx scripts/store-worker.ts '<json WorkerConfig>'
// Prints "ready" once the store is open, waits for "go" on stdin when asked, then one line per
// acknowledged operation, printed only after the store resolved it:
//   A <credentialId> <listId>#<index>      an allocation
//   R <credentialId>                       a revocation
// and "done <milliseconds>" at the end. ops = 0 runs until killed.
import { createInterface } from 'node:readline'
import { DirectoryStore } from '../src/status/directory-store.js'
import { openStateStore } from '../src/status/open-store.js'
import type { WorkerConfig } from './store-workers.js'

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig
const sized = config.listLength === undefined ? {} : { listLength: config.listLength }
const store =
  config.staleLockMs === undefined ? await openStateStore(config.state, sized) : await DirectoryStore.open(config.state, { ...sized, staleLockMs: config.staleLockMs })
const say = (line: string) => new Promise<void>((resolve) => process.stdout.write(`${line}\n`, () => resolve()))
await say('ready')
if (config.waitForGo) {
  const lines = createInterface({ input: process.stdin })
  await new Promise<void>((resolve) => lines.on('line', (l) => l === 'go' && resolve()))
  lines.close()
}
const started = performance.now()
for (let i = 0; config.ops === 0 || i < config.ops; i++) {
  const id = `${config.name}-${i}`
  if (config.mode === 'revoke') {
    await store.change({ credentialId: id, action: 'revoke', reason: 'test', at: new Date().toISOString() })
    await say(`R ${id}`)
    continue
  }
  if (config.mode === 'allocate' && (config.batch ?? 1) > 1) {
    const batch = Array.from({ length: config.batch! }, (_, j) => ({ credentialId: `${id}-${j}`, purpose: 'revocation' as const }))
    const allocations = await store.allocate(batch)
    await say(allocations.map((a) => `A ${a.credentialId} ${a.listId}#${a.index}`).join('\n'))
    continue
  }
  const [a] = await store.allocate([{ credentialId: id, purpose: 'revocation' }])
  await say(`A ${id} ${a!.listId}#${a!.index}`)
  if (config.mode === 'mixed' && i % 2 === 1) {
    const previous = `${config.name}-${i - 1}`
    await store.change({ credentialId: previous, action: 'revoke', reason: 'test', at: new Date().toISOString() })
    await say(`R ${previous}`)
  }
}
await say(`done ${(performance.now() - started).toFixed(1)}`)
await store.close()
