import { describe, expect, it } from 'vitest'
import { recognitionReport } from '../../src/recognition/report.js'
import { issuer, NOW } from '../helpers/issue.js'
import { ANA, ANA_BY_EMAIL, DISTRICT_NAME, districtTrust, executive, formative, gestures, memberBadge, pathway } from '../helpers/recognition.js'

const rules = [
  { kind: 'pd-hours' as const, achievementType: 'MicroCredential', useCreditsEarned: true },
  { kind: 'salary-step' as const, pathway, steps: 1 },
]
const verifyOptions = { now: NOW }

describe('recognitionReport: one educator', () => {
  it('ties a DID badge from one issuer and an email-only badge from another to the one educator the recognizer lists', async () => {
    const academy = await issuer('EdDSA', 'state-academy')
    const trust = await districtTrust([{ id: academy.key.issuerId, name: 'State Educator Academy' }])
    const badges = [await memberBadge({ template: gestures }), await memberBadge({ issuerName: 'state-academy', educator: ANA_BY_EMAIL, template: executive })]
    const educators = [{ name: 'Ana Rivera (employee 4711)', ids: [ANA.id!], emails: [ANA.email!] }]
    const report = await recognitionReport(badges, rules, { trust, educators, verifyOptions })
    expect(report.educators).toEqual([
      {
        educator: 'Ana Rivera (employee 4711)',
        district: DISTRICT_NAME,
        organisations: [DISTRICT_NAME, 'State Educator Academy'],
        microCredentials: 2,
        pdHours: 30,
        salarySteps: 1,
        achievements: [gestures.title, executive.title],
        credentials: [badges[0]!.id, badges[1]!.id],
      },
    ])
    // `districtOf` places the educator; the totals follow.
    const placed = await recognitionReport(badges, rules, { trust, educators, verifyOptions, districtOf: (educator) => (educator.includes('4711') ? 'North County' : 'Unknown') })
    expect(placed.districts).toEqual([{ district: 'North County', educators: 1, microCredentials: 2, pdHours: 30, salarySteps: 1 }])
  })

  it('an educator the recognizer knows by two emails is one person', async () => {
    const work = { name: 'Ana Rivera', email: 'ana.rivera@district.example.org' }
    const personal = { name: 'Ana Rivera', email: 'ana.r@mail.example.com' }
    const badges = [await memberBadge({ educator: work, template: gestures }), await memberBadge({ educator: personal, template: formative })]
    const report = await recognitionReport(badges, rules, { trust: await districtTrust(), educators: [{ name: 'Ana', emails: [work.email, personal.email] }], verifyOptions })
    expect(report.educators.map((r) => [r.educator, r.pdHours, r.salarySteps])).toEqual([['Ana', 30, 1]])
  })

  it('a listed id and an unlisted id are two rows; the unlisted one shows its subject id', async () => {
    const carol = { id: 'did:example:carol', name: 'Carol' }
    const badges = [await memberBadge({ template: gestures }), await memberBadge({ educator: carol, template: gestures })]
    const report = await recognitionReport(badges, rules, { trust: await districtTrust(), educators: [{ name: 'Ana', ids: [ANA.id!] }], verifyOptions })
    expect(report.educators.map((r) => r.educator)).toEqual(['Ana', 'did:example:carol'])
    expect(report.districts).toEqual([{ district: DISTRICT_NAME, educators: 2, microCredentials: 2, pdHours: 30, salarySteps: 0 }])
  })
})
