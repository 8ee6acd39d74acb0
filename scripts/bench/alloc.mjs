// Bytes allocated per Data Integrity issuance: the young generation is made large enough that no GC
// runs during the measured loop (checked with a GC observer), so heap growth is the allocation.
import { PerformanceObserver } from 'node:perf_hooks'
import { date, dist, privateJwk, variantsOf, verificationMethod } from './fixtures.mjs'
import { rawStack } from './raw-stack.mjs'

// `node alloc.mjs raw` measures plain @digitalbazaar/vc on the same credential, for comparison;
// `node alloc.mjs <side> spec` uses the 1EdTech test vector's credential instead of the micro-credential.
// A different educator's credential each time, as in a real cohort (prepared before measuring).
const credentialFor = variantsOf(process.argv[3])
const cohort = Array.from({ length: 1000 }, (_, i) => credentialFor(i))
let turn = 0
const nextCredential = () => cohort[turn++ % cohort.length]
let issue
if (process.argv[2] === 'raw') {
  const raw = await rawStack()
  issue = () => raw.issue(nextCredential())
} else {
  const ours = await import(dist)
  const signer = await ours.signerFromJwk(privateJwk, { id: verificationMethod })
  issue = () => ours.signDataIntegrity(nextCredential(), { signer, created: date })
}
for (let i = 0; i < 50; i++) await issue()
let collections = 0
const observer = new PerformanceObserver((list) => {
  collections += list.getEntries().length
})
observer.observe({ entryTypes: ['gc'] })
// Batches between forced GCs; a batch counts only if no GC ran inside it.
const perOp = []
for (let attempt = 0; attempt < 60 && perOp.length < 20; attempt++) {
  globalThis.gc()
  await new Promise((resolve) => setTimeout(resolve, 5))
  collections = 0
  const batch = 4
  const before = process.memoryUsage().heapUsed
  for (let i = 0; i < batch; i++) await issue()
  const after = process.memoryUsage().heapUsed
  await new Promise((resolve) => setTimeout(resolve, 5))
  if (collections === 0) perOp.push((after - before) / batch)
}
observer.disconnect()
if (perOp.length < 5) throw new Error('could not measure without GC interference; raise --max-semi-space-size')
perOp.sort((a, b) => a - b)
console.log((perOp[Math.floor(perOp.length / 2)] / 1024).toFixed(1))
