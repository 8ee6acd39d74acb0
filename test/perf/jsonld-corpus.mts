// Prints, for a corpus of credentials, the SHA-256 of each canonical N-Quads and an eddsa-rdfc-2022
// proofValue (fixed key and date). Run with and without the jsonld context-sharing hook; the
// outputs must be identical. CORPUS_FROM=dist runs the built package (dist/index.js, its own bundled
// jsonld and hook) instead of the source: there only the proofValue is printed (it signs the
// canonical N-Quads, so equal proofs mean equal canonical forms).
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import jsonld from 'jsonld'
import * as source from '../../src/index.js'
import { installJsonLdContextSharing } from '../../src/internal/jsonld-context-sharing.js'

const root = new URL('../../', import.meta.url).pathname
const fromDist = process.env.CORPUS_FROM === 'dist'
const { addDataIntegrityProof, createDocumentLoader, signerFromJwk } = fromDist
  ? ((await import(new URL('dist/index.js', `file://${root}`).href)) as typeof source)
  : source
// The hook's state is not in the public API; the build has it in dist/diagnostics.js (same chunk as dist/index.js).
const state = fromDist
  ? await ((await import(new URL('dist/diagnostics.js', `file://${root}`).href)) as typeof import('../../src/diagnostics.js')).jsonLdContextSharingStatus()
  : await installJsonLdContextSharing()
const documentLoader = createDocumentLoader()
const corpus: unknown[] = []
for (const dir of ['test/fixtures/spec-examples', 'test/fixtures/validator', 'test/fixtures/validator/status'])
  for (const f of readdirSync(join(root, dir)).filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(join(root, dir, f), 'utf8'))
    corpus.push(doc.decodedPayload ?? doc)
  }
// Generated credentials: deterministic variations of the demo credential shape.
let seed = 42
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed / 0x7fffffff
}
const words = ['Ana', 'Łukasz', '张伟', 'Zoë', 'O’Brien', 'mathematics', 'fractions', 'é', '🚀', 'checking', 'Understanding']
const template = JSON.parse(readFileSync(join(root, 'test/fixtures/generated-credential.json'), 'utf8'))
const count = Number(process.env.CORPUS_SIZE ?? 1000)
for (let i = 0; i < count; i++) {
  const c = structuredClone(template)
  c.id = `urn:uuid:${createHash('sha256').update(String(i)).digest('hex').replace(/^(.{8})(.{4})(.{3})(.{3})(.{12}).*/, '$1-$2-4$3-8$4-$5')}`
  c.name = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => words[Math.floor(rand() * words.length)]).join(' ')
  c.credentialSubject.achievement.description = `${c.name} ${i}`
  c.credentialSubject.result = c.credentialSubject.result.slice(0, 1 + Math.floor(rand() * c.credentialSubject.result.length))
  if (rand() < 0.5) delete c.evidence
  if (rand() < 0.3) c.credentialSubject.achievement.tag = [words[i % words.length], String(i)]
  if (rand() < 0.3) c.validUntil = '2030-01-01T00:00:00Z'
  corpus.push(c)
}
const b64u = (hex: string) => Buffer.from(hex, 'hex').toString('base64url')
const tv = JSON.parse(readFileSync(join(root, 'test/fixtures/test-vectors/eddsa-rdfc-2022-ob-test-vector.json'), 'utf8'))
const signer = await signerFromJwk({ kty: 'OKP', crv: 'Ed25519', d: b64u(tv.keyPair.secretKeyHex.slice(0, 64)), x: b64u(tv.keyPair.publicKeyHex) }, { id: tv.keyPair.id })
const out: string[] = []
for (const doc of corpus) {
  let line: string
  try {
    const { proof: _p, ...unsigned } = doc as Record<string, unknown>
    const signed = await addDataIntegrityProof(unsigned, { signer, created: new Date('2026-01-01T00:00:00Z') })
    if (fromDist) line = String(signed.proof[0]!.proofValue)
    else {
      const nquads = await jsonld.canonize(unsigned, { algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader, safe: true })
      line = `${createHash('sha256').update(nquads).digest('hex')} ${signed.proof[0]!.proofValue}`
    }
  } catch (error) {
    line = `error ${(error as Error).name}`
  }
  out.push(line)
}
console.log(JSON.stringify({ hook: state.active, documents: out.length, lines: out }))
