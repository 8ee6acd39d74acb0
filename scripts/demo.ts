// npm run demo: the main job end to end on an embedded example, nothing to configure, no server.
// template → lint → assessor reviews → decision → issuer of record → signed badge (DI + JWT)
// → baked PNG/SVG → verified → LinkedIn link → revocation (of a second credential, so the headline
// badge stays valid). Results go to demo-output/ (git-ignored); it ends with the commands that verify them.
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { assessSubmission } from '../src/assessment/assess.js'
import { submissionReceivedEvent } from '../src/assessment/attempt-history.js'
import { type AuditTrail, appendAuditEvent, auditHead } from '../src/assessment/audit-trail.js'
import { finalizeDecision } from '../src/assessment/finalize.js'
import { renderBadgeSvg, renderPng } from '../src/bake/default-image.js'
import { renderCredentialPage } from '../src/share/page.js'
import { buildBrowserBundle } from './browser-bundle.js'
import { bakePng } from '../src/bake/png.js'
import { bakeSvg } from '../src/bake/svg.js'
import { buildCredential } from '../src/credential/build.js'
import { generateIssuerKey } from '../src/keys/issuer-keys.js'
import { writeKeyFile } from '../src/keys/key-file.js'
import { lintTemplate } from '../src/model/lint-template.js'
import { parseAssessmentInput, parseTemplate } from '../src/model/parse.js'
import { linkedInAddToProfileUrl } from '../src/share/linkedin.js'
import { signDataIntegrity } from '../src/sign/data-integrity.js'
import { signerFromJwk } from '../src/sign/signer.js'
import { signVcJwt } from '../src/sign/vc-jwt.js'
import { issueEndorsement } from '../src/recognition/endorsement.js'
import { DirectoryStore } from '../src/status/directory-store.js'
import { allocateStatus, changeStatus, publishStatusLists } from '../src/status/status-list.js'
import { verifyBadge } from '../src/verify/verify-badge.js'
import { createExchangeService } from '../src/exchange/exchanges.js'
import { qrPng, qrSvg } from '../src/exchange/qr.js'
import { DirectoryExchangeStore } from '../src/exchange/store.js'
import { createOid4vciIssuer, DirectoryOfferStore } from '../src/oid4vci/issuer.js'
import { publishIssuerSite } from '../src/publish/site.js'

const root = new URL('..', import.meta.url).pathname
const out = join(root, 'demo-output')
const readJson = async (path: string) => JSON.parse(await readFile(join(root, path), 'utf8'))
const write = (name: string, data: string | Uint8Array) => writeFile(join(out, name), data)
const step = (n: number, text: string) => console.log(`\n${n}. ${text}`)

// A fresh directory each run: a stale status list or badge from an earlier run must not linger.
await rm(out, { recursive: true, force: true })
await mkdir(out, { recursive: true })
const issuerOrg = {
  name: 'Springfield Public Schools',
  url: 'https://district.example.org',
  email: 'microcredentials@district.example.org',
  otherIdentifier: [{ identifier: '1234567', identifierType: 'ext:LinkedInOrganizationId' }],
}

step(1, 'Template: lint against the five key questions')
const template = parseTemplate(await readJson('examples/templates/checking-understanding-gestures.json'))
const catalog = [template.id, 'https://credentials.example.org/microcredentials/formative-data-personalize-learning']
const lint = lintTemplate(template, { catalog })
console.log(`   "${template.title}" v${template.version}: ${lint.ok ? 'no errors' : 'ERRORS'}, ${lint.findings.length} finding(s)`)
if (!lint.ok) process.exit(1)

step(2, 'Review: two assessors and a peer reviewer score the submission')
const assessment = parseAssessmentInput(await readJson('examples/assessments/gestures-award.json'))
const { submission, reviews } = assessment
let trail: AuditTrail = []
trail = appendAuditEvent(trail, submissionReceivedEvent(template, submission))
for (const review of reviews)
  trail = appendAuditEvent(trail, {
    at: review.reviewedAt,
    actor: { id: review.reviewer.id, role: review.reviewer.role },
    action: 'review-recorded',
    subject: review.id,
    detail: { recommendation: review.recommendation },
  })
const decision = assessSubmission(template, assessment)
if (decision.outcome === 'incomplete') {
  console.log(decision.message)
  process.exit(1)
}
const decidedAt = new Date()
trail = appendAuditEvent(trail, { at: decidedAt.toISOString(), actor: { id: 'microcred', role: 'system' }, action: 'decision-computed', subject: submission.id, detail: { outcome: decision.outcome, total: decision.total } })
for (const c of decision.criteria) console.log(`   ${c.met ? '✓' : '✗'} ${c.criterionName}: ${c.levelId}`)
console.log(`   → ${decision.outcome} (${decision.total}/${decision.maxTotal} points, policy "${decision.policy.combine}")`)

step(3, 'Decision: the issuer of record finalizes')
const key = await generateIssuerKey({ algorithm: 'EdDSA', identifier: { method: 'did:key' } })
await writeKeyFile(join(out, 'issuer.key.json'), key)
const final = finalizeDecision(decision, { issuerOfRecord: { id: key.issuerId, name: issuerOrg.name }, at: decidedAt })
trail = appendAuditEvent(trail, { at: final.decidedAt, actor: { id: key.issuerId, role: 'issuer-of-record' }, action: 'decision-finalized', subject: submission.id, detail: { status: final.status } })
console.log(`   ${final.status} by ${issuerOrg.name} (${key.issuerId.slice(0, 32)}…)`)
if (final.status !== 'awarded') process.exit(1)

step(4, 'Award: sign the Open Badges 3.0 credential (Data Integrity eddsa-rdfc-2022, and VC-JWT)')
// A state education agency (recognizer) endorses the micro-credential for relicensure credit.
const recognizerKey = await generateIssuerKey({ algorithm: 'EdDSA' })
const endorsement = await issueEndorsement({
  endorser: { id: recognizerKey.issuerId, name: 'State Department of Education', url: 'https://education.state.example' },
  subjectId: template.id,
  comment: 'Approved for 15 relicensure clock hours, 2026–2028.',
  signer: await signerFromJwk(recognizerKey.privateJwk, { id: recognizerKey.verificationMethod }),
})
await write('endorsement.json', `${JSON.stringify(endorsement, null, 2)}\n`)
// Every credential gets a random, never reused index in the issuer's revocation list.
const store = await DirectoryStore.open(join(out, 'issuer-state'))
const statusBaseUrl = 'https://district.example.org/status'
const credentialId = `urn:uuid:${randomUUID()}`
const credentialStatus = await allocateStatus(store, { credentialId, baseUrl: statusBaseUrl })
const badgeSvg = renderBadgeSvg({ title: template.title, area: template.competency.area, issuerName: issuerOrg.name })
const credential = await buildCredential({
  template,
  decision: final,
  submission,
  issuer: { id: key.issuerId, ...issuerOrg },
  fallbackImage: `data:image/svg+xml;base64,${Buffer.from(badgeSvg).toString('base64')}`,
  id: credentialId,
  credentialStatus,
  achievementEndorsements: [endorsement],
  includeName: true,
})
const signer = await signerFromJwk(key.privateJwk, { id: key.verificationMethod })
const signed = await signDataIntegrity(credential, { signer })
const jwt = await signVcJwt(credential, { signer })
await write('badge.json', `${JSON.stringify(signed, null, 2)}\n`)
await write('badge.jwt', `${jwt}\n`)
trail = appendAuditEvent(trail, { at: new Date().toISOString(), actor: { id: key.issuerId, role: 'issuer-of-record' }, action: 'credential-issued', subject: credential.id })
console.log(`   ${credential.id}: badge.json (${signed.proof[0]!.cryptosuite}), badge.jwt (${signer.algorithm})`)

const publish = async () => {
  const lists = await publishStatusLists(store, { baseUrl: statusBaseUrl, issuerId: key.issuerId, signer })
  await mkdir(join(out, 'status'), { recursive: true })
  for (const list of lists) await write(join('status', `${list.listId}.json`), `${JSON.stringify(list.credential, null, 2)}\n`)
  return new Map<string, unknown>(lists.map((l) => [l.url, l.credential]))
}
let statusLists = await publish()

step(5, 'Carry it anywhere: bake PNG and SVG, LinkedIn link')
const png = bakePng(await renderPng(badgeSvg), JSON.stringify(signed))
const svg = bakeSvg(badgeSvg, JSON.stringify(signed))
await write('badge.png', png)
await write('badge.svg', svg)
const certUrl = `https://badges.district.example.org/credentials/${encodeURIComponent(credential.id)}`
await buildBrowserBundle(join(out, '.verifier.js'))
const verifierScript = await readFile(join(out, '.verifier.js'), 'utf8')
await write('badge.html', renderCredentialPage({ credential: signed, bakedPng: png, verifierScript, certUrl, statusLists }))
console.log(`   badge.png (${png.byteLength} bytes), badge.svg, badge.html (verifies itself in the browser), linkedin-url.txt`)

await write('linkedin-url.txt', `${linkedInAddToProfileUrl(signed, { certUrl })}\n`)

step(6, 'Verify: every form, offline (status list served from demo-output/status/)')
for (const [name, input] of [
  ['badge.json', JSON.stringify(signed)],
  ['badge.jwt', jwt],
  ['badge.png', png],
  ['badge.svg', svg],
] as const) {
  const report = await verifyBadge(input, { statusLists })
  const notes = report.checks.filter((c) => c.status === 'failed' || c.status === 'warning').map((c) => `${c.id}: ${c.code}`)
  console.log(`   ${report.verified ? '✓ VERIFIED' : '✗ NOT VERIFIED'}  ${name.padEnd(10)} ${report.format}${report.issuerKeyConfirmed ? ', issuer key confirmed' : ''}${notes.length ? ` (${notes.join('; ')})` : ''}`)
  if (!report.verified) process.exitCode = 1
}
const endorsed = await verifyBadge(signed, { statusLists })
for (const e of endorsed.endorsements) console.log(`   ✓ endorsement by ${e.endorser?.slice(0, 28)}… verified: ${e.comment}`)
const tampered = await verifyBadge({ ...signed, name: 'Forged Credential' }, { statusLists })
console.log(`   ✗ a tampered copy is refused: ${tampered.checks.find((c) => c.status === 'failed')?.code}`)

step(7, 'Trust over time: the issuer revokes a second credential (badge.* stays valid)')
// Another educator's badge of the same micro-credential, issued from the same status list, then revoked.
const secondId = `urn:uuid:${randomUUID()}`
const second = await buildCredential({
  template,
  decision: final,
  submission: { ...submission, id: `${submission.id}-second`, educator: { id: 'did:example:educator-sam-okafor', name: 'Sam Okafor' } },
  issuer: { id: key.issuerId, ...issuerOrg },
  fallbackImage: `data:image/svg+xml;base64,${Buffer.from(badgeSvg).toString('base64')}`,
  id: secondId,
  credentialStatus: await allocateStatus(store, { credentialId: secondId, baseUrl: statusBaseUrl }),
})
const secondSigned = await signDataIntegrity(second, { signer })
await write('revoked-badge.json', `${JSON.stringify(secondSigned, null, 2)}\n`)
const reason = 'Evidence found to be plagiarised (demo)'
await changeStatus(store, { credentialId: secondId, action: 'revoke', reason })
trail = appendAuditEvent(trail, { at: new Date().toISOString(), actor: { id: key.issuerId, role: 'issuer-of-record' }, action: 'credential-revoked', subject: secondId, reason })
statusLists = await publish()
for (const [name, input] of [
  ['badge.png', png],
  ['revoked-badge.json', secondSigned],
] as const) {
  const report = await verifyBadge(input, { statusLists })
  const statusCheck = report.checks.find((c) => c.id === 'status')!
  console.log(`   ${report.verified ? '✓ VERIFIED' : '✗ NOT VERIFIED'}  ${name.padEnd(18)} status: ${statusCheck.status}${statusCheck.code ? ` ${statusCheck.code}` : ''}`)
  if (report.verified !== (name === 'badge.png')) process.exitCode = 1
}
// The page embeds the lists as of now: re-render it so it shows the current status.
await write('badge.html', renderCredentialPage({ credential: signed, bakedPng: png, verifierScript, certUrl, statusLists }))

// The trail's head goes with the decision: a later edit of the last event or cut of the final events shows.
await write('decision.json', `${JSON.stringify({ final, auditHead: auditHead(trail) }, null, 2)}\n`)
step(8, 'Into a wallet, and published for anyone')
// A second award of the same decision (the first was just revoked), offered to wallets: exchanges
// and offers are kept in issuer-state/, where `microcred serve --wallet-state` serves them.
const walletCredentialId = `urn:uuid:${randomUUID()}`
// Made out to the educator's (hashed) email, not a DID: the wallet that proves its DID becomes the subject.
const { id: _educatorDid, ...educatorByEmail } = submission.educator
const walletCredential = await buildCredential({
  template,
  decision: final,
  submission: { ...submission, educator: educatorByEmail },
  issuer: { id: key.issuerId, ...issuerOrg },
  credentialStatus: await allocateStatus(store, { credentialId: walletCredentialId, baseUrl: statusBaseUrl }),
  id: walletCredentialId,
})
const exchanges = createExchangeService({ store: await DirectoryExchangeStore.open(join(out, 'issuer-state', 'exchanges')), signer, exchangesUrl: `${issuerOrg.url}/exchanges` })
const { links } = await exchanges.createExchange(walletCredential)
await write('wallet-qr.png', await qrPng(links.lcw))
await write('wallet-qr.svg', await qrSvg(links.lcw))
const oid4vci = createOid4vciIssuer({ credentialIssuer: issuerOrg.url, issuerName: issuerOrg.name, signer, store: await DirectoryOfferStore.open(join(out, 'issuer-state', 'oid4vci')) })
const offer = await oid4vci.createOffer(walletCredential)
await write('openid-offer-qr.png', await qrPng(offer.offerUri))
await write('wallet-links.json', `${JSON.stringify({ ...links, openIdOffer: offer.offerUri }, null, 2)}\n`)
console.log(`   Learner Credential Wallet deep link (wallet-qr.png):\n   ${links.lcw}`)
console.log(`   LearnCard: ${links.learnCard}`)
console.log(`   VC-API interaction URL: ${links.interactionUrl}`)
console.log(`   OpenID4VCI offer (openid-offer-qr.png): ${offer.offerUri.slice(0, 80)}…`)
const site = await publishIssuerSite({
  outDir: join(out, 'site'),
  baseUrl: issuerOrg.url,
  key,
  profile: { name: issuerOrg.name, url: issuerOrg.url, email: 'badges@district.example.org' },
  status: { store, baseUrl: statusBaseUrl },
  credentials: [{ credential: await signDataIntegrity(walletCredential, { signer }), wallet: { lcw: links.lcw, learnCard: links.learnCard, openIdOffer: offer.offerUri } }],
  verifierScript,
})
console.log(`   site/: ${site.files.length} files (profile.json, .well-known/jwks.json, achievements/, status/, credentials/…/index.html) for ${issuerOrg.url}`)
console.log(`   serve them: microcred serve --key demo-output/issuer.key.json --issuer-name "${issuerOrg.name}" --wallet-state demo-output/issuer-state --site demo-output/site --public-url https://district.example.org`)

await write('audit-trail.json', `${JSON.stringify(trail, null, 2)}\n`)
console.log(
  `\nWrote demo-output/: decision.json, audit-trail.json (${trail.length} events), issuer.key.json (0600), badge.json, badge.jwt, badge.png, badge.svg, badge.html, linkedin-url.txt, endorsement.json, revoked-badge.json, status/, issuer-state/, wallet-qr.png, wallet-qr.svg, openid-offer-qr.png, wallet-links.json, site/`,
)
// The signed status lists are in demo-output/status/; the CLI checks status against them offline.
const cli = 'npx tsx src/cli/bin.ts'
console.log('\nVerify it yourself (each says VERIFIED; open demo-output/badge.html in a browser for the same check):')
for (const name of ['badge.json', 'badge.jwt', 'badge.png', 'badge.svg']) console.log(`  $ ${cli} verify demo-output/${name} --status-lists demo-output/status`)
console.log('And the revoked one (says NOT VERIFIED: ERR_OB_STATUS_REVOKED):')
console.log(`  ! ${cli} verify demo-output/revoked-badge.json --status-lists demo-output/status`)
