import { randomInt } from 'node:crypto'
import { InputInvalid, isObError } from '../errors.js'
import { obError } from '../internal/ob-error.js'
import { importPeer } from '../internal/peer-dependency.js'
import { DEFAULT_LIST_LENGTH, FILL_LIMIT } from './directory-store.js'
import { MIGRATIONS } from './postgres-migrations.js'
import type { IssuerStateStore, StatusAction, StatusAllocation, StatusChange, StatusListState, StatusPurpose } from './store.js'

/** The part of a `pg` query result the store reads. */
export interface PgQueryResult {
  rows: Record<string, unknown>[]
}

/** A checked-out connection, as `pg.PoolClient` provides it. */
export interface PgClient {
  query(text: string, values?: unknown[]): Promise<PgQueryResult>
  release(error?: Error | boolean): void
}

/** What the store needs of a pool: `pg.Pool` fits (typed structurally so `@types/pg` stays optional). */
export interface PgPool {
  connect(): Promise<PgClient>
  query(text: string, values?: unknown[]): Promise<PgQueryResult>
  end(): Promise<void>
}

export interface PostgresStoreOptions {
  /**
   * The PostgreSQL schema holding the store's tables, created if missing: one per issuer (tenant)
   * sharing a database. Lowercase letters, digits and `_`.
   * @default 'microcred'
   */
  schema?: string
  /**
   * Length of each new status list (lists already created keep theirs).
   * @default 131072
   */
  listLength?: number
  /**
   * Apply the shipped schema migrations on open (idempotent, under an advisory lock, so many
   * processes may open at once). Turn off where a deploy step runs {@link migratePostgresStore}.
   * @default true
   */
  migrate?: boolean
  /**
   * Connections in the pool the store makes from a connection string (ignored for a given pool).
   * @default 4
   */
  poolSize?: number
  /**
   * Create the schema when it does not exist. `false` refuses a schema that does not exist
   * (`ERR_OB_INPUT_INVALID`, "no issuer state in the PostgreSQL schema …"), for callers that read or
   * change existing state.
   * @default true
   */
  create?: boolean
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/
const PURPOSES: readonly StatusPurpose[] = ['revocation', 'suspension']
const ACTIONS: readonly StatusAction[] = ['revoke', 'suspend', 'unsuspend']

/**
 * An `IssuerStateStore` in PostgreSQL, for a platform running several instances against one
 * database. Allocation runs in one transaction under a per-schema advisory lock (the list counter
 * and the unique `(list, index)` and credential constraints make a reused index impossible); a
 * change is acknowledged only after its transaction commits with `synchronous_commit = on`.
 * Status lists are published from the database (`lists()`).
 * @example
 * const store = await PostgresStore.open('postgres://issuer@db.internal/credentials', { schema: 'district_42' })
 * const credentialStatus = await allocateStatus(store, { credentialId, baseUrl: 'https://district.example.org/status' })
 * await store.close()
 */
export class PostgresStore implements IssuerStateStore {
  private constructor(
    private readonly pool: PgPool,
    private readonly ownsPool: boolean,
    private readonly s: string,
    private readonly schemaName: string,
    private readonly listLength: number,
  ) {}

  /**
   * Connects (a connection string makes a pool the store owns and `close()` ends; a given pool stays
   * the caller's) and brings the schema up to date.
   */
  static async open(
    connection: string | PgPool,
    { schema = 'microcred', listLength = DEFAULT_LIST_LENGTH, migrate = true, poolSize = 4, create = true }: PostgresStoreOptions = {},
  ): Promise<PostgresStore> {
    if (!SCHEMA_NAME.test(schema)) throw new RangeError(`schema must match ${SCHEMA_NAME} (got "${schema}")`)
    if (!Number.isInteger(listLength) || listLength < 8) throw new RangeError('listLength must be an integer ≥ 8')
    if (!Number.isInteger(poolSize) || poolSize < 1) throw new RangeError('poolSize must be an integer ≥ 1')
    const owns = typeof connection === 'string'
    const pool = owns ? await ownedPool(connection, poolSize) : connection
    const store = new PostgresStore(pool, owns, `"${schema}"`, schema, listLength)
    try {
      if (!create && (await wrap(() => pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]))).rows.length === 0)
        throw new InputInvalid(`no issuer state in the PostgreSQL schema "${schema}"`)
      if (migrate) await migratePostgresStore(pool, { schema })
      else await store.run((client) => client.query(`SELECT 1 FROM ${store.s}.status_lists LIMIT 1`))
    } catch (error) {
      if (owns) await pool.end().catch(() => {})
      throw error
    }
    return store
  }

  /** Ends the pool the store made; a pool passed in is left open. */
  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end()
  }

  async allocate(requests: readonly { credentialId: string; purpose: StatusPurpose }[]): Promise<StatusAllocation[]> {
    for (const r of requests) {
      if (typeof r.credentialId !== 'string' || r.credentialId === '') throw new TypeError('every allocation needs a credentialId')
      if (!PURPOSES.includes(r.purpose)) throw new TypeError(`unknown status purpose "${String(r.purpose)}"`)
    }
    if (requests.length === 0) return []
    const ids = [...new Set(requests.map((r) => r.credentialId))]
    // One allocator per schema at a time: the open list's counter and its random picks stay consistent.
    // (The schema name is checked against SCHEMA_NAME, so it can sit in the SQL: one round trip fewer.)
    const lock = `SELECT pg_advisory_xact_lock(hashtext('microcred.allocate.${this.schemaName}'))`
    const found = await this.transaction(lock, async (client) => {
      const found = await this.entries(client, ids)
      // A credential asked for twice in one batch gets its first request's purpose, as in the directory store.
      const pending = new Map<StatusPurpose, Set<string>>()
      for (const { credentialId, purpose } of requests) {
        if (found.has(credentialId) || [...pending.values()].some((ids) => ids.has(credentialId))) continue
        pending.set(purpose, (pending.get(purpose) ?? new Set()).add(credentialId))
      }
      for (const [purpose, credentialIds] of pending) for (const a of await this.allocateNew(client, purpose, [...credentialIds])) found.set(a.credentialId, a)
      return found
    })
    return requests.map(({ credentialId }) => found.get(credentialId)!)
  }

  async find(credentialId: string): Promise<StatusAllocation | undefined> {
    return (await this.entries(this.pool, [credentialId])).get(credentialId)
  }

  async change(change: StatusChange): Promise<void> {
    if (!ACTIONS.includes(change.action)) throw new TypeError(`unknown status action "${String(change.action)}"`)
    const at = new Date(change.at)
    if (Number.isNaN(at.getTime())) throw obError('ERR_OB_INPUT_INVALID', `a status change's "at" must be a date-time (got "${change.at}")`)
    await this.transaction('', async (client) => {
      const { rows } = await client.query(`SELECT purpose, revoked FROM ${this.s}.status_entries WHERE credential_id = $1 FOR UPDATE`, [change.credentialId])
      const entry = rows[0] as { purpose: StatusPurpose; revoked: boolean } | undefined
      if (!entry) throw obError('ERR_OB_INPUT_INVALID', `no status entry for "${change.credentialId}" in this store`)
      if (!change.reason.trim()) throw obError('ERR_OB_INPUT_INVALID', 'a status change needs a reason')
      if (change.action !== 'revoke') {
        if (entry.purpose !== 'suspension')
          throw obError('ERR_OB_INPUT_INVALID', `"${change.credentialId}" has a revocation entry; it can be revoked, not ${change.action}ed`)
        if (entry.revoked) throw obError('ERR_OB_INPUT_INVALID', `"${change.credentialId}" was revoked; it cannot be unsuspended`)
      }
      await client.query(
        `UPDATE ${this.s}.status_entries SET status_set = $2, revoked = revoked OR $3 WHERE credential_id = $1`,
        [change.credentialId, change.action !== 'unsuspend', change.action === 'revoke'],
      )
      await client.query(`INSERT INTO ${this.s}.status_changes (credential_id, action, reason, at) VALUES ($1, $2, $3, $4)`, [
        change.credentialId,
        change.action,
        change.reason,
        at,
      ])
    })
  }

  async lists(): Promise<StatusListState[]> {
    const { rows } = await this.query(
      `SELECT l.list_id, l.purpose, l.length,
              ARRAY(SELECT e.status_index FROM ${this.s}.status_entries e WHERE e.list_id = l.list_id AND e.status_set ORDER BY e.status_index) AS set
         FROM ${this.s}.status_lists l ORDER BY l.position`,
    )
    return rows.map((r) => ({ listId: r.list_id as string, purpose: r.purpose as StatusPurpose, length: r.length as number, set: r.set as number[] }))
  }

  async history(credentialId?: string): Promise<StatusChange[]> {
    const columns = `SELECT credential_id, action, reason, at FROM ${this.s}.status_changes`
    const { rows } = credentialId === undefined ? await this.query(`${columns} ORDER BY id`) : await this.query(`${columns} WHERE credential_id = $1 ORDER BY id`, [credentialId])
    return rows.map((r) => ({ credentialId: r.credential_id as string, action: r.action as StatusAction, reason: r.reason as string, at: (r.at as Date).toISOString() }))
  }

  /** Allocates in the open list of `purpose` (opening new ones as lists fill); runs under the allocation lock. */
  private async allocateNew(client: PgClient, purpose: StatusPurpose, credentialIds: string[]): Promise<StatusAllocation[]> {
    const out: StatusAllocation[] = []
    let pending = credentialIds
    while (pending.length > 0) {
      const { listId, length, taken } = await this.reserve(client, purpose, pending.length)
      const take = pending.slice(0, taken)
      pending = pending.slice(taken)
      let todo = take
      // Random indexes (herd privacy); a pick already taken comes back from ON CONFLICT and is drawn again.
      // A list takes no more than 90% of its length, so even a nearly full one accepts at least 1 pick in 10.
      while (todo.length > 0) {
        const picks = new Set<number>()
        const indexes = todo.map(() => {
          let index: number
          do index = randomInt(length)
          while (picks.has(index))
          picks.add(index)
          return index
        })
        const { rows } = await client.query(
          `INSERT INTO ${this.s}.status_entries (credential_id, list_id, status_index, purpose)
           SELECT id, $2, idx, $3 FROM unnest($1::text[], $4::int[]) AS t(id, idx)
           ON CONFLICT (list_id, status_index) DO NOTHING RETURNING credential_id, status_index`,
          [todo, listId, purpose, indexes],
        )
        const placed = new Set<string>()
        for (const r of rows) {
          placed.add(r.credential_id as string)
          out.push({ credentialId: r.credential_id as string, listId, index: r.status_index as number, purpose })
        }
        todo = todo.filter((id) => !placed.has(id))
      }
    }
    return out
  }

  /** Counts up to `wanted` allocations against the open list of `purpose`, opening a new list when none has room. */
  private async reserve(client: PgClient, purpose: StatusPurpose, wanted: number): Promise<{ listId: string; length: number; taken: number }> {
    const { rows } = await client.query(
      `WITH open AS (SELECT list_id, allocated FROM ${this.s}.status_lists
                      WHERE purpose = $1 AND allocated < capacity ORDER BY position LIMIT 1)
       UPDATE ${this.s}.status_lists l SET allocated = LEAST(l.capacity, open.allocated + $2) FROM open
        WHERE l.list_id = open.list_id RETURNING l.list_id, l.length, l.allocated - open.allocated AS taken`,
      [purpose, wanted],
    )
    const open = rows[0]
    if (open) return { listId: open.list_id as string, length: open.length as number, taken: open.taken as number }
    const count = Number((await client.query(`SELECT count(*) AS n FROM ${this.s}.status_lists WHERE purpose = $1`, [purpose])).rows[0]!.n)
    const listId = `${purpose}-${count + 1}`
    const capacity = Math.max(1, Math.floor(this.listLength * FILL_LIMIT))
    const taken = Math.min(wanted, capacity)
    await client.query(`INSERT INTO ${this.s}.status_lists (list_id, purpose, length, capacity, allocated) VALUES ($1, $2, $3, $4, $5)`, [
      listId,
      purpose,
      this.listLength,
      capacity,
      taken,
    ])
    return { listId, length: this.listLength, taken }
  }

  private async entries(on: PgPool | PgClient, ids: string[]): Promise<Map<string, StatusAllocation>> {
    const found = new Map<string, StatusAllocation>()
    if (ids.length === 0) return found
    const sql = `SELECT credential_id, list_id, status_index, purpose FROM ${this.s}.status_entries WHERE credential_id = ANY($1::text[])`
    const { rows } = await wrap(() => on.query(sql, [ids]))
    for (const r of rows) {
      const credentialId = r.credential_id as string
      found.set(credentialId, { credentialId, listId: r.list_id as string, index: r.status_index as number, purpose: r.purpose as StatusPurpose })
    }
    return found
  }

  private query(text: string, values?: unknown[]): Promise<PgQueryResult> {
    return wrap(() => this.pool.query(text, values))
  }

  private async run<T>(work: (client: PgClient) => Promise<T>): Promise<T> {
    const client = await wrap(() => this.pool.connect())
    try {
      return await wrap(() => work(client))
    } finally {
      client.release()
    }
  }

  /** BEGIN, `first` (parameterless SQL), work, COMMIT; resolves only once the commit is flushed to the server's WAL. */
  private transaction<T>(first: string, work: (client: PgClient) => Promise<T>): Promise<T> {
    return this.run(async (client) => {
      try {
        // Durable once acknowledged, whatever the server's default; one round trip (a simple multi-statement query).
        await client.query(`BEGIN; SET LOCAL synchronous_commit = on;${first ? ` ${first};` : ''}`)
        const result = await work(client)
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        throw error
      }
    })
  }
}

export interface MigratePostgresStoreOptions {
  /** @default 'microcred' */
  schema?: string
}

/**
 * Creates the schema if needed and applies the shipped migrations it lacks, in one transaction
 * under an advisory lock (safe when many processes start at once; a no-op when up to date).
 * Refuses a schema migrated by a newer microcred. Returns the versions it applied.
 * @example
 * await migratePostgresStore(pool, { schema: 'district_42' })
 */
export async function migratePostgresStore(pool: PgPool, { schema = 'microcred' }: MigratePostgresStoreOptions = {}): Promise<number[]> {
  if (!SCHEMA_NAME.test(schema)) throw new RangeError(`schema must match ${SCHEMA_NAME} (got "${schema}")`)
  const s = `"${schema}"`
  const client = await wrap(() => pool.connect())
  try {
    return await wrap(async () => {
      await client.query('BEGIN')
      try {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`microcred.migrate.${schema}`])
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`)
        await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
        const applied = new Set((await client.query(`SELECT version FROM ${s}.schema_migrations`)).rows.map((r) => r.version as number))
        const latest = MIGRATIONS.at(-1)!.version
        const newer = [...applied].filter((v) => v > latest)
        if (newer.length > 0)
          throw obError('ERR_OB_STORE_UNAVAILABLE', `the PostgreSQL schema "${schema}" is at version ${Math.max(...newer)}; this microcred knows up to ${latest}`)
        const done: number[] = []
        for (const m of MIGRATIONS) {
          if (applied.has(m.version)) continue
          await client.query(m.sql(s))
          await client.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name])
          done.push(m.version)
        }
        await client.query('COMMIT')
        return done
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        throw error
      }
    })
  } finally {
    client.release()
  }
}

/** A pool of the optional peer `pg`: loaded only here, so a caller that passes its own pool needs none. */
async function ownedPool(connectionString: string, max: number): Promise<PgPool> {
  const { default: pg } = await importPeer('pg', { feature: 'the PostgreSQL store (microcred/postgres)', packages: ['pg'] }, () => import('pg'))
  const pool = new pg.Pool({ connectionString, max })
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  return pool
}

/** Database failures become `ERR_OB_STORE_UNAVAILABLE` (coded errors of our own pass through). */
async function wrap<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isObError(error) || error instanceof TypeError || error instanceof RangeError) throw error
    const message = error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code || error.name : String(error)
    throw obError('ERR_OB_STORE_UNAVAILABLE', `the PostgreSQL issuer state failed: ${message}`, { cause: error })
  }
}
