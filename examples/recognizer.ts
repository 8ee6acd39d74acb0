// For a recognizer (a state education agency, a district HR office): endorse a micro-credential
// and turn verified badges into PD hours and salary steps.
// npx tsx examples/recognizer.ts [BADGE.json ...] [--status-dir DIR] [--trust FILE]
//   (defaults: example-output/badge.json, example-output/status, example-output/trust.json)
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateIssuerKey, issueEndorsement, parsePathway, parseTrustList, type RecognitionRule, recognitionCsv, recognitionReport, signerFromJwk } from 'microcred'

const args = process.argv.slice(2)
const statusDirAt = args.indexOf('--status-dir')
const statusDir = statusDirAt >= 0 ? args.splice(statusDirAt, 2)[1]! : 'example-output/status'
const trustAt = args.indexOf('--trust')
const trustPath = trustAt >= 0 ? args.splice(trustAt, 2)[1]! : 'example-output/trust.json'
const badgePaths = args.length > 0 ? args : ['example-output/badge.json']
const json = async (path: string | URL): Promise<unknown> => JSON.parse(await readFile(path, 'utf8'))

// 1. Endorse the micro-credential (the achievement) once; issuers embed the endorsement in their badges.
const agency = await generateIssuerKey({ algorithm: 'EdDSA' })
const endorsement = await issueEndorsement({
  endorser: { id: agency.issuerId, name: 'State Department of Education' },
  subjectId: 'https://credentials.example.org/microcredentials/checking-understanding-gestures',
  comment: 'Approved for 15 relicensure clock hours.',
  signer: await signerFromJwk(agency.privateJwk, { id: agency.verificationMethod }),
})
console.log(`endorsement ${endorsement.id} signed by ${agency.issuerId.slice(0, 24)}…`)

// 2. The recognizer's approved issuers (their ids, the names reports show, optionally pinned keys):
// badges from anyone else count for nothing, whatever name they give themselves.
const trust = parseTrustList(await json(trustPath))

// 3. Recognition rules: only verified, unrevoked, unexpired badges from approved issuers count.
const rules: RecognitionRule[] = [
  { kind: 'pd-hours', achievementType: 'MicroCredential', hours: 15 },
  { kind: 'salary-step', pathway: parsePathway(await json(new URL('./pathways/formative-assessment-leader.json', import.meta.url))), steps: 1 },
]
const statusLists = new Map<string, unknown>()
for (const file of (await readdir(statusDir).catch(() => [])).filter((f) => f.endsWith('.json'))) {
  const list = (await json(join(statusDir, file))) as { id?: unknown }
  if (typeof list.id === 'string') statusLists.set(list.id, list)
}
const badges = await Promise.all(badgePaths.map((path) => readFile(path)))
const report = await recognitionReport(badges, rules, { trust, verifyOptions: { statusLists } })
console.log(recognitionCsv(report).trimEnd())
for (const excluded of report.excluded) console.log(`excluded ${excluded.credentialId ?? '(unreadable)'}: ${excluded.reason}`)
