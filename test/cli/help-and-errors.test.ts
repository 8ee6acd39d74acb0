import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMAND_HELP } from '../../src/cli/help.js'
import { COMMANDS } from '../../src/cli/main.js'
import { SIGNING_ALGORITHMS } from '../../src/keys/jwk.js'
import { cliReading } from '../helpers/cli.js'
import { exampleInto, ROOT } from '../helpers/examples.js'

const cli = cliReading('{ "not": "a credential"')
const ex = (path: string) => join(ROOT, 'examples', path)
const gestures = ex('templates/checking-understanding-gestures.json')
const award = ex('assessments/gestures-award.json')
const dir = mkdtempSync(join(tmpdir(), 'microcred-cli-help-'))

describe('microcred <command> --help', () => {
  it('every dispatched command has a help entry', () => {
    for (const command of Object.keys(COMMANDS)) expect(COMMAND_HELP[command], command).toBeDefined()
  })

  it('every command and subcommand answers --help and -h with usage, options and an example, exit 0', async () => {
    for (const key of Object.keys(COMMAND_HELP)) {
      for (const flag of ['--help', '-h']) {
        const result = await cli(...key.split(' '), flag)
        expect(result.code, `${key} ${flag}`).toBe(0)
        expect(result.stdout).toMatch(new RegExp(`^Usage: microcred ${key}`))
        expect(result.stdout).toContain('Options:')
        expect(result.stdout).toMatch(/Example:\n {2}microcred /)
        expect(result.stderr).toBe('')
      }
    }
  })

  it('--help wins over missing arguments and unknown options; "help CMD" works too', async () => {
    expect((await cli('issue', '--frobnicate', '--help')).code).toBe(0)
    expect((await cli('help', 'keys', 'generate')).stdout).toMatch(/^Usage: microcred keys generate/)
    const overview = await cli('--help')
    for (const command of Object.keys(COMMANDS)) expect(overview.stdout).toContain(`  ${command} `)
  })
})

describe('one parser, one error shape, one exit-code rule', () => {
  it('an unknown option is one line naming the command and pointing to its --help, exit 2', async () => {
    const result = await cli('lint', gestures, '--frobnicate')
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(`microcred lint: unknown option '--frobnicate' (see microcred lint --help)\n`)
    const missing = await cli('assess', gestures)
    expect(missing.stderr).toBe('microcred assess: expected 2 argument(s), got 1 ("' + gestures + '") (see microcred assess --help)\n')
    for (const argv of [['pathway', 'check', 'p.json'], ['report', '--rules', 'r.json', '--nope']]) {
      const r = await cli(...argv)
      expect(r.code).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    }
  })

  it('--json errors are {"error":{"code","message"}} on stdout, nothing on stderr', async () => {
    const usage = await cli('lint', gestures, '--frobnicate', '--json')
    expect(usage.code).toBe(2)
    expect(usage.stderr).toBe('')
    expect(JSON.parse(usage.stdout)).toEqual({ error: { code: 'ERR_OB_USAGE', message: expect.stringContaining("unknown option '--frobnicate'") } })
    writeFileSync(join(dir, 'broken.json'), '{ "title": ')
    const input = await cli('lint', join(dir, 'broken.json'), '--json')
    expect(input.code).toBe(2)
    expect(JSON.parse(input.stdout).error.code).toBe('ERR_OB_PARSE_FAILED')
    const unreadable = await cli('assess', join(dir, 'nope.json'), award, '--json')
    expect(JSON.parse(unreadable.stdout).error).toMatchObject({ code: 'ERR_OB_INPUT_INVALID', message: expect.stringContaining('ENOENT') })
  })

  it('verify: 2 when the input is not a credential at all, 1 when a credential does not verify', async () => {
    writeFileSync(join(dir, 'garbage.json'), '{ "half": ')
    const garbage = await cli('verify', join(dir, 'garbage.json'))
    expect(garbage.code).toBe(2)
    expect((await cli('verify', '-', '--json')).code).toBe(2)
    const key = join(dir, 'verify.key.json')
    await cli('keys', 'generate', '--out', key)
    const badge = join(dir, 'verify-badge.json')
    expect((await cli('issue', gestures, award, '--key', key, '--issuer-name', 'District', '--out', badge)).code).toBe(0)
    const tampered = JSON.parse(readFileSync(badge, 'utf8'))
    tampered.name = 'Forged'
    writeFileSync(join(dir, 'verify-tampered.json'), JSON.stringify(tampered))
    expect((await cli('verify', join(dir, 'verify-tampered.json'))).code).toBe(1)
  })
})

describe('keys generate', () => {
  it('refuses to overwrite a key file without --force, and keeps the old key', async () => {
    const key = join(dir, 'keep.key.json')
    expect((await cli('keys', 'generate', '--out', key)).code).toBe(0)
    const before = readFileSync(key, 'utf8')
    const again = await cli('keys', 'generate', '--out', key)
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('--force')
    expect(readFileSync(key, 'utf8')).toBe(before)
    expect((await cli('keys', 'generate', '--out', key, '--force')).code).toBe(0)
    expect(readFileSync(key, 'utf8')).not.toBe(before)
  })

  it("names algorithms as the API does (EdDSA, ES256, RS256), with Ed25519 as EdDSA's alias", async () => {
    for (const [alg, expected] of [['EdDSA', 'EdDSA'], ['Ed25519', 'EdDSA'], ['ES256', 'ES256'], ['es256', 'ES256']] as const) {
      const result = await cli('keys', 'generate', '--alg', alg, '--out', join(dir, `${alg}.key.json`), '--json')
      expect(result.code, alg).toBe(0)
      expect(JSON.parse(result.stdout).algorithm).toBe(expected)
    }
    const bad = await cli('keys', 'generate', '--alg', 'P-384', '--out', join(dir, 'x.key.json'))
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('EdDSA, ES256 or RS256')])
  })

  it('--alg takes exactly the names of SIGNING_ALGORITHMS, and its help and error list them all', async () => {
    for (const alg of SIGNING_ALGORITHMS) {
      // did:web, which takes every algorithm (did:key has no RSA keys).
      const result = await cli('keys', 'generate', '--alg', alg, '--did', 'web:district.example.org', '--out', join(dir, `api-${alg}.key.json`), '--json')
      expect([result.code, JSON.parse(result.stdout).algorithm], alg).toEqual([0, alg])
    }
    const bad = await cli('keys', 'generate', '--alg', 'ES384', '--out', join(dir, 'es384.key.json'))
    expect(bad.code).toBe(2)
    for (const alg of SIGNING_ALGORITHMS) expect(bad.stderr).toContain(alg)
    const help = await cli('keys', 'generate', '--help')
    expect(help.stdout).toContain(`--alg ${SIGNING_ALGORITHMS.join('|')}`)
  })
})

describe('issue', () => {
  const key = join(dir, 'issue.key.json')

  it('requires --issuer-name (never signs as a made-up "Issuer")', async () => {
    await cli('keys', 'generate', '--out', key, '--force')
    const result = await cli('issue', gestures, award, '--key', key)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('--issuer-name')
  })

  it('--json prints the result: id, format and the credential (or where it was written)', async () => {
    const printed = await cli('issue', gestures, award, '--key', key, '--issuer-name', 'District', '--json')
    expect(printed.code).toBe(0)
    const result = JSON.parse(printed.stdout)
    expect(result).toMatchObject({ issued: true, format: 'di', id: expect.stringMatching(/^urn:uuid:/) })
    expect(result.credential.issuer.name).toBe('District')
    const written = JSON.parse((await cli('issue', gestures, award, '--key', key, '--issuer-name', 'District', '--format', 'jwt', '--out', join(dir, 'b.jwt'), '--json')).stdout)
    expect(written).toMatchObject({ issued: true, format: 'jwt', out: join(dir, 'b.jwt') })
    const notAwarded = await cli('issue', gestures, ex('assessments/gestures-resubmit.json'), '--key', key, '--issuer-name', 'District', '--json')
    expect([notAwarded.code, JSON.parse(notAwarded.stdout)]).toEqual([1, { issued: false, outcome: 'resubmit' }])
  })

  it('--batch --format both refuses a roster with email-only rows up front, listing them, before signing anything', async () => {
    const rows = ['name,email,did,template,awarded']
    const template = exampleInto(dir, 'templates/checking-understanding-gestures.json')
    for (let i = 1; i <= 6; i++) rows.push(`Educator ${i},e${i}@district.example.org,${i % 3 === 0 ? `did:example:e${i}` : ''},${template},yes`)
    const roster = join(dir, 'roster.csv')
    writeFileSync(roster, `${rows.join('\n')}\n`)
    const out = join(dir, 'batch-out')
    const result = await cli('issue', '--batch', roster, '--key', key, '--issuer-name', 'District', '--format', 'both', '--out', out, '--no-page', '--json')
    expect(result.code).toBe(2)
    const { error } = JSON.parse(result.stdout)
    expect(error.code).toBe('ERR_OB_INPUT_INVALID')
    expect(error.message).toContain('4 of 6 row(s)')
    expect(error.message).toContain('rows 1, 2, 4, 5')
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([])
  })

  it('--batch --format both with email-only rows starts nothing: no workers, no wallet state, no output folder', async () => {
    const roster = join(dir, 'email-only.csv')
    writeFileSync(roster, `name,email,template,awarded\nAna,ana@district.example.org,${exampleInto(dir, 'templates/checking-understanding-gestures.json')},yes\n`)
    const [out, state] = [join(dir, 'email-only-out'), join(dir, 'email-only-wallet')]
    const result = await cli('issue', '--batch', roster, '--key', key, '--issuer-name', 'District', '--format', 'both', '--out', out, '--workers', '2', '--wallet-url', 'https://badges.example.org', '--wallet-state', state)
    expect([result.code, result.stderr]).toEqual([2, expect.stringContaining('1 of 1 row(s) have no did')])
    expect([existsSync(out), existsSync(state)]).toEqual([false, false])
  })
})
