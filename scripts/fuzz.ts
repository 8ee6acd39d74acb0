// npm run fuzz -- [RUNS] [SEED]: the verifier fuzz at scale (default 100,000 mutations per badge
// form; test/verify/fuzz.test.ts runs a few thousand per CI run). Prints the tally as JSON and exits
// 1 when any mutation was accepted or crashed the verifier.
import { fuzzBadges } from '../test/helpers/fuzz.js'

const runs = Number(process.argv[2] ?? 100_000)
const seed = process.argv[3] === undefined ? Date.now() % 2 ** 31 : Number(process.argv[3])
if (!Number.isSafeInteger(runs) || runs <= 0) {
  console.error('usage: npm run fuzz -- [RUNS] [SEED]')
  process.exit(2)
}
const badges = await fuzzBadges(seed)
let failed = false
for (const which of ['smallJwt', 'smallDi', 'largeDi'] as const) {
  const n = which === 'largeDi' ? Math.ceil(runs / 20) : runs
  const started = performance.now()
  const tally = await badges[which](n)
  const seconds = (performance.now() - started) / 1000
  failed ||= tally.accepted.length > 0 || tally.crashes.length > 0
  console.log(JSON.stringify({ badge: which, seed, mutations: n, verified: tally.runs, noOps: tally.skipped, accepted: tally.accepted.length, crashes: tally.crashes.length, seconds: Number(seconds.toFixed(1)) }))
  for (const a of tally.accepted.slice(0, 3)) console.log(JSON.stringify({ accepted: a.mutation }))
  for (const c of tally.crashes.slice(0, 3)) console.log(JSON.stringify({ crash: c.mutation, error: c.error.split('\n')[0] }))
}
process.exitCode = failed ? 1 : 0
