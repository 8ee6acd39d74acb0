// A signing/verifying worker of the pool (node:worker_threads). Holds the imported key for its life.
import { parentPort, workerData } from 'node:worker_threads'
import type { OpenBadgeCredential } from '../credential/types.js'
import type { PrivateJwk } from '../keys/jwk.js'
import { signDataIntegrity } from '../sign/data-integrity.js'
import { type Signer, signerFromJwk } from '../sign/signer.js'
import type { BadgeInput } from '../verify/parse-input.js'
import { keyPolicyOf } from '../verify/key-policy.js'
import { createStatusListCache, type StatusListCache } from '../verify/status-list-cache.js'
import { type VerifyBadgeOptions, verifyBadge } from '../verify/verify-badge.js'

/** A task as JSON: dates as ISO strings, maps as entry lists, bytes as base64. */
export type PoolTask =
  | { id: number; kind: 'sign'; credential: OpenBadgeCredential; created?: string }
  | {
      id: number
      kind: 'verify'
      input: Exclude<BadgeInput, Uint8Array | ArrayBuffer> | { base64: string }
      options: Omit<VerifyBadgeOptions, 'remote' | 'documentCache' | 'now' | 'statusLists' | 'documents'> & {
        now?: string
        statusLists?: [string, unknown][]
        documents?: [string, unknown][]
      }
    }

const { privateJwk, verificationMethod } = workerData as { privateJwk?: PrivateJwk; verificationMethod?: string }
const signer: Promise<Signer> | undefined = privateJwk && verificationMethod ? signerFromJwk(privateJwk, { id: verificationMethod }) : undefined
// Badges that share a status list verify its proof once per worker. A list is cached after key
// binding under its task's pins and mode, so each key policy has its own cache: a task pinning other
// keys must not be served a list that only another task's pins vouched for.
const statusListCaches = new Map<string, StatusListCache>()
const MAX_POLICIES = 8

function statusListCacheFor(options: Parameters<typeof keyPolicyOf>[0]): StatusListCache {
  const policy = keyPolicyOf(options)
  const cache = statusListCaches.get(policy) ?? createStatusListCache()
  // Map order is insertion order: re-inserting marks it most recently used.
  statusListCaches.delete(policy)
  statusListCaches.set(policy, cache)
  while (statusListCaches.size > MAX_POLICIES) statusListCaches.delete(statusListCaches.keys().next().value as string)
  return cache
}

// Tasks and results cross threads as JSON text: copying one string is cheaper than structured-cloning
// a deep object graph, and a signed credential's text is what callers store and bake anyway.
parentPort!.on('message', async (message: string) => {
  const task = JSON.parse(message) as PoolTask
  try {
    if (task.kind === 'sign') {
      if (!signer) throw new TypeError('this pool was created without a signing key')
      const signed = await signDataIntegrity(task.credential, { signer: await signer, ...(task.created ? { created: new Date(task.created) } : {}) })
      parentPort!.postMessage({ id: task.id, ok: true, text: JSON.stringify(signed) })
    } else {
      const { now, statusLists, documents, ...rest } = task.options
      const input = typeof task.input === 'object' && 'base64' in task.input ? Buffer.from(task.input.base64 as string, 'base64') : task.input
      const report = await verifyBadge(input as BadgeInput, {
        ...rest,
        statusListCache: statusListCacheFor(rest),
        ...(now ? { now: new Date(now) } : {}),
        ...(statusLists ? { statusLists: new Map(statusLists) } : {}),
        ...(documents ? { documents: new Map(documents) } : {}),
      })
      const errors = report.errors.map((e) => ({ code: e.code, message: e.message }))
      parentPort!.postMessage({ id: task.id, ok: true, text: JSON.stringify({ ...report, errors }) })
    }
  } catch (error) {
    const e = error as { code?: string; message?: string; problems?: unknown }
    // Through JSON so only plain data crosses (problems may hold class instances).
    parentPort!.postMessage({ id: task.id, ok: false, error: JSON.parse(JSON.stringify({ code: e.code, message: e.message ?? String(error), problems: e.problems })) })
  }
})
