/**
 * The PostgreSQL store's schema, as versioned migrations shipped inside the package (TS strings, so
 * the bundle carries them). Each runs once per schema, in order, in one transaction; never edit a
 * shipped one: add the next version.
 */
export interface Migration {
  version: number
  name: string
  /** SQL for the schema, whose quoted identifier is `s` (e.g. `"microcred"`). */
  sql: (s: string) => string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'status lists, entries and changes',
    sql: (s) => `
      CREATE TABLE ${s}.status_lists (
        list_id   text PRIMARY KEY,
        position  bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        purpose   text NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
        length    integer NOT NULL CHECK (length >= 8),
        capacity  integer NOT NULL CHECK (capacity > 0 AND capacity <= length),
        allocated integer NOT NULL DEFAULT 0 CHECK (allocated >= 0)
      );
      CREATE TABLE ${s}.status_entries (
        credential_id text PRIMARY KEY,
        list_id       text NOT NULL REFERENCES ${s}.status_lists (list_id),
        status_index  integer NOT NULL CHECK (status_index >= 0),
        purpose       text NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
        status_set    boolean NOT NULL DEFAULT false,
        revoked       boolean NOT NULL DEFAULT false,
        -- An index is never given to two credentials.
        UNIQUE (list_id, status_index)
      );
      CREATE INDEX status_entries_set ON ${s}.status_entries (list_id, status_index) WHERE status_set;
      CREATE TABLE ${s}.status_changes (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        credential_id text NOT NULL REFERENCES ${s}.status_entries (credential_id),
        action        text NOT NULL CHECK (action IN ('revoke', 'suspend', 'unsuspend')),
        reason        text NOT NULL,
        at            timestamptz NOT NULL
      );
      CREATE INDEX status_changes_credential ON ${s}.status_changes (credential_id, id);`,
  },
]
