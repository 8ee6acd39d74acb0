// Exactly-once effects under SIGKILL: worker processes are killed at random points of a run and
// replaced; afterwards every educator has exactly one credential id, one status entry and one
// output, all consistent, and every credential verifies. The CI size is MICROCRED_KILL_JOBS (300 by
// default, ~1-2 min on a busy 2-core machine); `npx tsx scripts/queue/kill.ts 2000 3` runs the full size.
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dropState, runKillScenario } from '../../scripts/queue/kill-scenario.js'
import { plainVerify } from '../helpers/plain-vc.js'
import { probePostgres, randomSchema, stateUrl } from '../helpers/postgres.js'
import { REDIS, redisAvailable, tempDir } from './fixtures.js'

const JOBS = Number(process.env.MICROCRED_KILL_JOBS ?? 300)
const postgres = redisAvailable ? await probePostgres() : { available: false }

describe.skipIf(!redisAvailable)('queue under SIGKILL', () => {
  it(`${JOBS} jobs, 3 worker processes, killed at random points: 0 lost, 0 duplicated, all consistent and verifying (${postgres.available ? 'PostgreSQL' : 'directory'} store)`, { timeout: 600_000 }, async () => {
    const dir = tempDir('kill')
    const state = postgres.available ? stateUrl(randomSchema('mc_qkill')) : join(dir, 'state')
    try {
      const report = await runKillScenario({
        jobs: JOBS,
        workers: 3,
        kills: Math.max(4, Math.round(JOBS / 50)),
        redis: REDIS,
        state,
        out: join(dir, 'out'),
        plainVerify: async (credential, statusLists) => (await plainVerify(credential, new Date('2026-11-01T00:00:00Z'), statusLists)).verified,
        plainSample: 10,
      })
      console.log(`kill test: ${JSON.stringify({ ...report, problems: report.problems.length })}`)
      expect(report.problems).toEqual([])
      expect(report.kills).toBeGreaterThanOrEqual(4)
      expect(report).toMatchObject({
        completed: JOBS,
        failed: 0,
        outputs: JOBS,
        distinctCredentialIds: JOBS,
        distinctStatusEntries: JOBS,
        storeEntries: JOBS,
        verified: JOBS,
        plainVerified: 10,
      })
    } finally {
      await dropState(state)
      await rm(dir, { recursive: true, force: true })
    }
  })
})
