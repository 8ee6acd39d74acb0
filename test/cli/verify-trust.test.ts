import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli } from '../helpers/cli.js'
import { ROOT } from '../helpers/examples.js'

const dir = mkdtempSync(join(tmpdir(), 'microcred-trust-'))
// The 1EdTech validator's simple.json: an https issuer whose key is only claimed (read from the verification-method URL).
const simple = join(ROOT, 'test/fixtures/validator/simple.json')
const issuerId = 'https://example.com/issuers/876543'
const key = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi'
const now = ['--now', '2026-11-01T00:00:00Z']

describe('microcred verify: key binding from the command line', () => {
  it('a claimed key is not verified (exit 1, ERR_OB_KEY_UNCONFIRMED); --accept-claimed-key matches the validator (exit 0)', async () => {
    const strict = await cli('verify', simple, ...now, '--json')
    expect(strict.code).toBe(1)
    expect(JSON.parse(strict.stdout)).toMatchObject({ verified: false, issuerKeyConfirmed: false, errors: [{ code: 'ERR_OB_KEY_UNCONFIRMED' }] })
    const conformance = await cli('verify', simple, ...now, '--accept-claimed-key', '--json')
    expect(conformance.code).toBe(0)
    expect(JSON.parse(conformance.stdout)).toMatchObject({ verified: true, issuerKeyConfirmed: false })
  })

  it('--trust FILE pins the issuer’s key offline (exit 0, key confirmed)', async () => {
    const trust = join(dir, 'trust.json')
    writeFileSync(trust, JSON.stringify({ issuers: [{ id: issuerId, name: 'Example Issuer', keys: [key] }] }))
    const result = await cli('verify', simple, ...now, '--trust', trust, '--json')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ verified: true, issuerKeyConfirmed: true })
  })

  it('--trust FILE with another key for the issuer: exit 1, ERR_OB_KEY_NOT_ISSUER', async () => {
    const trust = join(dir, 'wrong.json')
    writeFileSync(trust, JSON.stringify({ issuers: [{ id: issuerId, name: 'Example Issuer', keys: ['z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'] }] }))
    const result = await cli('verify', simple, ...now, '--trust', trust, '--json')
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).errors.map((e: { code: string }) => e.code)).toEqual(['ERR_OB_KEY_NOT_ISSUER'])
  })

  it.each([
    ['missing', null],
    ['not JSON', '{ "issuers": '],
    ['malformed', JSON.stringify({ issuers: [{ id: issuerId }] })],
  ])('--trust FILE %s: exit 2 with one line', async (name, content) => {
    const path = join(dir, `${name.replace(' ', '-')}.json`)
    if (content !== null) writeFileSync(path, content)
    const result = await cli('verify', simple, ...now, '--trust', path)
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})
