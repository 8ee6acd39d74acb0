import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseRoster } from '../../src/batch/roster.js'
import { issuanceStatus, obliterateIssuanceQueue } from '../../src/queue/events.js'
import { ROOT } from '../helpers/examples.js'
import { redisAnswers, requireService } from '../helpers/services.js'

export const REDIS = 'redis://127.0.0.1:6379'
export const STATUS_BASE = 'https://district.example.org/status'
/** Roster paths are relative to the examples directory. */
export const EXAMPLES = join(ROOT, 'examples')

export const redisAvailable = requireService('Redis', await redisAnswers(), 'start one: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no')

/** A queue of its own on the shared Redis (random prefix), removed by `drop`. */
export function testQueue(label: string) {
  const location = { connection: REDIS, prefix: `mctest-${label}-${randomBytes(4).toString('hex')}`, queueName: 'issuance' }
  return { location, drop: () => obliterateIssuanceQueue(location) }
}

/** `count` awarded educators (with DIDs) for the gestures template, plus `extra` CSV lines. */
export function roster(count: number, extra: string[] = []) {
  const lines = ['name,did,template,awarded,award']
  for (let i = 1; i <= count; i++) lines.push(`Educator ${i},did:example:educator-${i},templates/checking-understanding-gestures.json,yes,`)
  return parseRoster(`${[...lines, ...extra].join('\n')}\n`)
}

export const tempDir = (label: string) => mkdtempSync(join(tmpdir(), `microcred-${label}-`))

/** Resolves once no job is waiting, active or delayed (polling), or rejects after `ms`. */
export async function drained(location: ReturnType<typeof testQueue>['location'], ms = 60_000) {
  const deadline = Date.now() + ms
  for (;;) {
    const status = await issuanceStatus(location, { failures: 100 })
    if (status.waiting + status.active + status.delayed === 0) return status
    if (Date.now() > deadline) throw new Error(`queue not drained after ${ms} ms: ${JSON.stringify(status)}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}
