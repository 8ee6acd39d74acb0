import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parsePathway } from '../../src/model/parse.js'
import { issueEndorsement } from '../../src/recognition/endorsement.js'
import { checkPathway, issuePathwayCredential } from '../../src/recognition/pathway-credential.js'
import { recognitionCsv, recognitionReport } from '../../src/recognition/report.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { DirectoryStore } from '../../src/status/directory-store.js'
import { allocateStatus, changeStatus, publishStatusLists } from '../../src/status/status-list.js'
import { parseTrustList } from '../../src/verify/trust-list.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { exampleTemplate, readJson } from '../helpers/examples.js'
import { awardedCredential, issuer, NOW } from '../helpers/issue.js'

const BASE = 'https://district.example.org/status'
const pathway = parsePathway(readJson('examples/pathways/formative-assessment-leader.json'))
const gestures = exampleTemplate('checking-understanding-gestures')
const executive = exampleTemplate('supporting-executive-function')

/** Two member badges of the pathway for one educator, with status entries in a fresh store. */
async function members() {
  const { key, signer } = await issuer()
  const store = await DirectoryStore.open(mkdtempSync(join(tmpdir(), 'microcred-rec-')))
  const badges = []
  for (const [i, template] of [gestures, executive].entries()) {
    const id = `urn:uuid:10000000-0000-4000-8000-00000000000${i}`
    const base = await awardedCredential(key, { id, credentialStatus: await allocateStatus(store, { credentialId: id, baseUrl: BASE }) })
    const credential = { ...base, name: template.title, credentialSubject: { ...base.credentialSubject, achievement: { ...base.credentialSubject.achievement, id: template.id, name: template.title } } }
    badges.push(await signDataIntegrity(credential, { signer }))
  }
  const trust = parseTrustList({ issuers: [{ id: key.issuerId, name: 'Springfield Public Schools' }] })
  const statusLists = async () => new Map((await publishStatusLists(store, { baseUrl: BASE, issuerId: key.issuerId, signer, validFrom: new Date('2026-10-20T00:00:00Z') })).map((l) => [l.url, l.credential]))
  return { key, signer, store, badges, statusLists, trust }
}

describe('endorsements', () => {
  it('a recognizer’s endorsement embedded in the achievement verifies and is reported', async () => {
    const { key: state, signer: stateSigner } = await issuer('EdDSA', 'state')
    const endorsement = await issueEndorsement({
      endorser: { id: state.issuerId, name: 'State Department of Education' },
      subjectId: gestures.id,
      comment: 'Approved for 15 relicensure hours.',
      signer: stateSigner,
      validFrom: new Date('2026-01-01T00:00:00Z'),
    })
    expect((await verifyBadge(endorsement, { now: NOW })).verified).toBe(true)
    const { key, signer } = await issuer()
    const badge = await signDataIntegrity(await awardedCredential(key, { achievementEndorsements: [endorsement] }), { signer })
    const report = await verifyBadge(badge, { now: NOW })
    expect(report.verified).toBe(true)
    expect(report.checks.find((c) => c.id === 'endorsements')?.status).toBe('passed')
    expect(report.endorsements).toEqual([expect.objectContaining({ embeddedIn: 'achievement', endorser: state.issuerId, comment: 'Approved for 15 relicensure hours.', verified: true })])
  })

  it('an endorsement signed by a key that is not the endorser’s fails', async () => {
    const { key: state } = await issuer('EdDSA', 'state')
    const { signer: impostor } = await issuer('EdDSA', 'impostor')
    await expect(
      issueEndorsement({ endorser: { id: state.issuerId, name: 'State' }, subjectId: gestures.id, comment: 'x', signer: impostor }),
    ).rejects.toMatchObject({ code: 'ERR_OB_KEY_NOT_ISSUER' })
    // Forged without our signer's check: the verifier catches it.
    const { addDataIntegrityProof } = await import('../../src/sign/data-integrity.js')
    const forged = await addDataIntegrityProof(
      {
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
        id: 'urn:uuid:20000000-0000-4000-8000-000000000000',
        type: ['VerifiableCredential', 'EndorsementCredential'],
        name: 'Forged endorsement',
        issuer: { id: state.issuerId, type: ['Profile'], name: 'State' },
        validFrom: '2026-01-01T00:00:00Z',
        credentialSubject: { id: gestures.id, type: ['EndorsementSubject'] as ['EndorsementSubject'], endorsementComment: 'Forged' },
      },
      { signer: impostor },
    )
    const report = await verifyBadge(forged, { now: NOW })
    expect(report.checks.find((c) => c.id === 'key-binding')).toMatchObject({ status: 'failed', code: 'ERR_OB_KEY_NOT_ISSUER' })
    const { key, signer } = await issuer()
    const badge = await signDataIntegrity(await awardedCredential(key, { achievementEndorsements: [forged] }), { signer })
    const outer = await verifyBadge(badge, { now: NOW, requireValidEndorsements: true })
    expect(outer.checks.find((c) => c.id === 'endorsements')).toMatchObject({ status: 'failed', code: 'ERR_OB_ENDORSEMENT_INVALID' })
  })
})

describe('pathway credentials', () => {
  it('issues when complete on verified badges; evidence references the members', async () => {
    const { key, signer, badges, statusLists, trust } = await members()
    const verifyOptions = { now: NOW, statusLists: await statusLists() }
    const credential = await issuePathwayCredential({
      pathway,
      badges,
      trust,
      issuer: { id: key.issuerId, name: 'District' },
      signer,
      recipient: { id: 'did:example:educator-ana-rivera' },
      verifyOptions,
      validFrom: new Date('2026-10-20T00:00:00Z'),
    })
    expect(credential.evidence!.map((e) => e.id).sort()).toEqual(badges.map((b) => b.id).sort())
    expect((await verifyBadge(credential, { now: NOW })).verified).toBe(true)
  })

  it('refuses a pathway with one revoked member', async () => {
    const { key, signer, store, badges, statusLists, trust } = await members()
    await changeStatus(store, { credentialId: badges[1]!.id, action: 'revoke', reason: 'Plagiarised evidence' })
    const verifyOptions = { now: NOW, statusLists: await statusLists() }
    const recipient = { id: 'did:example:educator-ana-rivera' }
    const check = await checkPathway(pathway, badges, { trust, recipient, verifyOptions })
    expect(check.progress.complete).toBe(false)
    expect(check.rejected[0]).toMatchObject({ code: 'ERR_OB_STATUS_REVOKED', reason: expect.stringContaining('revoked') })
    await expect(
      issuePathwayCredential({ pathway, badges, trust, issuer: { id: key.issuerId, name: 'District' }, signer, recipient, verifyOptions }),
    ).rejects.toMatchObject({ code: 'ERR_OB_PATHWAY_INCOMPLETE', unmet: [expect.objectContaining({ path: '/rule/allOf/1', code: 'ERR_OB_PATHWAY_INCOMPLETE' }), expect.anything(), expect.objectContaining({ code: 'ERR_OB_STATUS_REVOKED' })] })

    // Status lists not given: the status cannot be checked, so no member counts (fail closed).
    const unchecked = await checkPathway(pathway, badges, { trust, recipient, verifyOptions: { now: NOW } })
    expect(unchecked.rejected.map((r) => r.code)).toEqual(['ERR_OB_STATUS_UNCHECKED', 'ERR_OB_STATUS_UNCHECKED'])
  })
})

describe('recognition report', () => {
  it('counts only verified, unrevoked badges into per-educator and per-district rows', async () => {
    const { store, badges, statusLists, trust } = await members()
    const tampered = { ...badges[0]!, name: 'Forged' }
    const rules = [
      { kind: 'pd-hours' as const, achievementType: 'MicroCredential', hours: 15 },
      { kind: 'salary-step' as const, pathway, steps: 1 },
    ]
    const report = await recognitionReport([...badges, tampered], rules, { trust, verifyOptions: { now: NOW, statusLists: await statusLists() } })
    expect(report.educators).toEqual([expect.objectContaining({ educator: 'did:example:educator-ana-rivera', microCredentials: 2, pdHours: 30, salarySteps: 1 })])
    expect(report.districts).toEqual([{ district: 'Springfield Public Schools', educators: 1, microCredentials: 2, pdHours: 30, salarySteps: 1 }])
    expect(report.excluded).toEqual([expect.objectContaining({ index: 2, code: 'ERR_OB_PROOF_INVALID' })])
    expect(recognitionCsv(report).split('\n')[1]).toBe('did:example:educator-ana-rivera,Springfield Public Schools,2,30,1,Checking for Understanding Using Gestures; Supporting Students\' Executive Function')

    await changeStatus(store, { credentialId: badges[0]!.id, action: 'revoke', reason: 'Issued in error' })
    const after = await recognitionReport(badges, rules, { trust, verifyOptions: { now: NOW, statusLists: await statusLists() } })
    expect(after.educators[0]).toMatchObject({ microCredentials: 1, pdHours: 15, salarySteps: 0 })
  })
})
