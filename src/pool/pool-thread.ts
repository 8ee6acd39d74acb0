import { Worker } from 'node:worker_threads'
import type { ObErrorCode } from '../errors.js'
import { obError } from '../internal/ob-error.js'
import type { PrivateJwk } from '../keys/jwk.js'

/** A task handed to a worker, waiting for its reply (JSON text). */
export type Pending = { resolve: (text: string) => void; reject: (error: unknown) => void }

/** One worker thread of a pool, with the tasks it holds by id; a worker that stopped is no longer `alive`. */
export interface PoolThread {
  worker: Worker
  pending: Map<number, Pending>
  alive: boolean
}

type Reply = { id: number; ok: boolean; text?: string; error?: { code?: ObErrorCode; message: string; problems?: unknown } }

/**
 * Starts a pool worker holding `signingKey` (if any). Each reply settles its task; a worker that
 * crashed or exited fails what it held with the reason. `onFree` runs whenever it has room for more.
 */
export function startPoolThread(signingKey: { privateJwk: PrivateJwk; verificationMethod: string } | undefined, onFree: () => void): PoolThread {
  const worker = spawn(signingKey ?? {})
  const pending = new Map<number, Pending>()
  const thread: PoolThread = { worker, pending, alive: true }
  worker.on('message', (message: Reply) => {
    const task = pending.get(message.id)
    if (!task) return
    pending.delete(message.id)
    onFree()
    if (message.ok) task.resolve(message.text as string)
    else task.reject(Object.assign(obError(message.error?.code ?? 'ERR_OB_GENERIC', message.error?.message ?? 'worker task failed'), message.error?.problems ? { problems: message.error.problems } : {}))
  })
  // A worker that crashed or exited takes no more tasks; what it held fails with the reason.
  const retire = (error: unknown) => {
    thread.alive = false
    for (const task of pending.values()) task.reject(error)
    pending.clear()
    onFree()
  }
  worker.on('error', retire)
  worker.on('exit', (code) => retire(obError('ERR_OB_GENERIC', `a pool worker exited (code ${code})`)))
  return thread
}

/** The worker script: built, `pool/pool-worker.js` beside the bundle; from source (tests, tsx), the TypeScript through tsx's ESM loader. */
function spawn(workerData: object): Worker {
  const fromSource = import.meta.url.endsWith('.ts')
  const script = new URL(fromSource ? './pool-worker.ts' : './pool/pool-worker.js', import.meta.url)
  return fromSource
    ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}) })`, { eval: true, workerData })
    : new Worker(script, { workerData })
}
