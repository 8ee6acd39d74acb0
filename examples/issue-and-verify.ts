// A runnable, type-checked tour of the library: npx tsx examples/issue-and-verify.ts
import { readFile } from 'node:fs/promises'
import {
  decideAssessment,
  finalizeDecision,
  generateIssuerKey,
  issueCredential,
  lintTemplate,
  parseAssessmentInput,
  parseTemplate,
  signerFromJwk,
  verifyBadge,
} from 'microcred'
import { bakePng, renderBadgeSvg, renderPng } from 'microcred/bake'

const json = async (path: string): Promise<unknown> => JSON.parse(await readFile(new URL(path, import.meta.url), 'utf8'))

const template = parseTemplate(await json('./templates/checking-understanding-gestures.json'))
console.log('lint ok:', lintTemplate(template).ok)

const assessment = parseAssessmentInput(await json('./assessments/gestures-award.json'))
const { submission } = assessment
const decision = decideAssessment(template.rubric, assessment)
console.log('decision:', decision.outcome)

const key = await generateIssuerKey({ algorithm: 'EdDSA' })
const final = finalizeDecision(decision, { issuerOfRecord: { id: key.issuerId, name: 'Springfield Public Schools' } })
const signer = await signerFromJwk(key.privateJwk, { id: key.verificationMethod })
const badge = await issueCredential({ template, decision: final, submission, issuer: { id: key.issuerId, name: 'Springfield Public Schools' }, signer })

const image = await renderPng(renderBadgeSvg({ title: template.title, area: template.competency.area, issuerName: 'Springfield Public Schools' }))
const report = await verifyBadge(bakePng(image, JSON.stringify(badge)))
console.log('verified:', report.verified, report.checks.map((c) => `${c.id}:${c.status}`).join(' '))
