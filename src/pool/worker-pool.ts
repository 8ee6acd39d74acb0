import { availableParallelism } from 'node:os'
import type { OpenBadgeCredential, SignedCredential } from '../credential/types.js'
import type { ObErrorCode } from '../errors.js'
import type { PrivateJwk } from '../keys/jwk.js'
import type { BadgeInput } from '../verify/parse-input.js'
import type { VerificationReport } from '../verify/report.js'
import type { VerifyBadgeOptions } from '../verify/verify-badge.js'
import type { PoolTask } from './pool-worker.js'
import { type PoolThread, startPoolThread } from './pool-thread.js'
import { taskQueue } from './task-queue.js'

export interface CredentialPoolOptions {
  /** @default os.availableParallelism() */
  size?: number
  /**
   * The issuer key, for signing (imported once per worker). Omit for a verify-only pool. Workers
   * cannot receive functions, so a pool signs only with a private JWK; with a `Signer` (KMS, HSM),
   * give it to `issueBatch({ signer })` without a pool: it signs in-process, `concurrency` rows at a time.
   */
  signingKey?: { privateJwk: PrivateJwk; verificationMethod: string }
}

/** Plain-data verification report from a worker (errors as `{ code, message }`). */
export type PooledReport = Omit<VerificationReport, 'errors'> & { errors: { code: ObErrorCode; message: string }[] }

export interface CredentialPool {
  readonly size: number
  /** Signs with Data Integrity (same checks as `signDataIntegrity`) in a worker. */
  sign(credential: OpenBadgeCredential, options?: { created?: Date }): Promise<SignedCredential>
  /**
   * Like `sign`, but resolves to the signed credential as compact JSON text — what is stored or
   * baked — without parsing it on the calling thread (for batches where that thread is the bottleneck).
   */
  signText(credential: OpenBadgeCredential, options?: { created?: Date }): Promise<string>
  /** Verifies in a worker (`remote` fetch functions cannot cross threads and are not accepted). */
  verify(input: BadgeInput, options?: Omit<VerifyBadgeOptions, 'remote' | 'documentCache'>): Promise<PooledReport>
  close(): Promise<void>
}

/**
 * A pool of node:worker_threads, sized to the cores, for batch signing and verification. Tasks go to
 * the least busy worker; each worker holds the imported key and warm JSON-LD caches.
 * @example
 * const pool = await createCredentialPool({ signingKey: { privateJwk: key.privateJwk, verificationMethod: key.verificationMethod } })
 * const signed = await Promise.all(credentials.map((c) => pool.sign(c)))
 * await pool.close()
 */
export async function createCredentialPool({ size = availableParallelism(), signingKey }: CredentialPoolOptions = {}): Promise<CredentialPool> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be a positive integer')
  const threads: PoolThread[] = []
  const queue = taskQueue(threads)
  for (let i = 0; i < size; i++) threads.push(startPoolThread(signingKey, queue.dispatch))
  const run = async <T>(task: TaskOf<'sign'> | TaskOf<'verify'>): Promise<T> => JSON.parse(await queue.runText(task)) as T
  return {
    size,
    sign: (credential, { created } = {}) => run<SignedCredential>(signTask(credential, created)),
    signText: (credential, { created } = {}) => queue.runText(signTask(credential, created)),
    verify: (input, options = {}) => run<PooledReport>(verifyTask(input, options)),
    close: async () => {
      await Promise.all(threads.map((t) => t.worker.terminate()))
    },
  }
}

/** A task as the worker reads it, but for its id (the queue numbers it). */
type TaskOf<K extends PoolTask['kind']> = Omit<Extract<PoolTask, { kind: K }>, 'id'>

function signTask(credential: OpenBadgeCredential, created: Date | undefined): TaskOf<'sign'> {
  return { kind: 'sign', credential, ...(created ? { created: created.toISOString() } : {}) }
}

/** A verification as JSON: bytes as base64, dates as ISO strings, maps as entry lists. */
function verifyTask(input: BadgeInput, { now, statusLists, documents, ...options }: Omit<VerifyBadgeOptions, 'remote' | 'documentCache'>): TaskOf<'verify'> {
  return {
    kind: 'verify',
    input: input instanceof Uint8Array || input instanceof ArrayBuffer ? { base64: Buffer.from(input as Uint8Array).toString('base64') } : input,
    options: {
      ...options,
      ...(now ? { now: now.toISOString() } : {}),
      ...(statusLists ? { statusLists: [...statusLists] } : {}),
      ...(documents ? { documents: [...documents] } : {}),
    },
  }
}
