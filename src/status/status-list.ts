import { toDateTime } from '../credential/build.js'
import type { CredentialStatus } from '../credential/types.js'
import { addDataIntegrityProof } from '../sign/data-integrity.js'
import type { Signer } from '../sign/signer.js'
import type { IssuerStateStore, StatusAction, StatusAllocation, StatusPurpose } from './store.js'

/** The `BitstringStatusListEntry` of an allocation; lists are published at `${baseUrl}/${listId}`. */
export function statusEntryOf(allocation: StatusAllocation, baseUrl: string): CredentialStatus {
  const listUrl = `${baseUrl.replace(/\/+$/, '')}/${allocation.listId}`
  return {
    id: `${listUrl}#${allocation.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: allocation.purpose,
    statusListIndex: String(allocation.index),
    statusListCredential: listUrl,
  }
}

export interface AllocateStatusOptions {
  credentialId: string
  /** Where the issuer publishes its status lists (https). */
  baseUrl: string
  /**
   * OB 3.0 allows one `credentialStatus` per credential: `revocation` (default) can be revoked;
   * `suspension` can be suspended and unsuspended (and revoked, as a permanent suspension).
   * @default 'revocation'
   */
  purpose?: StatusPurpose
}

/**
 * Allocates a random, never reused status index for a credential and returns its `credentialStatus`.
 * @example
 * const credentialStatus = await allocateStatus(store, { credentialId, baseUrl: 'https://district.example.org/status' })
 */
export async function allocateStatus(store: IssuerStateStore, { credentialId, baseUrl, purpose = 'revocation' }: AllocateStatusOptions): Promise<CredentialStatus> {
  const [allocation] = await store.allocate([{ credentialId, purpose }])
  return statusEntryOf(allocation!, baseUrl)
}

export interface ChangeStatusOptions {
  credentialId: string
  action: StatusAction
  /** Why, kept in the issuer state (required, not blank). */
  reason: string
  /** @default now */
  at?: Date
}

/**
 * Revokes, suspends or unsuspends a credential, with a reason; durable when it resolves.
 * @example
 * await changeStatus(store, { credentialId: 'urn:uuid:…', action: 'revoke', reason: 'Issued in error' })
 */
export async function changeStatus(store: IssuerStateStore, { credentialId, action, reason, at = new Date() }: ChangeStatusOptions): Promise<void> {
  await store.change({ credentialId, action, reason, at: at.toISOString() })
}

export interface PublishStatusListsOptions {
  baseUrl: string
  /** The issuer's id (the status list credential's issuer, which verifiers require to match). */
  issuerId: string
  signer: Signer
  /** @default now */
  validFrom?: Date
  /**
   * How long each list is valid (`validUntil` = `validFrom` + this). Verifiers refuse an expired list,
   * so an old signed list cannot be replayed to hide a later revocation: publish again before then.
   * @default 2592000 (30 days)
   */
  validForSeconds?: number
}

/** Default lifetime of a published status list: 30 days. */
export const STATUS_LIST_VALID_FOR_SECONDS = 30 * 24 * 60 * 60

/**
 * Builds and signs a `BitstringStatusListCredential` for every list in the store (W3C Bitstring
 * Status List), valid from `validFrom` for `validForSeconds`.
 * @example
 * const lists = await publishStatusLists(store, { baseUrl, issuerId: key.issuerId, signer, validForSeconds: 7 * 86400 })
 */
export async function publishStatusLists(
  store: IssuerStateStore,
  { baseUrl, issuerId, signer, validFrom = new Date(), validForSeconds = STATUS_LIST_VALID_FOR_SECONDS }: PublishStatusListsOptions,
) {
  if (!(validForSeconds > 0)) throw new RangeError(`validForSeconds must be positive (got ${validForSeconds})`)
  const validUntil = new Date(validFrom.getTime() + validForSeconds * 1000)
  const { createCredential, createList } = await import('@digitalbazaar/vc-bitstring-status-list')
  const published: { listId: string; url: string; credential: Record<string, unknown> }[] = []
  for (const state of await store.lists()) {
    const list = await createList({ length: state.length })
    for (const index of state.set) list.setStatus(index, true)
    const url = `${baseUrl.replace(/\/+$/, '')}/${state.listId}`
    const unsigned = { ...(await createCredential({ id: url, list, statusPurpose: state.purpose })), issuer: issuerId, validFrom: toDateTime(validFrom), validUntil: toDateTime(validUntil) }
    published.push({ listId: state.listId, url, credential: await addDataIntegrityProof(unsigned, { signer, created: validFrom }) })
  }
  return published
}
