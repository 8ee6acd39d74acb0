// A 10,000-educator cohort: status entry + Data Integrity signature (worker pool) + baked PNG, in memory.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { date, dist, privateJwk, variantsOf, verificationMethod } from './fixtures.mjs'

// `node cohort.mjs <size> spec`: the 1EdTech test vector's credential instead of the micro-credential.
const size = Number(process.argv[2] ?? 10_000)
const credentialFor = variantsOf(process.argv[3])
const credential = credentialFor(0)
const ours = await import(dist)
const bake = await import(new URL('../../dist/bake/index.js', import.meta.url).href)
const png = await bake.renderPng(bake.renderBadgeSvg({ title: credential.name, area: 'Formative Assessment', issuerName: 'District' }))
const pool = await ours.createCredentialPool({ size: 2, signingKey: { privateJwk, verificationMethod } })
await Promise.all(Array.from({ length: 64 }, () => pool.sign(credential, { created: date }))) // warm the workers
const start = performance.now()
const cpuStart = process.cpuUsage()
const store = await ours.DirectoryStore.open(mkdtempSync(join(tmpdir(), 'microcred-cohort-')))
const ids = Array.from({ length: size }, (_, i) => credentialFor(i).id)
const allocations = await store.allocate(ids.map((credentialId) => ({ credentialId, purpose: 'revocation' })))
const bakeInto = bake.pngBaker(png)
let next = 0
let bytes = 0
await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (next < size) {
      const i = next++
      const c = { ...credentialFor(i), credentialStatus: ours.statusEntryOf(allocations[i], 'https://district.example.org/status') }
      const text = await pool.signText(c, { created: date })
      bytes += bakeInto(text).byteLength
    }
  }),
)
const seconds = (performance.now() - start) / 1000
const cpu = process.cpuUsage(cpuStart)
await pool.close()
console.log(JSON.stringify({ seconds: Number(seconds.toFixed(2)), badges: size, megabytes: Number((bytes / 1e6).toFixed(1)), cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)) }))
