import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** The test database (trust auth on 127.0.0.1); override with MICROCRED_TEST_PG_URL. */
export const PG_URL = process.env.MICROCRED_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/**
 * Whether PostgreSQL answers. Absent locally, the caller skips with this message; absent in CI
 * (`CI` set), it throws: CI must run the PostgreSQL tests (.ci/run starts the server).
 */
export async function probePostgres(): Promise<{ available: true } | { available: false; message: string }> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return { available: true }
  } catch (error) {
    const message = `PostgreSQL is not reachable at ${PG_URL.replace(/\/\/[^@]*@/, '//')} (${(error as Error).message}): skipping the PostgreSQL store tests`
    if (process.env.CI) throw new Error(`${message.replace(/: skipping.*/, '')}; CI must run them`)
    console.warn(message)
    return { available: false, message }
  } finally {
    await client.end().catch(() => {})
  }
}

/** A fresh schema name per test run, so parallel runs and other users of the database don't meet. */
export function randomSchema(prefix = 'mc_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await client.end()
  }
}

/** The `--state` URL of a schema. */
export function stateUrl(schema: string): string {
  return `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`
}
