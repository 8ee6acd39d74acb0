import type { OpenBadgeCredential } from '../credential/types.js'
import { DirectoryRecordStore, isRecordId, MemoryRecordStore, type RecordStore } from '../internal/record-store.js'

/** A challenge an exchange handed out, with when it stops being accepted. */
export interface ExchangeChallenge {
  value: string
  expiresAt: string
}

/**
 * One award waiting for its wallet: the unsigned credential, the challenges handed out for it, and
 * whether it was already delivered (exchanges are one-time). The credential is signed only when a
 * wallet has proven control of its DID, with `credentialSubject.id` set to that DID.
 */
export interface ExchangeRecord {
  /** Random, URL-safe; the last path segment of the exchange URL. */
  id: string
  credential: OpenBadgeCredential
  createdAt: string
  expiresAt: string
  challenges: ExchangeChallenge[]
  state: 'pending' | 'complete'
  /** The DID the credential was issued to, once complete. */
  issuedTo?: string
  completedAt?: string
}

/**
 * Where exchanges live, behind an interface so a platform can keep them in its own database.
 * `update` must apply `change` atomically per record (read, change, write with no interleaving):
 * that is what makes an exchange one-time under concurrent wallets.
 */
export interface ExchangeStore extends RecordStore<ExchangeRecord> {}

/** True for an id an exchange store will accept (also keeps ids safe as file names). */
export const isExchangeId: (id: string) => boolean = isRecordId

/**
 * Exchanges in memory: for tests and for a server whose awards need not survive a restart.
 * @example
 * const store = new MemoryExchangeStore()
 */
export class MemoryExchangeStore extends MemoryRecordStore<ExchangeRecord> implements ExchangeStore {}

/**
 * Exchanges in a directory, one JSON file per exchange (mode 0600), each replaced atomically
 * (temp file, fsync, rename): a crash leaves the old record or the new one. Updates are
 * serialized per exchange within this process; run one server per directory.
 * @example
 * const store = await DirectoryExchangeStore.open('issuer-state/exchanges')
 */
export class DirectoryExchangeStore extends DirectoryRecordStore<ExchangeRecord> implements ExchangeStore {
  static async open(dir: string): Promise<DirectoryExchangeStore> {
    await DirectoryRecordStore.prepare(dir)
    return new DirectoryExchangeStore(dir)
  }
}
