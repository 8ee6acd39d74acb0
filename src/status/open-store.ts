import { DirectoryStore } from './directory-store.js'
import type { IssuerStateStore } from './store.js'

export interface OpenStateStoreOptions {
  /** @default 131072 */
  listLength?: number
  /**
   * Create the state (the directory, or the PostgreSQL schema) when it does not exist. `false`
   * refuses it (`ERR_OB_INPUT_INVALID`, "no issuer state at …"): for commands that read or change
   * existing state (revoke, publish), where a mistyped `--state` would otherwise open an empty store.
   * @default true
   */
  create?: boolean
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i

/**
 * Opens the issuer state a CLI `--state` names: a `postgres://` (or `postgresql://`) URL opens a
 * `PostgresStore` (its `?schema=NAME` picks the schema, default `microcred`); anything else is a
 * directory for a `DirectoryStore`. `pg` is loaded only for a URL. Close the store when done.
 * @example
 * const store = await openStateStore('postgres://issuer@db.internal/credentials?schema=district_42')
 */
export async function openStateStore(location: string, { listLength, create = true }: OpenStateStoreOptions = {}): Promise<IssuerStateStore & { close(): Promise<void> }> {
  const sized = { ...(listLength === undefined ? {} : { listLength }), create }
  if (!POSTGRES_URL.test(location)) return DirectoryStore.open(location, sized)
  const url = new URL(location)
  const schema = url.searchParams.get('schema')
  url.searchParams.delete('schema')
  const { PostgresStore } = await import('./postgres-store.js')
  return PostgresStore.open(url.toString(), { ...sized, ...(schema === null ? {} : { schema }), poolSize: 2 })
}

/**
 * Opens the issuer state, runs `work` with it and closes it, even when `work` throws.
 * @example
 * await withStateStore('issuer-state', (store) => changeStatus(store, { credentialId: id, action: 'revoke', reason: 'Issued in error' }), { create: false })
 */
export async function withStateStore<T>(location: string, work: (store: IssuerStateStore) => Promise<T>, options: OpenStateStoreOptions = {}): Promise<T> {
  const store = await openStateStore(location, options)
  try {
    return await work(store)
  } finally {
    await store.close()
  }
}
