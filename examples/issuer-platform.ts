// For an issuer platform (a district, a PD provider): from an assessed submission to a signed,
// revocable badge and the files you publish. npx tsx examples/issuer-platform.ts [OUT_DIR]
// Writes OUT_DIR (default example-output/): badge.json, badge.png, page.html, status/*.json, issuer-state/, trust.json.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  allocateStatus,
  decideAssessment,
  DirectoryStore,
  finalizeDecision,
  generateIssuerKey,
  issueCredential,
  lintTemplate,
  parseAssessmentInput,
  parseTemplate,
  publishStatusLists,
  signerFromJwk,
} from 'microcred'
import { bakePng, renderBadgeSvg, renderPng } from 'microcred/bake'
import { loadVerifierScript, renderCredentialPage } from 'microcred/share'

const out = process.argv[2] ?? 'example-output'
const json = async (path: string): Promise<unknown> => JSON.parse(await readFile(new URL(path, import.meta.url), 'utf8'))

// 1. The template is data; lint it before anyone submits against it.
const template = parseTemplate(await json('./templates/checking-understanding-gestures.json'))
const lint = lintTemplate(template)
if (!lint.ok) throw new Error(`the template has lint errors: ${lint.findings.map((f) => f.message).join('; ')}`)

// 2. The assessors' reviews decide; the issuer of record finalizes.
const assessment = parseAssessmentInput(await json('./assessments/gestures-award.json'))
const decision = decideAssessment(template.rubric, assessment)
const key = await generateIssuerKey({ algorithm: 'EdDSA' }) // keep it in your KMS; any `Signer` will do
const issuer = { id: key.issuerId, name: 'Springfield Public Schools', url: 'https://district.example.org' }
const final = finalizeDecision(decision, { issuerOfRecord: issuer })
if (final.status !== 'awarded') throw new Error(`not awarded: ${final.status}`)

// 3. Every credential gets a revocation entry in the issuer's status list, then is signed.
await mkdir(join(out, 'status'), { recursive: true })
const store = await DirectoryStore.open(join(out, 'issuer-state'))
const statusBaseUrl = 'https://district.example.org/status'
const credentialId = `urn:uuid:${crypto.randomUUID()}`
const credentialStatus = await allocateStatus(store, { credentialId, baseUrl: statusBaseUrl })
const signer = await signerFromJwk(key.privateJwk, { id: key.verificationMethod })
const badge = await issueCredential({ template, decision: final, submission: assessment.submission, issuer, signer, id: credentialId, credentialStatus })

// 4. What you publish: the badge, a baked PNG, the signed status list, a self-verifying page.
const png = bakePng(await renderPng(renderBadgeSvg({ title: template.title, area: template.competency.area, issuerName: issuer.name })), JSON.stringify(badge))
const statusLists = new Map<string, unknown>()
for (const list of await publishStatusLists(store, { baseUrl: statusBaseUrl, issuerId: key.issuerId, signer })) {
  statusLists.set(list.url, list.credential)
  await writeFile(join(out, 'status', `${list.listId}.json`), `${JSON.stringify(list.credential, null, 2)}\n`)
}
await writeFile(join(out, 'badge.json'), `${JSON.stringify(badge, null, 2)}\n`)
// What the district gives a recognizer (a state agency) for its trust list: its id, name and key.
await writeFile(join(out, 'trust.json'), `${JSON.stringify({ issuers: [{ id: key.issuerId, name: issuer.name, keys: [key.verificationMethod] }] }, null, 2)}\n`)
await writeFile(join(out, 'badge.png'), png)
await writeFile(join(out, 'page.html'), renderCredentialPage({ credential: badge, bakedPng: png, verifierScript: await loadVerifierScript(), statusLists }))
console.log(`issued ${badge.id} to ${out}/: badge.json, badge.png, page.html, status/`)
