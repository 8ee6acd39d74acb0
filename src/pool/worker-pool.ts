import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { OpenBadgeCredential, SignedCredential } from '../credential/types.js'
import type { ObErrorCode } from '../errors.js'
import { obError } from '../internal/ob-error.js'
import type { PrivateJwk } from '../keys/jwk.js'
import type { BadgeInput } from '../verify/parse-input.js'
import type { VerificationReport } from '../verify/report.js'
import type { VerifyBadgeOptions } from '../verify/verify-badge.js'

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

/** Tasks in flight per worker: two keep it busy while the main thread handles the last result. */
const PER_WORKER = 2

type Pending = { resolve: (text: string) => void; reject: (error: unknown) => void }

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
  // From source (tests, tsx) the worker is TypeScript: load it through tsx's ESM loader.
  const fromSource = import.meta.url.endsWith('.ts')
  const script = new URL(fromSource ? './pool-worker.ts' : './pool/pool-worker.js', import.meta.url)
  const workers = Array.from({ length: size }, () => {
    const worker = fromSource
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}) })`, {
          eval: true,
          workerData: signingKey ?? {},
        })
      : new Worker(script, { workerData: signingKey ?? {} })
    const pending = new Map<number, Pending>()
    worker.on('message', (message: { id: number; ok: boolean; text?: string; error?: { code?: ObErrorCode; message: string; problems?: unknown } }) => {
      const task = pending.get(message.id)
      if (!task) return
      pending.delete(message.id)
      dispatch()
      if (message.ok) task.resolve(message.text as string)
      else task.reject(Object.assign(obError(message.error?.code ?? 'ERR_OB_GENERIC', message.error?.message ?? 'worker task failed'), message.error?.problems ? { problems: message.error.problems } : {}))
    })
    const entry = { worker, pending, alive: true }
    // A worker that crashed or exited takes no more tasks; what it held fails with the reason.
    const retire = (error: unknown) => {
      entry.alive = false
      for (const task of pending.values()) task.reject(error)
      pending.clear()
      dispatch()
    }
    worker.on('error', retire)
    worker.on('exit', (code) => retire(obError('ERR_OB_GENERIC', `a pool worker exited (code ${code})`)))
    return entry
  })
  let nextId = 0
  // Tasks wait here, not in the workers' ports: each worker holds at most PER_WORKER tasks, so a
  // big batch never piles thousands of messages (and their parsed credentials) into one worker.
  const waiting: { id: number; message: string; pending: Pending }[] = []
  let head = 0 // waiting[head] is the next task: shifting a long queue would be quadratic
  const dispatch = () => {
    const alive = workers.filter((w) => w.alive)
    if (alive.length === 0) {
      for (const task of waiting.splice(head)) task.pending.reject(obError('ERR_OB_GENERIC', 'the credential pool has no running worker'))
      head = 0
      return
    }
    while (head < waiting.length) {
      const target = alive.reduce((a, b) => (b.pending.size < a.pending.size ? b : a))
      if (target.pending.size >= PER_WORKER) break
      const task = waiting[head++]!
      target.pending.set(task.id, task.pending)
      target.worker.postMessage(task.message)
    }
    if (head > 1024 && head * 2 > waiting.length) {
      waiting.splice(0, head)
      head = 0
    }
  }
  // Tasks and results cross threads as JSON text: copying one string is far cheaper than
  // structured-cloning a credential's deep object graph (measured: 2 workers went from 1.3× to 1.7× one thread).
  const runText = (task: Record<string, unknown>): Promise<string> => {
    const id = nextId++
    return new Promise<string>((resolve, reject) => {
      waiting.push({ id, message: JSON.stringify({ ...task, id }), pending: { resolve, reject } })
      dispatch()
    })
  }
  const run = async <T>(task: Record<string, unknown>): Promise<T> => JSON.parse(await runText(task)) as T
  const signTask = (credential: OpenBadgeCredential, created: Date | undefined) => ({ kind: 'sign', credential, ...(created ? { created: created.toISOString() } : {}) })
  return {
    size,
    sign: (credential, { created } = {}) => run<SignedCredential>(signTask(credential, created)),
    signText: (credential, { created } = {}) => runText(signTask(credential, created)),
    verify: (input, { now, statusLists, documents, ...options } = {}) =>
      run<PooledReport>({
        kind: 'verify',
        input: input instanceof Uint8Array || input instanceof ArrayBuffer ? { base64: Buffer.from(input as Uint8Array).toString('base64') } : input,
        options: {
          ...options,
          ...(now ? { now: now.toISOString() } : {}),
          ...(statusLists ? { statusLists: [...statusLists] } : {}),
          ...(documents ? { documents: [...documents] } : {}),
        },
      }),
    close: async () => {
      await Promise.all(workers.map((w) => w.worker.terminate()))
    },
  }
}
