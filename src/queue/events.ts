import type { Queue } from 'bullmq'
import { DEFAULT_PREFIX, DEFAULT_QUEUE_NAME, type QueueLocation, redisClient, templatesKey } from './connection.js'
import type { IssuanceJobData } from './job-data.js'
import { bullmq } from './peers.js'
import type { IssuanceProgress, IssuanceResult } from './worker.js'

export interface WatchIssuanceHandlers {
  onProgress?: (jobId: string, progress: IssuanceProgress) => void
  onCompleted?: (jobId: string, result: IssuanceResult) => void
  /** Each failed try; `reason` starts with the `ERR_OB_*` code for bad input (failed for good, no retry). */
  onFailed?: (jobId: string, reason: string) => void
}

/**
 * Follows a queue's issuance from any process (a dashboard, the CLI) through BullMQ's QueueEvents.
 * @example
 * const watch = await watchIssuance({ connection }, { onCompleted: (id, r) => console.log(r.educator, r.credentialId) })
 * await watch.close()
 */
export async function watchIssuance(location: QueueLocation, handlers: WatchIssuanceHandlers): Promise<{ close(): Promise<void> }> {
  const redis = redisClient(location.connection)
  const events = new bullmq.QueueEvents(location.queueName ?? DEFAULT_QUEUE_NAME, { connection: redis, prefix: location.prefix ?? DEFAULT_PREFIX })
  if (handlers.onProgress) {
    const onProgress = handlers.onProgress
    events.on('progress', ({ jobId, data }) => onProgress(jobId, data as IssuanceProgress))
  }
  if (handlers.onCompleted) {
    const onCompleted = handlers.onCompleted
    events.on('completed', ({ jobId, returnvalue }) => onCompleted(jobId, (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as IssuanceResult))
  }
  if (handlers.onFailed) {
    const onFailed = handlers.onFailed
    events.on('failed', ({ jobId, failedReason }) => onFailed(jobId, failedReason))
  }
  await events.waitUntilReady()
  return {
    close: async () => {
      await events.close()
      redis.disconnect()
    },
  }
}

/** Jobs per state. */
export interface IssuanceCounts {
  waiting: number
  active: number
  delayed: number
  completed: number
  failed: number
}

/** How many jobs are in each state, and the terminal failures with their reasons. */
export async function issuanceStatus(location: QueueLocation, { failures = 20 }: { failures?: number } = {}): Promise<IssuanceCounts & { failures: { jobId: string; row?: number; name?: string; reason: string }[] }> {
  return withQueue(location, async (queue) => {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized')
    const failed = failures > 0 ? await queue.getFailed(0, failures - 1) : []
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
      // A failed job's data may be what made it fail: read it defensively.
      failures: failed.map((job) => {
        const row = (job.data as Partial<IssuanceJobData> | undefined)?.row
        return { jobId: job.id ?? '', ...(typeof row?.row === 'number' ? { row: row.row } : {}), ...(typeof row?.name === 'string' ? { name: row.name } : {}), reason: job.failedReason }
      }),
    }
  })
}

/** Deletes the queue, its jobs and its stored templates (not the issued output or the status store). */
export async function obliterateIssuanceQueue(location: QueueLocation): Promise<void> {
  await withQueue(location, async (queue, redis) => {
    await queue.obliterate({ force: true })
    await redis.del(templatesKey({ queueName: location.queueName ?? DEFAULT_QUEUE_NAME, prefix: location.prefix ?? DEFAULT_PREFIX }))
  })
}

async function withQueue<T>(location: QueueLocation, run: (queue: Queue<IssuanceJobData>, redis: ReturnType<typeof redisClient>) => Promise<T>): Promise<T> {
  const redis = redisClient(location.connection)
  const queue = new bullmq.Queue<IssuanceJobData>(location.queueName ?? DEFAULT_QUEUE_NAME, { connection: redis, prefix: location.prefix ?? DEFAULT_PREFIX })
  try {
    return await run(queue, redis)
  } finally {
    await queue.close()
    redis.disconnect()
  }
}
