// `microcred verify` exit codes on hostile files: no credential at all is an input error (2, one line,
// no stack trace); a credential that fails a check is "not verified" (1).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { cli } from '../helpers/cli.js'
import { ROOT } from '../helpers/examples.js'
import { awardedCredential, issuer } from '../helpers/issue.js'

const dir = mkdtempSync(join(tmpdir(), 'microcred-attack-exit-'))

async function verify(content: string | Uint8Array, ...flags: string[]) {
  const file = join(dir, `f-${Math.random().toString(36).slice(2)}`)
  writeFileSync(file, content)
  return cli('verify', file, ...flags)
}

describe('verify: malformed input exits 2, unverified exits 1', () => {
  it.each([
    ['text that is not JSON', 'not a badge', 'ERR_OB_PARSE_FAILED'],
    ['a JSON array', '[1,2,3]', 'ERR_OB_PARSE_FAILED'],
    ['bytes that are neither PNG nor UTF-8', new Uint8Array([0xff, 0xfe, 0x00, 0x80]), 'ERR_OB_PARSE_FAILED'],
    ['an own __proto__ key', '{"__proto__":{"polluted":true}}', 'ERR_OB_INPUT_FORBIDDEN_KEY'],
    ['an SVG without a credential', '<svg xmlns="http://www.w3.org/2000/svg"></svg>', 'ERR_OB_BAKE_INVALID'],
  ])('%s → 2, one line naming %s', async (_what, content, code) => {
    const result = await verify(content)
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain(code)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('a micro-credential template (JSON, but not a credential) → 2, one line; nothing else is checked', async () => {
    const template = readFileSync(join(ROOT, 'examples/templates/checking-understanding-gestures.json'), 'utf8')
    const result = await verify(template)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/ERR_OB_PARSE_FAILED: the JSON is not a verifiable credential: it has neither @context nor type VerifiableCredential/)
    const json = await verify(template, '--json')
    expect(json.code).toBe(2)
    const report = JSON.parse(json.stdout)
    expect(report.errors.map((e: { code: string }) => e.code)).toEqual(['ERR_OB_PARSE_FAILED'])
    expect(report.checks.filter((c: { status: string }) => c.status === 'passed')).toEqual([])
  })

  it('--json on malformed input: 2, with the report on stdout', async () => {
    const result = await verify('not a badge', '--json')
    expect(result.code).toBe(2)
    expect(JSON.parse(result.stdout)).toMatchObject({ verified: false, errors: [expect.objectContaining({ code: 'ERR_OB_PARSE_FAILED' })] })
  })

  it('a readable credential that fails a check (tampered) → 1', async () => {
    const { key, signer } = await issuer()
    const badge = await signDataIntegrity(await awardedCredential(key), { signer })
    const result = await verify(JSON.stringify({ ...badge, name: 'Tampered' }))
    expect(result.code).toBe(1)
  })
})
