import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../helpers/cli.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { ROOT } from '../helpers/examples.js'
import { issuer } from '../helpers/issue.js'
import { ANA, ANA_BY_EMAIL, executive, gestures, memberBadge } from '../helpers/recognition.js'

const work = mkdtempSync(join(tmpdir(), 'microcred-cli-recognition-'))
const at = (name: string) => join(work, name)
const rules = join(ROOT, 'examples/recognition/rules.json')
const pathway = join(ROOT, 'examples/pathways/formative-assessment-leader.json')
const write = (name: string, value: unknown) => {
  writeFileSync(at(name), typeof value === 'string' ? value : JSON.stringify(value))
  return at(name)
}

// Badges are dated before today so that the CLI's real clock finds them valid.
const validFrom = new Date('2026-01-10T12:00:00Z')

beforeAll(async () => {
  const { key } = await issuer('EdDSA', 'district')
  write('trust.json', { issuers: [{ id: key.issuerId, name: 'Springfield Public Schools (approved)' }] })
  write('bad-trust.json', { issuers: [{ id: key.issuerId }] })
  write('ana-gestures.json', await memberBadge({ template: gestures, validFrom }))
  write('ana-executive.json', await memberBadge({ template: executive, validFrom }))
  write('email-gestures.json', await memberBadge({ educator: ANA_BY_EMAIL, template: gestures, validFrom, salt: 'one' }))
  write('email-executive.json', await memberBadge({ educator: ANA_BY_EMAIL, template: executive, validFrom, salt: 'two' }))
  write('forged.json', await memberBadge({ issuerName: 'self-signed-springfield', validFrom }))
  write('educators.csv', `name,email\n=cmd|' /C calc'!A0,${ANA.email}\n`)
  expect((await cli('keys', 'generate', '--out', at('pathway.key.json'))).code).toBe(0)
}, 60_000)

describe('microcred report --trust', () => {
  it('exits 2 without --trust, with a malformed trust file, or with a malformed educators file', async () => {
    const missing = await cli('report', '--rules', rules, at('ana-gestures.json'))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--trust FILE is required')
    const bad = await cli('report', '--rules', rules, '--trust', at('bad-trust.json'), at('ana-gestures.json'))
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('ERR_OB_INPUT_INVALID')
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    const educators = await cli('report', '--rules', rules, '--trust', at('trust.json'), '--educators', write('dup.json', [{ name: 'A', emails: ['a@x.org'] }, { name: 'B', emails: ['A@x.org'] }]), at('ana-gestures.json'))
    expect(educators.code).toBe(2)
    const badRules = await cli('report', '--rules', write('bad-rules.json', [{ kind: 'pd-hours', hours: '15' }]), '--trust', at('trust.json'), at('ana-gestures.json'))
    expect(badRules.code).toBe(2)
    expect(badRules.stderr).toContain('/0/hours')
  })

  it('exits 0 and credits only the approved issuer, under the trust list’s name', async () => {
    const result = await cli('report', '--rules', rules, '--trust', at('trust.json'), at('ana-gestures.json'), at('ana-executive.json'), at('forged.json'), at('ana-gestures.json'), '--json')
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.districts).toEqual([{ district: 'Springfield Public Schools (approved)', educators: 1, microCredentials: 2, pdHours: 30, salarySteps: 1 }])
    expect(report.excluded.map((e: { file: string; code: string }) => [e.file.slice(work.length + 1), e.code])).toEqual([
      ['forged.json', 'ERR_OB_ISSUER_UNTRUSTED'],
      ['ana-gestures.json', 'ERR_OB_CREDENTIAL_DUPLICATE'],
    ])
    const text = await cli('report', '--rules', rules, '--trust', at('trust.json'), at('forged.json'), at('ana-gestures.json'))
    expect(text.stdout).toContain(`excluded ${at('forged.json')}: ERR_OB_ISSUER_UNTRUSTED`)
  })

  it('exits 1 when nothing counts; email-only badges are unmatched until --educators names her', async () => {
    const forged = await cli('report', '--rules', rules, '--trust', at('trust.json'), at('forged.json'))
    expect(forged.code).toBe(1)
    const unmatched = await cli('report', '--rules', rules, '--trust', at('trust.json'), at('email-gestures.json'), at('email-executive.json'))
    expect(unmatched.code).toBe(1)
    expect(unmatched.stdout).toContain('unmatched')
    const csv = await cli('report', '--rules', rules, '--trust', at('trust.json'), '--educators', at('educators.csv'), at('email-gestures.json'), at('email-executive.json'), '--csv')
    expect(csv.code).toBe(0)
    const rows = parse(csv.stdout, { columns: true }) as Record<string, string>[]
    expect(rows).toEqual([expect.objectContaining({ educator: "'=cmd|' /C calc'!A0", pd_hours: '30', salary_steps: '1' })])
  })
})

describe('microcred pathway --trust', () => {
  const key = () => at('pathway.key.json')

  it('exits 2 without --trust, without a recipient, or without --key/--out for issue', async () => {
    expect((await cli('pathway', 'issue', pathway, at('ana-gestures.json'), '--recipient', ANA.id!, '--key', key(), '--issuer-name', 'District', '--out', at('p.json'))).code).toBe(2)
    expect((await cli('pathway', 'check', pathway, at('ana-gestures.json'), '--trust', at('trust.json'))).code).toBe(2)
    expect((await cli('pathway', 'issue', pathway, at('ana-gestures.json'), '--trust', at('trust.json'), '--recipient', ANA.id!)).code).toBe(2)
  })

  it('check exits 0 when complete for the recipient and 1 otherwise', async () => {
    const badges = [at('ana-gestures.json'), at('ana-executive.json')]
    expect((await cli('pathway', 'check', pathway, ...badges, '--trust', at('trust.json'), '--recipient', ANA.id!)).code).toBe(0)
    const other = await cli('pathway', 'check', pathway, ...badges, '--trust', at('trust.json'), '--recipient', 'did:example:mallory', '--json')
    expect(other.code).toBe(1)
    expect(JSON.parse(other.stdout).unmet[0]).toMatchObject({ path: '/rule/allOf/0', code: 'ERR_OB_RECIPIENT_UNMATCHED' })
  })

  it('issue --recipient did:example:mallory over Ana’s email-identified badges exits 1 naming the rule; Ana by --email gets it (exit 0)', async () => {
    const badges = [at('email-gestures.json'), at('email-executive.json')]
    const mallory = await cli('pathway', 'issue', pathway, ...badges, '--trust', at('trust.json'), '--recipient', 'did:example:mallory', '--key', key(), '--issuer-name', 'District', '--out', at('mallory.json'))
    expect(mallory.code).toBe(1)
    expect(mallory.stderr).toMatch(/^not issued: ERR_OB_PATHWAY_INCOMPLETE: .*\/rule\/allOf\/0 ERR_OB_RECIPIENT_UNMATCHED/)
    expect(mallory.stderr.trim().split('\n')).toHaveLength(1)

    const ana = await cli('pathway', 'issue', pathway, ...badges, '--trust', at('trust.json'), '--email', ANA.email!, '--key', key(), '--issuer-name', 'District', '--out', at('ana-pathway.json'), '--json')
    expect(ana.code).toBe(0)
    const issued = JSON.parse(readFileSync(at('ana-pathway.json'), 'utf8'))
    expect(issued.evidence).toHaveLength(2)
    expect((await verifyBadge(issued)).verified).toBe(true)
  })
})

describe('badges named by their files, and folders of badges', () => {
  const folder = () => at('folder')

  beforeAll(() => {
    mkdirSync(join(folder(), 'older'), { recursive: true })
    copyFileSync(at('ana-gestures.json'), join(folder(), 'a-gestures.json'))
    copyFileSync(at('ana-executive.json'), join(folder(), 'b-executive.json'))
    copyFileSync(at('ana-gestures.json'), join(folder(), 'c-gestures-copy.json'))
    writeFileSync(join(folder(), 'notes.txt'), 'not a badge')
  })

  it('report and pathway skip a FIFO and a link leading out of a folder instead of hanging on them', async () => {
    const odd = at('odd-folder')
    mkdirSync(odd, { recursive: true })
    copyFileSync(at('ana-gestures.json'), join(odd, 'a-gestures.json'))
    execFileSync('mkfifo', [join(odd, 'b-pipe.json')])
    symlinkSync(at('ana-executive.json'), join(odd, 'c-outside.json'))
    const result = await cli('report', '--rules', rules, '--trust', at('trust.json'), odd, '--json')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).skipped).toEqual([join(odd, 'b-pipe.json'), join(odd, 'c-outside.json')])
    const text = await cli('pathway', 'check', pathway, '--trust', at('trust.json'), '--recipient', ANA.id!, odd)
    expect(text.stdout).toContain(`skipped ${join(odd, 'b-pipe.json')}: not a regular file`)
  }, 20_000)

  it('report reads a folder (its badge files, sorted, not its sub-folders) and says what it skipped', async () => {
    const result = await cli('report', '--rules', rules, '--trust', at('trust.json'), folder(), '--json')
    expect(result.code, result.stdout).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.districts[0]).toMatchObject({ microCredentials: 2 })
    expect(report.skipped).toEqual([join(folder(), 'notes.txt'), `${join(folder(), 'older')}/`])
    expect(report.excluded).toEqual([expect.objectContaining({ file: join(folder(), 'c-gestures-copy.json'), code: 'ERR_OB_CREDENTIAL_DUPLICATE' })])
  })

  it('a reason names the other badge by its file, in text and JSON (never "badge #N")', async () => {
    const json = await cli('report', '--rules', rules, '--trust', at('trust.json'), folder(), '--json')
    expect(JSON.parse(json.stdout).excluded[0].reason).toContain(`the same credential as ${join(folder(), 'a-gestures.json')}`)
    expect(json.stdout).not.toContain('badge #')
    const text = await cli('report', '--rules', rules, '--trust', at('trust.json'), folder())
    expect(text.stdout).toContain(`excluded ${join(folder(), 'c-gestures-copy.json')}: ERR_OB_CREDENTIAL_DUPLICATE: the same credential as ${join(folder(), 'a-gestures.json')}`)
    expect(text.stdout).toContain(`skipped ${join(folder(), 'notes.txt')}: not a badge file (.json, .jwt, .png, .svg)`)
    expect(text.stdout).not.toContain('badge #')
  })

  it('pathway check and issue read a folder too', async () => {
    const check = await cli('pathway', 'check', pathway, folder(), '--trust', at('trust.json'), '--recipient', ANA.id!, '--json')
    expect(check.code, check.stdout).toBe(0)
    expect(JSON.parse(check.stdout).skipped).toEqual([join(folder(), 'notes.txt'), `${join(folder(), 'older')}/`])
    const issued = await cli('pathway', 'issue', pathway, folder(), '--trust', at('trust.json'), '--recipient', ANA.id!, '--key', at('pathway.key.json'), '--issuer-name', 'District', '--out', at('folder-pathway.json'))
    expect(issued.code, issued.stderr).toBe(0)
  })

  it('pathway issue --json that is refused says so on stdout only', async () => {
    const refused = await cli('pathway', 'issue', pathway, at('ana-gestures.json'), '--trust', at('trust.json'), '--recipient', ANA.id!, '--key', at('pathway.key.json'), '--issuer-name', 'District', '--out', at('none.json'), '--json')
    expect([refused.code, refused.stderr]).toEqual([1, ''])
    expect(JSON.parse(refused.stdout)).toMatchObject({ issued: false, code: 'ERR_OB_PATHWAY_INCOMPLETE' })
  })
})
