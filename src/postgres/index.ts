/**
 * `microcred/postgres`: the PostgreSQL issuer state store. A subpath of its own so that only
 * platforms that use it load `pg`.
 * @example
 * import { PostgresStore } from 'microcred/postgres'
 * const store = await PostgresStore.open(process.env.DATABASE_URL ?? 'postgres://localhost/credentials')
 */
export {
  type MigratePostgresStoreOptions,
  migratePostgresStore,
  type PgClient,
  type PgPool,
  type PgQueryResult,
  PostgresStore,
  type PostgresStoreOptions,
} from '../status/postgres-store.js'
