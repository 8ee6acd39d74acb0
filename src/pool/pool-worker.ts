// A signing/verifying worker of the pool (node:worker_threads). Holds the imported key for its life.
import { parentPort, workerData } from 'node:worker_threads'
import type { OpenBadgeCredential } from '../credential/types.js'
import type { PrivateJwk } from '../keys/jwk.js'
import { signDataIntegrity } from '../sign/data-integrity.js'
import { type Signer, signerFromJwk } from '../sign/signer.js'
import type { BadgeInput } from '../verify/parse-input.js'
import { createStatusListCache } from '../verify/status-list-cache.js'
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
// One verifier per worker: badges that share a status list verify its proof once.
const statusListCache = createStatusListCache()

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
        statusListCache,
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
