// microcred/queue: issuance as BullMQ jobs on Redis, for workers on several processes or machines.
// Its own entry because it needs a Redis server and the optional peers bullmq and ioredis, loaded when
// this entry is imported (src/queue/peers.ts): without them the import fails with ERR_OB_DEPENDENCY_MISSING.
export { DEFAULT_PREFIX, DEFAULT_QUEUE_NAME, type QueueLocation, type RedisConnection } from './connection.js'
export { type EnqueueIssuanceOptions, type EnqueueIssuanceResult, enqueueIssuance } from './enqueue.js'
export { type IssuanceCounts, issuanceStatus, obliterateIssuanceQueue, type WatchIssuanceHandlers, watchIssuance } from './events.js'
export { credentialIdOf, type IssuanceJobData, parseIssuanceJob } from './job-data.js'
export { DirectorySink, type IssuedRecord, type OutputSink } from './output-sink.js'
export { createIssuanceWorker, type IssuanceProgress, type IssuanceResult, type IssuanceStage, type IssuanceWorker, type IssuanceWorkerOptions } from './worker.js'
