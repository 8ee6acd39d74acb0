// One educator, one row: a subject id that a badge ties to a listed educator (by the email the
// recognizer supplied) names that educator on her other badges too, so her credit is not split
// across two rows and counted twice.
import { describe, expect, it } from 'vitest'
import { type RecognitionRule, recognitionReport } from '../../src/recognition/report.js'
import { NOW } from '../helpers/issue.js'
import { ANA, BEN, DISTRICT_NAME, districtTrust, memberBadge } from '../helpers/recognition.js'

const PD: RecognitionRule = { kind: 'pd-hours', achievementType: 'MicroCredential', hours: 15 }

describe('an educator listed by email whose badges also carry her subject id', () => {
  it('a re-issue carrying only her subject id replaces the first badge: one row, 15 h, not two rows of 15 h', async () => {
    const first = await memberBadge({ educator: ANA, validFrom: new Date('2026-10-01T00:00:00Z') })
    const reissue = await memberBadge({ educator: { id: ANA.id!, name: ANA.name }, validFrom: new Date('2026-10-05T00:00:00Z') })
    expect(reissue.credentialSubject.identifier ?? []).toEqual([])
    const report = await recognitionReport([first, reissue], [PD], { trust: await districtTrust(), educators: [{ name: 'Ana Rivera', emails: [ANA.email!] }], verifyOptions: { now: NOW } })
    expect(report.educators).toEqual([expect.objectContaining({ educator: 'Ana Rivera', pdHours: 15, credentials: [reissue.id] })])
    expect(report.districts).toEqual([{ district: DISTRICT_NAME, educators: 1, microCredentials: 1, pdHours: 15, salarySteps: 0 }])
    expect(report.excluded).toEqual([expect.objectContaining({ index: 0, code: 'ERR_OB_CREDENTIAL_SUPERSEDED' })])
  })

  it('a subject id tied to two listed educators names neither on its id-only badges', async () => {
    // One badge ties the id to Ana (her email), another ties the same id to Ben (his email): the id proves nothing.
    const asAna = await memberBadge({ educator: { ...ANA, id: 'did:example:shared' } })
    const asBen = await memberBadge({ educator: { ...BEN, id: 'did:example:shared' } })
    const idOnly = await memberBadge({ educator: { id: 'did:example:shared', name: 'Someone' } })
    const report = await recognitionReport([asAna, asBen, idOnly], [PD], {
      trust: await districtTrust(),
      educators: [
        { name: 'Ana Rivera', emails: [ANA.email!] },
        { name: 'Ben Okafor', emails: [BEN.email!] },
      ],
      verifyOptions: { now: NOW },
    })
    expect(report.educators.map((e) => e.educator).sort()).toEqual(['Ana Rivera', 'Ben Okafor', 'did:example:shared'])
  })
})
