import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { COMMAND_HELP } from '../../src/cli/help.js'
import { cli } from '../helpers/cli.js'
import { ROOT } from '../helpers/examples.js'

const ex = (path: string) => join(ROOT, 'examples', path)
const gestures = ex('templates/checking-understanding-gestures.json')
const override = ex('assessments/gestures-override.json')
const dir = mkdtempSync(join(tmpdir(), 'microcred-decide-'))
const keyFile = join(dir, 'issuer.key.json')
const REASON = 'Moderation panel: the adjustment in the student data was targeted'

beforeAll(async () => {
  expect((await cli('keys', 'generate', '--alg', 'Ed25519', '--out', keyFile)).code).toBe(0)
})

describe('microcred assess on the examples of the new outcomes', () => {
  it.each([
    ['gestures-incomplete', 'incomplete', 1],
    ['gestures-split-resolved', 'award-recommended', 0],
    ['gestures-minimum-total', 'resubmit', 1],
    ['gestures-override', 'resubmit', 1],
  ])('%s → %s (exit %d)', async (name, outcome, code) => {
    const result = await cli('assess', gestures, ex(`assessments/${name}.json`), '--json')
    expect(result.code).toBe(code)
    expect(JSON.parse(result.stdout).outcome).toBe(outcome)
  })

  it('inputs that do not belong together exit 2 with a coded one-line message', async () => {
    const input = JSON.parse(readFileSync(ex('assessments/gestures-award.json'), 'utf8'))
    input.reviews[0].submissionId = 'sub-other'
    writeFileSync(join(dir, 'foreign-review.json'), JSON.stringify(input))
    const foreign = await cli('assess', gestures, join(dir, 'foreign-review.json'))
    expect(foreign.code).toBe(2)
    expect(foreign.stderr).toMatch(/^microcred: ERR_OB_REVIEW_INVALID: .*"sub-other"/)
    expect(foreign.stderr.trim().split('\n')).toHaveLength(1)
    input.reviews[0].submissionId = input.submission.id
    input.submission.attempt = 4
    writeFileSync(join(dir, 'fourth.json'), JSON.stringify(input))
    const fourth = await cli('issue', gestures, join(dir, 'fourth.json'), '--key', keyFile, '--issuer-name', 'District')
    expect(fourth.code).toBe(2)
    expect(fourth.stderr).toContain('ERR_OB_SUBMISSION_INVALID')
  })
})

describe('microcred decide: the issuer of record', () => {
  it('an override without --reason exits 2 and writes nothing', async () => {
    const trail = join(dir, 'no-reason.audit.json')
    const result = await cli('decide', 'award', gestures, override, '--key', keyFile, '--issuer-name', 'District', '--trail', trail)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('ERR_OB_DECISION_INVALID')
    expect(() => readFileSync(trail)).toThrow()
  })

  it('usage errors exit 2', async () => {
    expect((await cli('decide', 'approve', gestures, override, '--key', keyFile, '--issuer-name', 'D', '--trail', join(dir, 't.json'))).code).toBe(2)
    expect((await cli('decide', 'award', gestures, override, '--issuer-name', 'D', '--trail', join(dir, 't.json'))).code).toBe(2)
    expect((await cli('decide', 'award', gestures, override, '--key', keyFile, '--trail', join(dir, 't.json'))).code).toBe(2)
  })

  it('an override is recorded, signed into a credential that discloses it, and the trail grows', async () => {
    const trail = join(dir, 'override.audit.json')
    const record = join(dir, 'override.decision.json')
    const decided = await cli('decide', 'award', gestures, override, '--key', keyFile, '--issuer-name', 'Springfield Public Schools', '--reason', REASON, '--trail', trail, '--out', record, '--at', '2026-10-21T09:00:00Z')
    expect(decided.code).toBe(0)
    expect(decided.stdout).toContain('awarded by Springfield Public Schools (override:')
    const filed = JSON.parse(readFileSync(record, 'utf8'))
    expect(filed).toMatchObject({ action: 'award', final: { overridden: true, reason: REASON }, auditHead: { seq: 5 } })
    expect(JSON.parse(readFileSync(`${trail}.head`, 'utf8'))).toEqual(filed.auditHead)

    // Without the decision the assessment is not awarded; with it, the badge is issued and says why.
    expect((await cli('issue', gestures, override, '--key', keyFile, '--issuer-name', 'District')).code).toBe(1)
    const profile = join(dir, 'issuer-profile.json')
    writeFileSync(profile, JSON.stringify({ name: 'Springfield Public Schools', url: 'https://district.example.org', email: 'pd@district.example.org', image: 'https://district.example.org/logo.png' }))
    const badge = join(dir, 'override.badge.json')
    const issued = await cli('issue', gestures, override, '--key', keyFile, '--decision', record, '--trail', trail, '--issuer-profile', profile, '--recipient-name', '--out', badge)
    expect(issued.code).toBe(0)
    const credential = JSON.parse(readFileSync(badge, 'utf8'))
    expect(credential.credentialSubject.name).toBe('Jordan Blake')
    expect(credential.issuer).toMatchObject({ name: 'Springfield Public Schools', email: 'pd@district.example.org', image: { id: 'https://district.example.org/logo.png' } })
    expect(credential.validUntil).toBe('2028-10-21T09:00:00Z')
    expect(credential.credentialSubject.achievement.criteria.narrative).toContain(`Reason: ${REASON}.`)
    expect((await cli('verify', badge)).code).toBe(0)
    const events = JSON.parse(readFileSync(trail, 'utf8'))
    expect(events.map((e: { action: string }) => e.action).at(-1)).toBe('credential-issued')
  })

  it('an issuer profile for another issuer is refused (exit 2)', async () => {
    const trail = join(dir, 'profile.audit.json')
    const record = join(dir, 'profile.decision.json')
    await cli('decide', 'award', gestures, override, '--key', keyFile, '--issuer-name', 'D', '--reason', REASON, '--trail', trail, '--out', record)
    const profile = join(dir, 'other-profile.json')
    writeFileSync(profile, JSON.stringify({ id: 'did:web:other.example.org', name: 'Other' }))
    const result = await cli('issue', gestures, override, '--key', keyFile, '--decision', record, '--issuer-profile', profile)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('ERR_OB_ISSUER_INVALID')
  })

  it('a denial recorded by the issuer of record is not issued (exit 1)', async () => {
    const record = join(dir, 'deny.decision.json')
    expect((await cli('decide', 'deny', gestures, override, '--issuer-id', 'https://district.example.org', '--issuer-name', 'D', '--reason', 'Plagiarised video', '--trail', join(dir, 'deny.audit.json'), '--out', record)).code).toBe(0)
    const issued = await cli('issue', gestures, override, '--key', keyFile, '--issuer-name', 'District', '--decision', record)
    expect(issued.code).toBe(1)
    expect(issued.stderr).toContain('denied')
  })

  it('an incomplete submission cannot be decided', async () => {
    const result = await cli('decide', 'award', gestures, ex('assessments/gestures-incomplete.json'), '--key', keyFile, '--issuer-name', 'D', '--reason', 'x', '--trail', join(dir, 'inc.audit.json'))
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('incomplete')
  })

  it('the trail is the history: a repeated attempt number, or any new submission after an award, exits 2 and leaves the trail as it was', async () => {
    const trail = join(dir, 'history.audit.json')
    const first = ex('assessments/gestures-resubmit.json')
    expect((await cli('decide', 'reopen', gestures, first, '--key', keyFile, '--issuer-name', 'D', '--trail', trail, '--at', '2026-10-08T09:00:00Z')).code).toBe(0)
    expect((await cli('decide', 'award', gestures, override, '--key', keyFile, '--issuer-name', 'D', '--reason', REASON, '--trail', trail, '--at', '2026-10-21T09:00:00Z')).code).toBe(0)
    const input = JSON.parse(readFileSync(first, 'utf8'))
    input.submission.id = 'sub-1200'
    for (const review of input.reviews) Object.assign(review, { id: `${review.id}-again`, submissionId: 'sub-1200' })
    const again = join(dir, 'again.json')
    writeFileSync(again, JSON.stringify(input))
    const before = readFileSync(trail, 'utf8')
    const result = await cli('decide', 'reopen', gestures, again, '--key', keyFile, '--issuer-name', 'D', '--trail', trail)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^microcred: ERR_OB_SUBMISSION_INVALID: .*already awarded.*"sub-1104".*attempt 1 was already received.*"sub-1002"/)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(readFileSync(trail, 'utf8')).toBe(before)
    // Deciding the awarded submission again is still allowed (the same submission).
    expect((await cli('decide', 'award', gestures, override, '--key', keyFile, '--issuer-name', 'D', '--reason', REASON, '--trail', trail)).code).toBe(0)
  })

  it('--json prints the decision record with the message to the educator', async () => {
    const result = await cli('decide', 'deny', gestures, override, '--issuer-id', 'https://district.example.org', '--issuer-name', 'Springfield Public Schools', '--reason', 'Plagiarised video', '--trail', join(dir, 'json.audit.json'), '--json')
    expect(result.code).toBe(0)
    const record = JSON.parse(result.stdout)
    expect(record).toMatchObject({ submissionId: 'sub-1104', action: 'deny', final: { status: 'denied', overridden: true } })
    expect(record.final.message).toMatch(/^Springfield Public Schools did not award this micro-credential\. Reason: Plagiarised video\./)
    expect(record.final.message).not.toMatch(/resubmit/i)
    const text = await cli('decide', 'deny', gestures, override, '--issuer-id', 'https://district.example.org', '--issuer-name', 'Springfield Public Schools', '--reason', 'Plagiarised video', '--trail', join(dir, 'text.audit.json'))
    expect(text.stdout).toContain(`message to the educator:\n  ${record.final.message.split('\n')[0]}`)
  })

  it('--help lists every option decide takes, the --json message and the attempt history rule', async () => {
    const help = (await cli('decide', '--help')).stdout
    for (const flag of ['--issuer-name', '--issuer-id', '--key', '--trail', '--reason', '--out', '--at', '--json']) {
      expect(help).toContain(`  ${flag} `)
      expect(COMMAND_HELP.decide!.usage).toContain(flag === '--json' ? 'decide' : flag)
    }
    expect(help).toContain('final.message')
    expect(help).toMatch(/after an award no new submission is accepted/)
    expect(help).toMatch(/Exit codes: 0 decision recorded.*ERR_OB_SUBMISSION_INVALID/)
  })

  it.each([
    ['an edited last event', (events: { reason?: string }[]) => events.map((e, i) => (i === events.length - 1 ? { ...e, reason: 'Nothing to see' } : e))],
    ['deleted final events', (events: unknown[]) => events.slice(0, 3)],
  ])('refuses to append to a trail with %s (exit 2)', async (_, alter) => {
    const trail = join(dir, `tamper-${Math.random().toString(36).slice(2)}.audit.json`)
    expect((await cli('decide', 'reopen', gestures, override, '--key', keyFile, '--issuer-name', 'D', '--trail', trail)).code).toBe(0)
    writeFileSync(trail, JSON.stringify(alter(JSON.parse(readFileSync(trail, 'utf8')))))
    const again = await cli('decide', 'award', gestures, override, '--key', keyFile, '--issuer-name', 'D', '--reason', REASON, '--trail', trail)
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('was altered')
  })

  it("issue --decision --trail checks the trail against the decision record's head, even with the head file gone", async () => {
    const trail = join(dir, 'issue-check.audit.json')
    const record = join(dir, 'issue-check.decision.json')
    expect((await cli('decide', 'award', gestures, override, '--key', keyFile, '--issuer-name', 'D', '--reason', REASON, '--trail', trail, '--out', record)).code).toBe(0)
    const events = JSON.parse(readFileSync(trail, 'utf8'))
    writeFileSync(trail, JSON.stringify(events.slice(0, -1)))
    rmSync(`${trail}.head`)
    const issued = await cli('issue', gestures, override, '--key', keyFile, '--issuer-name', 'District', '--decision', record, '--trail', trail)
    expect(issued.code).toBe(2)
    expect(issued.stderr).toContain('was altered')
    expect((await cli('issue', gestures, override, '--key', keyFile, '--issuer-name', 'District', '--trail', trail)).code).toBe(2)
    rmSync(trail)
    const deleted = await cli('issue', gestures, override, '--key', keyFile, '--issuer-name', 'District', '--decision', record, '--trail', trail)
    expect(deleted.code).toBe(2)
    expect(deleted.stderr).toContain('the trail was deleted')
  })

  it('a decision is signed only by its issuer of record: another key or another name exits 2 (ERR_OB_DECISION_INVALID)', async () => {
    const trail = join(dir, 'ior.audit.json')
    const record = join(dir, 'ior.decision.json')
    expect((await cli('decide', 'award', gestures, override, '--key', keyFile, '--issuer-name', 'Springfield Public Schools', '--reason', REASON, '--trail', trail, '--out', record)).code).toBe(0)
    const otherKey = join(dir, 'other.key.json')
    expect((await cli('keys', 'generate', '--alg', 'EdDSA', '--out', otherKey)).code).toBe(0)
    const otherSigner = await cli('issue', gestures, override, '--key', otherKey, '--issuer-name', 'Springfield Public Schools', '--decision', record)
    expect(otherSigner).toMatchObject({ code: 2, stdout: '' })
    expect(otherSigner.stderr).toContain('ERR_OB_DECISION_INVALID')
    const otherName = await cli('issue', gestures, override, '--key', keyFile, '--issuer-name', 'Shelbyville Academy', '--decision', record)
    expect(otherName.code).toBe(2)
    expect(otherName.stderr).toContain('"Springfield Public Schools", but the credential\'s issuer is named "Shelbyville Academy"')
  })

  it('one decision is one credential: issued again, or as a JWT, it keeps its id and status entry, and the trail records each format once', async () => {
    const trail = join(dir, 'once.audit.json')
    const record = join(dir, 'once.decision.json')
    const state = join(dir, 'once-state')
    const name = ['--issuer-name', 'Springfield Public Schools']
    expect((await cli('decide', 'award', gestures, override, '--key', keyFile, ...name, '--reason', REASON, '--trail', trail, '--out', record)).code).toBe(0)
    const status = ['--state', state, '--status-base-url', 'https://district.example.org/status']
    const issue = async (...extra: string[]) => {
      const result = await cli('issue', gestures, override, '--key', keyFile, ...name, '--decision', record, '--trail', trail, ...status, '--json', ...extra)
      expect(result.code).toBe(0)
      return JSON.parse(result.stdout) as { id: string; credential: unknown }
    }
    const first = await issue()
    const again = await issue()
    const jwt = await issue('--format', 'jwt')
    expect(again.id).toBe(first.id)
    expect(jwt.id).toBe(first.id)
    const statusOf = (c: unknown) => (c as { credentialStatus: unknown }).credentialStatus
    expect(statusOf(again.credential)).toEqual(statusOf(first.credential))
    const payload = JSON.parse(Buffer.from((jwt.credential as string).split('.')[1]!, 'base64url').toString('utf8'))
    expect(payload.credentialStatus ?? payload.vc?.credentialStatus).toEqual(statusOf(first.credential))
    const issuedEvents = JSON.parse(readFileSync(trail, 'utf8')).filter((e: { action: string }) => e.action === 'credential-issued')
    expect(issuedEvents.map((e: { subject: string; detail: { format: string } }) => [e.subject, e.detail.format])).toEqual([
      [first.id, 'di'],
      [first.id, 'jwt'],
    ])
  })
})
