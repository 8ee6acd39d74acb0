// The fuzz property shared by test/verify/fuzz.test.ts and `npm run fuzz -- N`: mutate a signed
// badge (Data Integrity or VC-JWT), verify it, and require that verifyBadge never throws and never
// accepts a mutation that changed what was signed.
import fc from 'fast-check'
import type { OpenBadgeCredential } from '../../src/credential/types.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { signVcJwt } from '../../src/sign/vc-jwt.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { awardedCredential, issuer } from './issue.js'
import { TEST_VECTOR, testVectorSigner } from './keys.js'
import { jwtMutationArbitrary, type Mutation, mutateCredential, mutateJwt, mutationArbitrary, sameSignedGraph } from './mutations.js'

export interface FuzzTally {
  runs: number
  skipped: number
  accepted: { mutation: Mutation; input: unknown }[]
  crashes: { mutation: Mutation; error: string }[]
}

const NOW = new Date('2026-11-01T00:00:00Z')

async function check(input: Record<string, unknown> | string, mutation: Mutation, tally: FuzzTally, original?: Record<string, unknown>) {
  tally.runs++
  let verified: boolean
  try {
    const report = await verifyBadge(input, { now: NOW })
    verified = report.verified
    if (!verified && report.errors.length === 0) throw new Error('a failed report without errors')
  } catch (error) {
    tally.crashes.push({ mutation, error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
    return false
  }
  // Accepted: only if nothing signed changed (JSON-LD reads the two documents as one graph). A
  // mutation given as JSON text is judged like the same mutation given as an object.
  const asObject = typeof input === 'string' && original ? (JSON.parse(input) as Record<string, unknown>) : input
  if (verified && !(original && typeof asObject === 'object' && (await sameSignedGraph(original, asObject)))) {
    tally.accepted.push({ mutation, input })
    return false
  }
  return true
}

/** Runs `runs` mutations of a signed Data Integrity badge; returns the tally. */
export async function fuzzDataIntegrity(signed: OpenBadgeCredential, runs: number, seed?: number): Promise<FuzzTally> {
  const tally: FuzzTally = { runs: 0, skipped: 0, accepted: [], crashes: [] }
  const original = signed as unknown as Record<string, unknown>
  await fc.assert(
    fc.asyncProperty(mutationArbitrary, fc.boolean(), async (mutation, asText) => {
      const mutated = mutateCredential(original as never, mutation) as Record<string, unknown> | undefined
      if (mutated === undefined) {
        tally.skipped++
        return true
      }
      return check(asText ? JSON.stringify(mutated) : mutated, mutation, tally, original)
    }),
    { numRuns: runs, ...(seed === undefined ? {} : { seed }), endOnFailure: true },
  ).catch(() => {})
  return tally
}

/** Runs `runs` mutations of a signed VC-JWT; returns the tally. */
export async function fuzzJwt(jwt: string, runs: number, seed?: number): Promise<FuzzTally> {
  const tally: FuzzTally = { runs: 0, skipped: 0, accepted: [], crashes: [] }
  await fc.assert(
    fc.asyncProperty(jwtMutationArbitrary, async (mutation) => {
      const mutated = mutateJwt(jwt, mutation)
      if (mutated === undefined) {
        tally.skipped++
        return true
      }
      return check(mutated, mutation, tally)
    }),
    { numRuns: runs, ...(seed === undefined ? {} : { seed }), endOnFailure: true },
  ).catch(() => {})
  return tally
}

/**
 * The badges fuzzed: the 1EdTech test vector's small credential (issued by the test key's did:key)
 * signed both ways, and the full micro-credential. Each entry runs N mutations.
 */
export async function fuzzBadges(seed?: number) {
  const did = `did:key:${TEST_VECTOR.keyPair.publicKeyMultibase}`
  const signer = await testVectorSigner(`${did}#${TEST_VECTOR.keyPair.publicKeyMultibase}`)
  const small = { ...TEST_VECTOR.unsignedCredential, issuer: { ...TEST_VECTOR.unsignedCredential.issuer, id: did }, validFrom: '2026-01-01T00:00:00Z' } as OpenBadgeCredential
  const created = new Date('2026-10-10T12:00:00Z')
  const smallDi = await signDataIntegrity(small, { signer, created })
  const smallJwt = await signVcJwt(small, { signer })
  const { key, signer: issuerSigner } = await issuer()
  const largeDi = await signDataIntegrity(await awardedCredential(key), { signer: issuerSigner, created })
  return {
    smallDi: (runs: number) => fuzzDataIntegrity(smallDi, runs, seed),
    smallJwt: (runs: number) => fuzzJwt(smallJwt, runs, seed),
    largeDi: (runs: number) => fuzzDataIntegrity(largeDi, runs, seed),
  }
}
