// The IssuerStateStore contract, run against every store: the directory store and the PostgreSQL
// store. PostgreSQL tests skip with a message when no server answers, and fail in CI.
import { existsSync, mkdirSync, mkdtempSync, rmdirSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { DirectoryStore } from '../../src/status/directory-store.js'
import { MIGRATIONS } from '../../src/status/postgres-migrations.js'
import { migratePostgresStore, PostgresStore } from '../../src/status/postgres-store.js'
import { allocateStatus, changeStatus, publishStatusLists } from '../../src/status/status-list.js'
import type { IssuerStateStore } from '../../src/status/store.js'
import { decodeStatusList } from '../../src/verify/checks/status.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { dropSchema, PG_URL, probePostgres, randomSchema, stateUrl } from '../helpers/postgres.js'
import { awardedCredential, issuer, NOW } from '../helpers/issue.js'
import { acknowledged, runWorkers, startWorker } from '../../scripts/store-workers.js'

type Store = IssuerStateStore & { close(): Promise<void> }

interface Backend {
  name: string
  /** A fresh, empty store location (a directory, or a postgres:// URL with its own schema). */
  location(): string
  open(location: string, options?: { listLength?: number }): Promise<Store>
  /** Extra worker settings (the directory store's short stale-lock time for kill -9 tests). */
  worker: { staleLockMs?: number }
}

const postgres = await probePostgres()
const schemas: string[] = []
afterAll(async () => {
  for (const schema of schemas) await dropSchema(schema)
})

const backends: Backend[] = [
  {
    name: 'DirectoryStore',
    location: () => join(mkdtempSync(join(tmpdir(), 'microcred-store-')), 'state'),
    open: (dir, options = {}) => DirectoryStore.open(dir, options),
    worker: { staleLockMs: 2000 },
  },
  {
    name: 'PostgresStore',
    location: () => {
      const schema = randomSchema()
      schemas.push(schema)
      return stateUrl(schema)
    },
    open: (url, options = {}) => PostgresStore.open(PG_URL, { ...options, schema: new URL(url).searchParams.get('schema')! }),
    worker: {},
  },
]

const BASE = 'https://district.example.org/status'
const at = () => new Date().toISOString()

async function publishedBits(store: IssuerStateStore) {
  const { key, signer } = await issuer()
  const lists = await publishStatusLists(store, { baseUrl: BASE, issuerId: key.issuerId, signer })
  const bits = new Map<string, Uint8Array>()
  for (const l of lists) bits.set(l.listId, await decodeStatusList((l.credential.credentialSubject as { encodedList: string }).encodedList))
  return (listId: string, index: number) => {
    const b = bits.get(listId)
    return b !== undefined && ((b[index >> 3]! >> (7 - (index & 7))) & 1) === 1
  }
}

describe.each(backends)('$name: the IssuerStateStore contract', (backend) => {
  const skip = backend.name === 'PostgresStore' && !postgres.available
  const open = async (options?: { listLength?: number }) => backend.open(backend.location(), options)

  describe.skipIf(skip)('allocation', () => {
    it('is idempotent: a credential keeps its first allocation, within a batch and across calls', async () => {
      const store = await open()
      const [a, b, again] = await store.allocate([
        { credentialId: 'urn:uuid:a', purpose: 'revocation' },
        { credentialId: 'urn:uuid:b', purpose: 'suspension' },
        { credentialId: 'urn:uuid:a', purpose: 'revocation' },
      ])
      expect(a).toMatchObject({ credentialId: 'urn:uuid:a', listId: 'revocation-1', purpose: 'revocation' })
      expect(b).toMatchObject({ credentialId: 'urn:uuid:b', listId: 'suspension-1', purpose: 'suspension' })
      expect(again).toEqual(a)
      expect(await store.allocate([{ credentialId: 'urn:uuid:a', purpose: 'revocation' }])).toEqual([a])
      expect(await store.find('urn:uuid:a')).toEqual(a)
      expect(await store.find('urn:uuid:nobody')).toBeUndefined()
      expect(await store.allocate([])).toEqual([])
      await store.close()
    })

    it('two store instances allocating the same credentials at once agree on one allocation each', async () => {
      const location = backend.location()
      const [one, two] = [await backend.open(location), await backend.open(location)]
      const requests = Array.from({ length: 50 }, (_, i) => ({ credentialId: `urn:uuid:same-${i}`, purpose: 'revocation' as const }))
      const [a, b] = await Promise.all([one.allocate(requests), two.allocate([...requests].reverse())])
      expect([...b!].reverse()).toEqual(a)
      expect(new Set(a!.map((x) => x.index)).size).toBe(50)
      await Promise.all([one.close(), two.close()])
    })

    it('never repeats an index across many allocations and reopenings, and spills into a new list when full', async () => {
      const location = backend.location()
      const seen = new Set<string>()
      for (let run = 0; run < 5; run++) {
        const store = await backend.open(location, { listLength: 64 })
        const allocations = await store.allocate(Array.from({ length: 40 }, (_, i) => ({ credentialId: `c-${run}-${i}`, purpose: 'revocation' as const })))
        for (const a of allocations) {
          expect(seen.has(`${a.listId}#${a.index}`)).toBe(false)
          seen.add(`${a.listId}#${a.index}`)
          expect(a.index).toBeGreaterThanOrEqual(0)
          expect(a.index).toBeLessThan(64)
        }
        await store.close()
      }
      expect(seen.size).toBe(200)
      // 90% fill limit: 57 of 64 per list, so 200 allocations need four lists.
      const store = await backend.open(location, { listLength: 64 })
      expect((await store.lists()).map((l) => l.listId)).toEqual(['revocation-1', 'revocation-2', 'revocation-3', 'revocation-4'])
      const [again] = await store.allocate([{ credentialId: 'c-0-0', purpose: 'revocation' }])
      expect(seen.has(`${again!.listId}#${again!.index}`)).toBe(true)
      await store.close()
    })
  })

  describe.skipIf(skip)('changes', () => {
    it('revokes, suspends and unsuspends; revocation of a suspension entry is permanent; history keeps every change', async () => {
      const store = await open()
      const [r, s] = await store.allocate([
        { credentialId: 'urn:uuid:r', purpose: 'revocation' },
        { credentialId: 'urn:uuid:s', purpose: 'suspension' },
      ])
      await changeStatus(store, { credentialId: 'urn:uuid:r', action: 'revoke', reason: 'Issued in error', at: new Date('2026-10-01T10:00:00.000Z') })
      await changeStatus(store, { credentialId: 'urn:uuid:s', action: 'suspend', reason: 'Under review' })
      const setOf = async () => Object.fromEntries((await store.lists()).map((l) => [l.listId, l.set]))
      expect(await setOf()).toEqual({ 'revocation-1': [r!.index], 'suspension-1': [s!.index] })
      await changeStatus(store, { credentialId: 'urn:uuid:s', action: 'unsuspend', reason: 'Review cleared' })
      expect(await setOf()).toEqual({ 'revocation-1': [r!.index], 'suspension-1': [] })
      await changeStatus(store, { credentialId: 'urn:uuid:s', action: 'revoke', reason: 'Misconduct' })
      await expect(changeStatus(store, { credentialId: 'urn:uuid:s', action: 'unsuspend', reason: 'oops' })).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
      expect(await setOf()).toEqual({ 'revocation-1': [r!.index], 'suspension-1': [s!.index] })
      expect(await store.history('urn:uuid:r')).toEqual([{ credentialId: 'urn:uuid:r', action: 'revoke', reason: 'Issued in error', at: '2026-10-01T10:00:00.000Z' }])
      expect((await store.history()).map((h) => `${h.credentialId} ${h.action}`)).toEqual([
        'urn:uuid:r revoke',
        'urn:uuid:s suspend',
        'urn:uuid:s unsuspend',
        'urn:uuid:s revoke',
      ])
      await store.close()
    })

    it('refuses impossible changes and records none of them', async () => {
      const store = await open()
      await store.allocate([{ credentialId: 'urn:uuid:r', purpose: 'revocation' }])
      await expect(changeStatus(store, { credentialId: 'urn:uuid:r', action: 'suspend', reason: 'x' })).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
      await expect(changeStatus(store, { credentialId: 'urn:uuid:unknown', action: 'revoke', reason: 'x' })).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
      await expect(changeStatus(store, { credentialId: 'urn:uuid:r', action: 'revoke', reason: '  ' })).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
      expect(await store.history()).toEqual([])
      expect((await store.lists())[0]!.set).toEqual([])
      await store.close()
    })

    it('publishes lists that verifiers read: a revoked badge fails its status check', async () => {
      const store = await open()
      const { key, signer } = await issuer()
      const id = 'urn:uuid:00000000-0000-4000-8000-000000000001'
      const credentialStatus = await allocateStatus(store, { credentialId: id, baseUrl: BASE })
      const badge = await signDataIntegrity(await awardedCredential(key, { id, credentialStatus }), { signer })
      const status = async () => {
        const lists = await publishStatusLists(store, { baseUrl: BASE, issuerId: key.issuerId, signer, validFrom: new Date('2026-10-20T00:00:00Z') })
        return (await verifyBadge(badge, { now: NOW, statusLists: new Map(lists.map((l) => [l.url, l.credential])) })).checks.find((c) => c.id === 'status')
      }
      expect(await status()).toMatchObject({ status: 'passed' })
      await changeStatus(store, { credentialId: id, action: 'revoke', reason: 'Issued in error' })
      expect(await status()).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_REVOKED' })
      await store.close()
    })
  })

  describe.skipIf(skip)('several processes at once', () => {
    it('4 processes × 120 allocations, revoking every second one: nothing acknowledged is lost, no index is given twice', async () => {
      const state = backend.location()
      const { workers } = await runWorkers(['a', 'b', 'c', 'd'].map((name) => ({ state, name, ops: 120, mode: 'mixed' as const, listLength: 4096, ...backend.worker })))
      const { allocations, revocations, allocationLines } = acknowledged(workers)
      expect(allocationLines).toBe(480)
      expect(allocations.size).toBe(480)
      expect(revocations.length).toBe(240)
      expect(new Set(allocations.values()).size).toBe(480)

      const store = await backend.open(state, { listLength: 4096 })
      const lost = []
      for (const [id, slot] of allocations) {
        const found = await store.find(id)
        if (!found || `${found.listId}#${found.index}` !== slot) lost.push(id)
      }
      expect(lost).toEqual([])
      const isSet = await publishedBits(store)
      const unpublished = revocations.filter((id) => {
        const [listId, index] = allocations.get(id)!.split('#')
        return !isSet(listId!, Number(index))
      })
      expect(unpublished).toEqual([])
      const setCount = (await store.lists()).reduce((n, l) => n + l.set.length, 0)
      expect(setCount).toBe(240)
      expect((await store.history()).length).toBe(240)
      await store.close()
    }, 120_000)
  })

  describe.skipIf(skip)('kill -9', () => {
    it('during allocations: no index reused, every acknowledged allocation kept', async () => {
      const state = backend.location()
      const returned = new Map<string, string>()
      for (const name of ['a', 'b', 'c']) {
        const worker = startWorker({ state, name, ops: 0, mode: 'allocate', listLength: 4096, ...backend.worker })
        // Kill once the worker itself reports it is mid-stream.
        await worker.waitFor(/^A /, 15)
        worker.child.kill('SIGKILL')
        await worker.exited
        for (const [id, slot] of acknowledged([worker]).allocations) returned.set(id, slot)
      }
      expect(returned.size).toBeGreaterThanOrEqual(45)
      const store = await backend.open(state, { listLength: 4096 })
      for (const [id, slot] of returned) {
        const found = await store.find(id)
        expect(found && `${found.listId}#${found.index}`).toBe(slot)
      }
      // Every allocation in the store, acknowledged or not, has its own index.
      const more = await store.allocate(Array.from({ length: 50 }, (_, i) => ({ credentialId: `after-${i}`, purpose: 'revocation' as const })))
      const slots = [...returned.values(), ...more.map((a) => `${a.listId}#${a.index}`)]
      expect(new Set(slots).size).toBe(slots.length)
      await store.close()
    }, 120_000)

    it('during revocations: every acknowledged revocation is published, and the store stays usable', async () => {
      const state = backend.location()
      const setup = await backend.open(state, { listLength: 4096 })
      await setup.allocate(Array.from({ length: 400 }, (_, i) => ({ credentialId: `rev-${i}`, purpose: 'revocation' as const })))
      await setup.close()
      const worker = startWorker({ state, name: 'rev', ops: 400, mode: 'revoke', listLength: 4096, ...backend.worker })
      await worker.waitFor(/^R /, 20)
      worker.child.kill('SIGKILL')
      await worker.exited
      const { revocations } = acknowledged([worker])
      expect(revocations.length).toBeGreaterThanOrEqual(20)
      const store = await backend.open(state, { listLength: 4096 })
      const isSet = await publishedBits(store)
      for (const id of revocations) {
        const entry = (await store.find(id))!
        expect(isSet(entry.listId, entry.index)).toBe(true)
      }
      expect((await store.history()).length).toBeGreaterThanOrEqual(revocations.length)
      await store.change({ credentialId: 'rev-399', action: 'revoke', reason: 'after the crash', at: at() })
      await store.close()
    }, 120_000)
  })
})

describe('DirectoryStore specifics', () => {
  it('takes over a lock left by a killed process once it is stale, and waits for a live one', async () => {
    const dir = backends[0]!.location()
    const store = await DirectoryStore.open(dir, { staleLockMs: 2000 })
    const lock = join(dir, 'state.json.lock')
    mkdirSync(lock)
    const old = new Date(Date.now() - 60_000)
    utimesSync(lock, old, old)
    await expect(store.allocate([{ credentialId: 'urn:uuid:after-crash', purpose: 'revocation' }])).resolves.toHaveLength(1)
    expect(existsSync(lock)).toBe(false)
    mkdirSync(lock)
    // A live holder's lock: fresh however slow this machine is.
    const future = new Date(Date.now() + 3_600_000)
    utimesSync(lock, future, future)
    let done = false
    const waiting = store.allocate([{ credentialId: 'urn:uuid:waits', purpose: 'revocation' }]).then(() => (done = true))
    await new Promise((r) => setTimeout(r, 300))
    expect(done).toBe(false)
    rmdirSync(lock)
    await waiting
    expect(await store.find('urn:uuid:waits')).toBeDefined()
  })
})

describe.skipIf(!postgres.available)('PostgresStore specifics', () => {
  const fresh = () => {
    const schema = randomSchema()
    schemas.push(schema)
    return schema
  }

  it('refuses a bad schema name and reports an unreachable server as ERR_OB_STORE_UNAVAILABLE', async () => {
    await expect(PostgresStore.open(PG_URL, { schema: 'x"; DROP TABLE y; --' })).rejects.toBeInstanceOf(RangeError)
    await expect(PostgresStore.open('postgres://nobody@127.0.0.1:1/none')).rejects.toMatchObject({ code: 'ERR_OB_STORE_UNAVAILABLE' })
  })

  it('migrations: many processes opening a new schema at once apply each version exactly once', async () => {
    const schema = fresh()
    const pools = Array.from({ length: 6 }, () => new pg.Pool({ connectionString: PG_URL, max: 1 }))
    const applied = await Promise.all(pools.map((pool) => migratePostgresStore(pool, { schema })))
    expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.version))
    const { rows } = await pools[0]!.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`)
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version))
    expect(await migratePostgresStore(pools[0]!, { schema })).toEqual([])
    await Promise.all(pools.map((pool) => pool.end()))
  })

  it('refuses a schema migrated by a newer microcred, and a missing schema when told not to migrate', async () => {
    const schema = fresh()
    const pool = new pg.Pool({ connectionString: PG_URL, max: 1 })
    await migratePostgresStore(pool, { schema })
    await pool.query(`INSERT INTO "${schema}".schema_migrations (version, name) VALUES (999, 'from the future')`)
    await expect(PostgresStore.open(pool, { schema })).rejects.toMatchObject({ code: 'ERR_OB_STORE_UNAVAILABLE', message: expect.stringContaining('999') })
    await expect(PostgresStore.open(pool, { schema: fresh(), migrate: false })).rejects.toMatchObject({ code: 'ERR_OB_STORE_UNAVAILABLE' })
    await pool.end()
  })

  it('uses a pool it is given and leaves it open on close()', async () => {
    const pool = new pg.Pool({ connectionString: PG_URL, max: 2 })
    const store = await PostgresStore.open(pool, { schema: fresh() })
    await store.allocate([{ credentialId: 'urn:uuid:p', purpose: 'revocation' }])
    await store.close()
    expect((await pool.query('SELECT 1 AS one')).rows[0].one).toBe(1)
    await expect(store.change({ credentialId: 'urn:uuid:p', action: 'revoke', reason: 'r', at: 'not a date' })).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
    await pool.end()
  })
})
