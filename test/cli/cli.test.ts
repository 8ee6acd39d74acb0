import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli } from '../helpers/cli.js'
import { ROOT } from '../helpers/examples.js'

const ex = (path: string) => join(ROOT, 'examples', path)
const gestures = ex('templates/checking-understanding-gestures.json')
const dir = mkdtempSync(join(tmpdir(), 'microcred-cli-'))

describe('microcred CLI contracts', () => {
  it('--help exits 0; no command or an unknown one exits 2 with one line', async () => {
    expect((await cli('--help')).code).toBe(0)
    expect((await cli()).code).toBe(2)
    const unknown = await cli('frobnicate')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('lint: 0 on a good template, 1 on lint errors, 2 on a malformed file (no stack trace)', async () => {
    expect((await cli('lint', gestures)).code).toBe(0)
    const minimal = await cli('lint', ex('templates/exit-tickets-adjust-instruction.json'), '--json')
    expect(minimal.code).toBe(0)
    expect(JSON.parse(minimal.stdout).findings).toEqual([])
    const bad = JSON.parse(readFileSync(gestures, 'utf8'))
    bad.research = []
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad))
    const lint = await cli('lint', join(dir, 'bad.json'), '--json')
    expect(lint.code).toBe(1)
    expect(JSON.parse(lint.stdout).findings[0].code).toBe('research-missing')
    writeFileSync(join(dir, 'broken.json'), '{ "title": ')
    const broken = await cli('lint', join(dir, 'broken.json'))
    expect(broken.code).toBe(2)
    expect(broken.stderr).not.toMatch(/\n\s+at /)
    writeFileSync(join(dir, 'invalid.json'), '{"title": 1}')
    expect((await cli('lint', join(dir, 'invalid.json'))).stderr).toContain('ERR_OB_TEMPLATE_INVALID')
  })

  it('assess: 0 when award is recommended, 1 otherwise; --json prints the decision', async () => {
    const award = await cli('assess', gestures, ex('assessments/gestures-award.json'), '--json')
    expect(award.code).toBe(0)
    expect(JSON.parse(award.stdout).outcome).toBe('award-recommended')
    for (const name of ['gestures-resubmit', 'gestures-disagreement', 'gestures-denied'])
      expect((await cli('assess', gestures, ex(`assessments/${name}.json`))).code).toBe(1)
    expect((await cli('assess', gestures)).code).toBe(2)
  })

  it('keys → issue → verify → bake → unbake → share, end to end', async () => {
    const keyFile = join(dir, 'issuer.key.json')
    const keys = await cli('keys', 'generate', '--alg', 'Ed25519', '--out', keyFile, '--json')
    expect(keys.code).toBe(0)
    expect(keys.stdout).not.toContain('"d"')
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)

    for (const format of ['di', 'jwt']) {
      const out = join(dir, `badge.${format === 'di' ? 'json' : 'jwt'}`)
      expect((await cli('issue', gestures, ex('assessments/gestures-award.json'), '--key', keyFile, '--issuer-name', 'District', '--format', format, '--out', out)).code).toBe(0)
      const verified = await cli('verify', out, '--json')
      expect(verified.code).toBe(0)
      expect(JSON.parse(verified.stdout)).toMatchObject({ verified: true, issuerKeyConfirmed: true })
    }
    expect((await cli('issue', gestures, ex('assessments/gestures-resubmit.json'), '--key', keyFile, '--issuer-name', 'District')).code).toBe(1)

    const png = join(dir, 'badge.png')
    expect((await cli('bake', join(dir, 'badge.json'), join(ROOT, 'test/fixtures/validator/baked/simple-json.png'), '--out', png)).code).toBe(0)
    expect((await cli('verify', png)).code).toBe(0)
    expect(JSON.parse((await cli('unbake', png)).stdout).id).toMatch(/^urn:uuid:/)

    const share = await cli('share', 'linkedin', join(dir, 'badge.json'), '--cert-url', 'https://badges.example.org/1')
    expect(share.stdout).toMatch(/^https:\/\/www\.linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME/)

    const tampered = JSON.parse(readFileSync(join(dir, 'badge.json'), 'utf8'))
    tampered.name = 'Forged'
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(tampered))
    const bad = await cli('verify', join(dir, 'tampered.json'))
    expect(bad.code).toBe(1)
    expect(bad.stdout).toContain('NOT VERIFIED')
    expect((await cli('verify', join(dir, 'missing.json'))).code).toBe(2)
    expect((await cli('verify')).code).toBe(2)
  })
})

describe('microcred CLI: trust over time', () => {
  it('status revoke/publish, endorse, pathway check, report', async () => {
    const work = mkdtempSync(join(tmpdir(), 'microcred-cli-status-'))
    const keyFile = join(work, 'issuer.key.json')
    await cli('keys', 'generate', '--out', keyFile)
    const state = join(work, 'state')
    const badge = join(work, 'badge.json')
    const issued = await cli('issue', gestures, ex('assessments/gestures-award.json'), '--key', keyFile, '--issuer-name', 'District', '--state', state, '--status-base-url', 'https://d.example.org/status', '--out', badge)
    expect(issued.code).toBe(0)
    const lists = join(work, 'lists')
    expect((await cli('status', 'publish', '--state', state, '--key', keyFile, '--base-url', 'https://d.example.org/status', '--out', lists)).code).toBe(0)
    expect((await cli('verify', badge, '--status-lists', lists)).code).toBe(0)
    expect((await cli('verify', badge)).code).toBe(1) // fail closed: status present, list not given

    const credentialId = JSON.parse(readFileSync(badge, 'utf8')).id
    expect((await cli('status', 'revoke', credentialId, '--state', state)).code).toBe(2) // no reason
    expect((await cli('status', 'revoke', credentialId, '--reason', 'Issued in error', '--state', state)).code).toBe(0)
    await cli('status', 'publish', '--state', state, '--key', keyFile, '--base-url', 'https://d.example.org/status', '--out', lists)
    const revoked = await cli('verify', badge, '--status-lists', lists, '--json')
    expect(revoked.code).toBe(1)
    expect(JSON.parse(revoked.stdout).errors[0].code).toBe('ERR_OB_STATUS_REVOKED')

    const endorsement = join(work, 'endorsement.json')
    expect((await cli('endorse', '--key', keyFile, '--endorser-name', 'State DOE', '--subject', 'https://x.example/mc/1', '--comment', 'Counts 15 hours', '--out', endorsement)).code).toBe(0)
    expect((await cli('verify', endorsement)).code).toBe(0)

    const pathway = ex('pathways/formative-assessment-leader.json')
    const trust = join(work, 'trust.json')
    writeFileSync(trust, JSON.stringify({ issuers: [{ id: JSON.parse(readFileSync(keyFile, 'utf8')).issuerId, name: 'District' }] }))
    expect((await cli('pathway', 'check', pathway, badge, '--trust', trust, '--recipient', 'did:example:educator-ana-rivera', '--status-lists', lists)).code).toBe(1)
    const report = await cli('report', '--rules', ex('recognition/rules.json'), '--trust', trust, badge, '--status-lists', lists, '--json')
    expect(report.code).toBe(1) // nothing counts
    expect(JSON.parse(report.stdout).excluded[0].code).toBe('ERR_OB_STATUS_REVOKED')
  }, 60_000)
})
