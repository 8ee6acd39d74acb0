// Fuzz: thousands of mutations of signed badges (field deletions, value replacements and swaps,
// added keys, type changes, character flips in proofValue and JWT segments). verifyBadge must never
// throw and never accept a mutation. FUZZ_RUNS scales it; `npm run fuzz -- 100000` runs 100k.
import { beforeAll, describe, expect, it } from 'vitest'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { fuzzBadges } from '../helpers/fuzz.js'
import { issuer, awardedCredential } from '../helpers/issue.js'
import { sameSignedGraph } from '../helpers/mutations.js'

// Per CI run: 1,000 mutations of the small spec-vector credential signed with Data Integrity, 3,000 of
// it as a VC-JWT and 50 of the large micro-credential. About 25 s on a shared 2-core machine.
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000)
let badges: Awaited<ReturnType<typeof fuzzBadges>>

beforeAll(async () => {
  badges = await fuzzBadges()
}, 60_000)

describe('fuzz: mutated signed badges are never accepted and never crash the verifier', () => {
  it.each([
    { name: 'Data Integrity, 1EdTech test-vector credential', which: 'smallDi', runs: RUNS },
    { name: 'VC-JWT, 1EdTech test-vector credential', which: 'smallJwt', runs: RUNS * 3 },
    { name: 'Data Integrity, full micro-credential', which: 'largeDi', runs: Math.ceil(RUNS / 20) },
  ] as const)('$name: $runs mutations', async ({ which, runs }) => {
    const tally = await badges[which](runs)
    expect(tally.crashes).toEqual([])
    expect(tally.accepted).toEqual([])
    expect(tally.runs + tally.skipped).toBe(runs)
    expect(tally.runs).toBeGreaterThan(runs * 0.7)
  }, 600_000)
})

describe('the fuzz oracle', () => {
  it('tells a reordered type set (the same signed graph, rightly accepted) from a changed name', async () => {
    const { key, signer } = await issuer()
    const signed = (await signDataIntegrity(await awardedCredential(key), { signer })) as unknown as Record<string, unknown>
    const reordered = { ...signed, type: [...(signed.type as string[])].reverse() }
    expect((await verifyBadge(reordered)).verified).toBe(true)
    expect(await sameSignedGraph(signed, reordered)).toBe(true)
    const renamed = { ...signed, name: 'Forged' }
    expect((await verifyBadge(renamed)).verified).toBe(false)
    expect(await sameSignedGraph(signed, renamed)).toBe(false)
  }, 60_000)
})
