import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Queue } from 'bullmq'
import { afterEach, describe, expect, it } from 'vitest'
import { rowKey } from '../../src/batch/batch-issue.js'
import { enqueueIssuance } from '../../src/queue/enqueue.js'
import { watchIssuance } from '../../src/queue/events.js'
import { credentialIdOf } from '../../src/queue/job-data.js'
import { DirectorySink, type IssuedRecord, type OutputSink } from '../../src/queue/output-sink.js'
import { createIssuanceWorker, type IssuanceWorker } from '../../src/queue/worker.js'
import { DirectoryStore } from '../../src/status/directory-store.js'
import { publishStatusLists } from '../../src/status/status-list.js'
import type { IssuerStateStore } from '../../src/status/store.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { issuer } from '../helpers/issue.js'
import { drained, EXAMPLES, REDIS, redisAvailable, roster, STATUS_BASE, tempDir, testQueue } from './fixtures.js'

const ISSUED_AT = new Date('2026-10-15T09:00:00Z')
const NOW = new Date('2026-11-01T00:00:00Z')
const TEMPLATE_ID = JSON.parse(await readFile(join(EXAMPLES, 'templates/checking-understanding-gestures.json'), 'utf8')).id as string

describe.skipIf(!redisAvailable)('issuance through the queue', () => {
  const cleanups: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  const setup = async (label: string) => {
    const queue = testQueue(label)
    const out = tempDir(`${label}-out`)
    const state = tempDir(`${label}-state`)
    cleanups.push(queue.drop, () => rm(out, { recursive: true, force: true }), () => rm(state, { recursive: true, force: true }))
    const store = await DirectoryStore.open(state, { listLength: 4096 })
    const { key, signer } = await issuer()
    const startWorker = (options: { store?: IssuerStateStore; output?: OutputSink } = {}): IssuanceWorker => {
      const w = createIssuanceWorker({ ...queue.location, store: options.store ?? store, statusBaseUrl: STATUS_BASE, signer, output: options.output ?? out, concurrency: 4 })
      cleanups.push(() => w.close())
      return w
    }
    const enqueue = (rows: ReturnType<typeof roster>, formats: ('di' | 'jwt')[] = ['di']) =>
      enqueueIssuance({ ...queue.location, rows, baseDir: EXAMPLES, issuer: { name: 'Springfield Public Schools' }, formats, issuedAt: ISSUED_AT, backoffMs: 50 })
    return { queue, out, store, key, signer, startWorker, enqueue }
  }

  it('enqueues one job per row, keyed by the row: enqueuing again adds nothing; unreadable rows are rejected', async () => {
    const { enqueue } = await setup('enqueue')
    const rows = roster(12, ['Missing,did:example:m,templates/no-such-template.json,yes,'])
    const first = await enqueue(rows)
    expect(first).toMatchObject({ added: 12, alreadyQueued: 0 })
    expect(first.rejected).toEqual([{ row: 13, name: 'Missing', reason: expect.stringContaining('ENOENT') }])
    expect(await enqueue(rows)).toMatchObject({ added: 0, alreadyQueued: 12 })
  })

  it('issues every row once: credential id from the row key, one status entry, verifying credentials (DI + JWT), progress and completion events', async () => {
    const { queue, out, store, key, signer, startWorker, enqueue } = await setup('issue')
    const events: string[] = []
    const completed = new Map<string, unknown>()
    const watch = await watchIssuance(queue.location, {
      onProgress: (id, p) => events.push(`${id.slice(0, 6)}:${p.stage}`),
      onCompleted: (id, result) => completed.set(id, result),
    })
    const rows = roster(10)
    await enqueue(rows, ['di', 'jwt'])
    startWorker()
    const status = await drained(queue.location)
    expect(status).toMatchObject({ completed: 10, failed: 0 })
    await new Promise((r) => setTimeout(r, 300)) // the last events
    await watch.close()
    const sink = new DirectorySink(out)
    const lists = await publishStatusLists(store, { baseUrl: STATUS_BASE, issuerId: key.issuerId, signer, validFrom: ISSUED_AT })
    const statusLists = new Map(lists.map((l) => [l.url, l.credential]))
    const indexes = new Set<number>()
    for (const row of rows) {
      const k = rowKey(TEMPLATE_ID, row)
      const record = (await sink.find(k))!
      expect(record).toMatchObject({ credentialId: credentialIdOf(k), educator: row.name, files: [`${k.slice(0, 16)}/credential.json`, `${k.slice(0, 16)}/badge.png`, `${k.slice(0, 16)}/credential.jwt`] })
      expect(await store.find(record.credentialId)).toMatchObject({ listId: record.status.listId, index: record.status.index })
      indexes.add(record.status.index)
      const credential = JSON.parse(await readFile(join(out, record.files[0]!), 'utf8'))
      expect(credential).toMatchObject({ id: record.credentialId, validFrom: '2026-10-15T09:00:00Z', credentialStatus: { statusListIndex: String(record.status.index) } })
      expect(credential.proof[0].created).toBe('2026-10-15T09:00:00Z')
      for (const file of record.files) {
        const report = await verifyBadge(await readFile(join(out, file)), { now: NOW, statusLists })
        expect(report.verified, `${file}: ${JSON.stringify(report.errors)}`).toBe(true)
      }
      expect(completed.get(k)).toMatchObject({ credentialId: record.credentialId, reused: false })
      expect(events.filter((e) => e.startsWith(k.slice(0, 6)))).toEqual(['allocated', 'signed', 'written'].map((s) => `${k.slice(0, 6)}:${s}`))
    }
    expect(indexes.size).toBe(10)
    expect((await store.lists()).length).toBe(1)
  })

  it('bad input fails at once with its code (no retries): a row not awarded, a job with malformed data', async () => {
    const { queue, startWorker, enqueue } = await setup('bad')
    const rows = roster(2, ['Jordan Blake,did:example:jordan,templates/checking-understanding-gestures.json,,assessments/gestures-denied.json'])
    await enqueue(rows)
    const raw = new Queue('issuance', { connection: { url: REDIS }, prefix: queue.location.prefix })
    await raw.add('issue', { v: 1, rowKey: 'not-a-key' }, { jobId: 'garbage', attempts: 3 })
    await raw.close()
    startWorker()
    const status = await drained(queue.location)
    expect(status).toMatchObject({ completed: 2, failed: 2 })
    expect(status.failures.map((f) => f.reason).sort()).toEqual([expect.stringMatching(/^ERR_OB_DECISION_INVALID: not awarded/), expect.stringMatching(/^ERR_OB_INPUT_INVALID: issuance job is invalid/)])
    const raw2 = new Queue('issuance', { connection: { url: REDIS }, prefix: queue.location.prefix })
    const failed = await raw2.getFailed()
    await raw2.close()
    expect(failed.map((j) => j.attemptsMade)).toEqual([1, 1])
  })

  it('retries transient faults; a crash between the files and the record rewrites the same bytes, then commits once', async () => {
    const { queue, out, store, startWorker, enqueue } = await setup('retry')
    let allocateFaults = 1
    const flakyStore: IssuerStateStore = {
      ...bind(store),
      allocate: async (requests) => {
        if (allocateFaults-- > 0) throw new Error('ECONNRESET (simulated store outage)')
        return store.allocate(requests)
      },
    }
    const sink = new DirectorySink(out)
    const written = new Map<string, string[]>()
    let commitFaults = 1
    const flakySink: OutputSink = {
      find: (k) => sink.find(k),
      write: async (k, name, data) => {
        if (name === 'credential.json') written.set(k, [...(written.get(k) ?? []), String(data)])
        return sink.write(k, name, data)
      },
      commit: async (record: IssuedRecord) => {
        if (commitFaults-- > 0) throw new Error('EIO (simulated crash before the record)')
        return sink.commit(record)
      },
    }
    await enqueue(roster(3))
    startWorker({ store: flakyStore, output: flakySink })
    expect(await drained(queue.location)).toMatchObject({ completed: 3, failed: 0 })
    const rewritten = [...written.values()].filter((w) => w.length > 1)
    expect(rewritten).toHaveLength(1)
    expect(rewritten[0]![1]).toBe(rewritten[0]![0]) // Ed25519 over a fixed credential: the same bytes
    expect((await store.lists())[0]).toBeDefined()
  })

  it('a committed row is returned as it is, not issued again; close() lets running jobs finish', async () => {
    const { queue, out, startWorker, enqueue } = await setup('reuse')
    const rows = roster(6)
    await enqueue(rows)
    const first = startWorker()
    await drained(queue.location)
    await first.close()
    const k = rowKey(TEMPLATE_ID, rows[0]!)
    const before = await readFile(join(out, k.slice(0, 16), 'credential.json'), 'utf8')
    // The completed job is gone (e.g. removed after its retention): the row is queued again.
    const raw = new Queue('issuance', { connection: { url: REDIS }, prefix: queue.location.prefix })
    await raw.remove(k)
    await raw.close()
    expect(await enqueue(rows)).toMatchObject({ added: 1, alreadyQueued: 5 })
    const results: unknown[] = []
    const second = startWorker()
    second.worker.on('completed', (_, result) => results.push(result))
    await drained(queue.location)
    await second.close()
    expect(results).toEqual([expect.objectContaining({ rowKey: k, reused: true })])
    expect(await readFile(join(out, k.slice(0, 16), 'credential.json'), 'utf8')).toBe(before)
  })
})

function bind(store: IssuerStateStore): IssuerStateStore {
  return {
    allocate: (r) => store.allocate(r),
    find: (id) => store.find(id),
    change: (c) => store.change(c),
    lists: () => store.lists(),
    history: (id) => store.history(id),
  }
}
