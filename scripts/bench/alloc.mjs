// Bytes allocated per Data Integrity issuance: run with a young generation large enough that no GC
// runs during the measured loop, so the heap growth is the allocation.
import { credential, date, dist, privateJwk, verificationMethod } from './fixtures.mjs'

const ours = await import(dist)
const signer = await ours.signerFromJwk(privateJwk, { id: verificationMethod })
for (let i = 0; i < 50; i++) await ours.signDataIntegrity(credential, { signer, created: date })
globalThis.gc()
const n = 100
const before = process.memoryUsage().heapUsed
for (let i = 0; i < n; i++) await ours.signDataIntegrity(credential, { signer, created: date })
const after = process.memoryUsage().heapUsed
console.log(((after - before) / n / 1024).toFixed(1))
