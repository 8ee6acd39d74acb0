import type { Redis, RedisOptions } from 'ioredis'
import { ioredis } from './peers.js'

/** A Redis server: a `redis://` or `rediss://` URL, or ioredis options. */
export type RedisConnection = string | RedisOptions

/** Where a queue lives: the Redis server, the queue's name, and the prefix of all its keys. */
export interface QueueLocation {
  connection: RedisConnection
  /** @default 'microcred-issuance' */
  queueName?: string
  /** Prefix of every Redis key of the queue (one per deployment or test run). @default 'microcred' */
  prefix?: string
}

export const DEFAULT_QUEUE_NAME = 'microcred-issuance'
export const DEFAULT_PREFIX = 'microcred'

/** A new ioredis client; BullMQ's blocking commands need `maxRetriesPerRequest: null`. */
export function redisClient(connection: RedisConnection): Redis {
  // The cast: ioredis 6's own option types do not compile under exactOptionalPropertyTypes.
  return typeof connection === 'string' ? new ioredis.Redis(connection, { maxRetriesPerRequest: null }) : new ioredis.Redis({ ...connection, maxRetriesPerRequest: null } as RedisOptions & { replyMapping: never })
}

/** Redis hash holding each template's JSON text by its SHA-256, beside the queue's own keys. */
export function templatesKey({ queueName = DEFAULT_QUEUE_NAME, prefix = DEFAULT_PREFIX }: Omit<QueueLocation, 'connection'>): string {
  return `${prefix}:${queueName}:microcred-templates`
}
