/** Why a credential's status bit may be set: W3C Bitstring Status List purposes microcred issues. */
export type StatusPurpose = 'revocation' | 'suspension'

/** Where a credential's status lives: list, index, purpose. */
export interface StatusAllocation {
  credentialId: string
  listId: string
  index: number
  purpose: StatusPurpose
}

export type StatusAction = 'revoke' | 'suspend' | 'unsuspend'

export interface StatusChange {
  credentialId: string
  action: StatusAction
  reason: string
  at: string
}

/** The status bits of one list, for publishing. */
export interface StatusListState {
  listId: string
  purpose: StatusPurpose
  length: number
  /** Indexes whose bit is set. */
  set: number[]
}

/**
 * The issuer's status state, behind an interface so a platform can back it with its own database.
 * Implementations must make every returned allocation and every accepted change durable before
 * resolving: a crash may waste an index, never reuse one or lose a change. microcred ships
 * `DirectoryStore` (a local directory) and `PostgresStore` (`microcred/postgres`); both pass one
 * contract test suite.
 */
export interface IssuerStateStore {
  /** Allocates one entry per credential (idempotent: a credential keeps its first allocation). */
  allocate(requests: readonly { credentialId: string; purpose: StatusPurpose }[]): Promise<StatusAllocation[]>
  find(credentialId: string): Promise<StatusAllocation | undefined>
  /** Applies a change; throws `ERR_OB_INPUT_INVALID` for an impossible one (unknown credential, unsuspending a revoked one). */
  change(change: StatusChange): Promise<void>
  /** Every list and its set bits. */
  lists(): Promise<StatusListState[]>
  history(credentialId?: string): Promise<StatusChange[]>
}
