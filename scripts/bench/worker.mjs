// One benchmark measurement in a fresh worker thread, so the raw stack and microcred never share
// module state (jsonld caches, hooks). Reports ops/s over `ms` after a warm-up.
import { parentPort, workerData } from 'node:worker_threads'
import { credentialFor, date, did, dist, privateJwk, verificationMethod } from './fixtures.mjs'
import { rawStack } from './raw-stack.mjs'

const { metric, side, ms, signed, jwt, statusBadge, statusList } = workerData
// Issuance signs a different educator's credential each time (see credentialFor).
const cohort = Array.from({ length: 1000 }, (_, i) => credentialFor(i))
let turn = 0
const nextCredential = () => cohort[turn++ % cohort.length]

async function rate(fn) {
  for (let i = 0; i < 30; i++) await fn()
  let n = 0
  const start = performance.now()
  while (performance.now() - start < ms) {
    await fn()
    n++
  }
  return n / ((performance.now() - start) / 1000)
}

async function run() {
  if (side === 'baseline') {
    if (metric === 'di-issue') {
      const raw = await rawStack()
      return rate(() => raw.issue(nextCredential()))
    }
    if (metric === 'di-verify') {
      const raw = await rawStack()
      return rate(async () => {
        const result = await raw.verify(signed)
        if (!result.verified) throw new Error('baseline failed to verify')
      })
    }
    if (metric === 'di-verify-status') {
      // The raw stack's status check: @digitalbazaar/vc-bitstring-status-list verifies the list's proof and
      // issuer and inflates its bits for every badge (it keeps nothing between calls).
      const { checkStatus } = await import('@digitalbazaar/vc-bitstring-status-list')
      const raw = await rawStack({ documents: new Map([[statusList.id, statusList]]), checkStatus })
      return rate(async () => {
        const result = await raw.verify(statusBadge)
        if (!result.verified || result.statusResult?.results?.[0]?.status !== false) throw new Error('baseline failed to verify the status badge')
      })
    }
    const jose = await import('jose')
    if (metric === 'jwt-issue') {
      const key = await jose.importJWK(privateJwk, 'EdDSA')
      return rate(() => {
        const c = nextCredential()
        const payload = { ...c, iss: did, jti: c.id, sub: c.credentialSubject.id, nbf: 1767225600 }
        return new jose.SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: verificationMethod, typ: 'JWT' }).sign(key)
      })
    }
    if (metric === 'jwt-verify') {
      const key = await jose.importJWK({ kty: 'OKP', crv: 'Ed25519', x: privateJwk.x }, 'EdDSA')
      return rate(() => jose.jwtVerify(jwt, key, { algorithms: ['EdDSA'], currentDate: date }))
    }
  } else {
    const ours = await import(dist)
    const signer = await ours.signerFromJwk(privateJwk, { id: verificationMethod })
    if (metric === 'di-issue') return rate(() => ours.signDataIntegrity(nextCredential(), { signer, created: date }))
    if (metric === 'di-verify')
      return rate(async () => {
        if (!(await ours.verifyBadge(signed, { now: date })).verified) throw new Error('ours failed to verify')
      })
    if (metric === 'di-verify-status') {
      // One verifier: its status list cache verifies and decodes the shared list once.
      const statusListCache = ours.createStatusListCache()
      const statusLists = new Map([[statusList.id, statusList]])
      return rate(async () => {
        const report = await ours.verifyBadge(statusBadge, { now: date, statusLists, statusListCache })
        if (!report.verified || report.checks.find((c) => c.id === 'status')?.status !== 'passed') throw new Error('ours failed to verify the status badge')
      })
    }
    if (metric === 'jwt-issue') return rate(() => ours.signVcJwt(nextCredential(), { signer, checkJsonLd: false }))
    if (metric === 'jwt-issue-jsonld') return rate(() => ours.signVcJwt(nextCredential(), { signer }))
    if (metric === 'jwt-verify')
      return rate(async () => {
        if (!(await ours.verifyBadge(jwt, { now: date })).verified) throw new Error('ours failed to verify the JWT')
      })
    if (metric === 'di-issue-pool' || metric === 'di-verify-pool') {
      const pool = await ours.createCredentialPool({ size: 2, signingKey: { privateJwk, verificationMethod } })
      const task = metric === 'di-issue-pool' ? () => pool.sign(nextCredential(), { created: date }) : () => pool.verify(signed, { now: date })
      // Keep both workers busy: a bounded number of tasks in flight.
      const inFlight = 32
      const loop = async (until) => {
        let n = 0
        const lanes = Array.from({ length: inFlight }, async () => {
          while (performance.now() < until) {
            await task()
            n++
          }
        })
        await Promise.all(lanes)
        return n
      }
      await loop(performance.now() + 300)
      const start = performance.now()
      const n = await loop(start + ms)
      const result = n / ((performance.now() - start) / 1000)
      await pool.close()
      return result
    }
  }
  throw new Error(`unknown ${side} ${metric}`)
}

parentPort.postMessage(await run())
