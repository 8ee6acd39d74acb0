// A signing/verifying worker of the pool (node:worker_threads). Holds the imported key for its life.
import { parentPort, workerData } from 'node:worker_threads'
import type { OpenBadgeCredential } from '../credential/types.js'
import type { PrivateJwk } from '../keys/jwk.js'
import { signDataIntegrity } from '../sign/data-integrity.js'
import { type Signer, signerFromJwk } from '../sign/signer.js'
import type { BadgeInput } from '../verify/parse-input.js'
import { type VerifyBadgeOptions, verifyBadge } from '../verify/verify-badge.js'

export type PoolTask =
  | { id: number; kind: 'sign'; credential: OpenBadgeCredential; created?: string }
  | { id: number; kind: 'verify'; input: BadgeInput; options?: Omit<VerifyBadgeOptions, 'remote'> & { now?: Date } }

const { privateJwk, verificationMethod } = workerData as { privateJwk?: PrivateJwk; verificationMethod?: string }
const signer: Promise<Signer> | undefined = privateJwk && verificationMethod ? signerFromJwk(privateJwk, { id: verificationMethod }) : undefined

parentPort!.on('message', async (task: PoolTask) => {
  try {
    if (task.kind === 'sign') {
      if (!signer) throw new TypeError('this pool was created without a signing key')
      const signed = await signDataIntegrity(task.credential, { signer: await signer, ...(task.created ? { created: new Date(task.created) } : {}) })
      parentPort!.postMessage({ id: task.id, ok: true, value: signed })
    } else {
      const report = await verifyBadge(task.input, task.options ?? {})
      const errors = report.errors.map((e) => ({ code: e.code, message: e.message }))
      parentPort!.postMessage({ id: task.id, ok: true, value: { ...report, errors } })
    }
  } catch (error) {
    const e = error as { code?: string; message?: string; problems?: unknown }
    parentPort!.postMessage({ id: task.id, ok: false, error: { code: e.code, message: e.message ?? String(error), problems: e.problems } })
  }
})
