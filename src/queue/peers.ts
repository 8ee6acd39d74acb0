import type * as BullMQ from 'bullmq'
import type * as IORedis from 'ioredis'
import { importPeer, type PeerFeature } from '../internal/peer-dependency.js'

const QUEUE: PeerFeature = { feature: 'the issuance queue (microcred/queue, microcred queue)', packages: ['bullmq', 'ioredis'] }

// Loaded when microcred/queue is imported (top-level await), not at first use: every function of the
// entry needs them, and createIssuanceWorker is synchronous. A static import would fail before any
// code of ours runs, with Node's error instead of the install command. ioredis first: bullmq
// requires it, and its failure there would not name what to install.
export const ioredis: typeof IORedis = await importPeer('ioredis', QUEUE, () => import('ioredis'))
export const bullmq: typeof BullMQ = await importPeer('bullmq', QUEUE, () => import('bullmq'))
