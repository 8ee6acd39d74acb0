// The full kill test: npx tsx scripts/queue/kill.ts [jobs=2000] [rounds=3] [workers=3]
// Each round issues a fresh cohort through the queue while worker processes are SIGKILLed at random
// moments, then compares everything (see kill-scenario.ts). Needs Redis on 127.0.0.1:6379 and, for
// the PostgreSQL store, MICROCRED_KILL_STATE=postgres://…?schema=NAME_PREFIX (a directory store otherwise).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dropState, runKillScenario } from './kill-scenario.js'
import { plainVerify } from '../../test/helpers/plain-vc.js'

const [jobs = 2000, rounds = 3, workers = 3] = process.argv.slice(2).map(Number)
const redis = process.env.MICROCRED_REDIS_URL ?? 'redis://127.0.0.1:6379'
let failed = false
for (let round = 1; round <= rounds; round++) {
  const dir = mkdtempSync(join(tmpdir(), 'microcred-kill-'))
  const pgBase = process.env.MICROCRED_KILL_STATE
  const state = pgBase ? `${pgBase}_${round}_${Date.now().toString(36)}` : join(dir, 'state')
  try {
    const report = await runKillScenario({
      jobs,
      workers,
      redis,
      state,
      out: join(dir, 'out'),
      plainVerify: async (credential, statusLists) => (await plainVerify(credential, new Date('2026-11-01T00:00:00Z'), statusLists)).verified,
      log: (line) => process.stderr.write(`  ${line}\n`),
    })
    const { problems, ...figures } = report
    console.log(JSON.stringify({ round, ...figures, problems: problems.length }))
    for (const problem of problems.slice(0, 20)) console.log(`  problem: ${problem}`)
    if (problems.length > 0) failed = true
  } finally {
    await dropState(state)
    rmSync(dir, { recursive: true, force: true })
  }
}
process.exitCode = failed ? 1 : 0
