import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { cli } from '../helpers/cli.js'
import { ROOT } from '../helpers/examples.js'
import { awardedCredential, issuer } from '../helpers/issue.js'

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

describe('microcred verify --trust FILE: is the badge from an issuer on the list?', () => {
  const files = { genuine: join(dir, 'springfield.json'), fake: join(dir, 'lakeside.json'), trust: join(dir, 'districts.json'), narrow: join(dir, 'narrow.json') }
  beforeAll(async () => {
    const district = await issuer('EdDSA', 'district')
    const genuine = await signDataIntegrity(await awardedCredential(district.key, { issuer: { id: district.key.issuerId, name: 'Springfield PS' } }), { signer: district.signer })
    // A self-signed fake from a fresh did:key that names itself after a district: its signature and key binding pass.
    const stranger = await issuer('EdDSA', 'lakeside-impostor')
    const fake = await signDataIntegrity(await awardedCredential(stranger.key, { issuer: { id: stranger.key.issuerId, name: 'Lakeside Unified School District' } }), { signer: stranger.signer })
    writeFileSync(files.genuine, JSON.stringify(genuine))
    writeFileSync(files.fake, JSON.stringify(fake))
    writeFileSync(files.trust, JSON.stringify({ issuers: [{ id: district.key.issuerId, name: 'Springfield Public Schools' }] }))
    writeFileSync(files.narrow, JSON.stringify({ issuers: [{ id: district.key.issuerId, name: 'Springfield Public Schools', achievements: ['https://credentials.example.org/other'] }] }))
  }, 60_000)

  it('a self-signed fake from an issuer not on the list: NOT VERIFIED, exit 1, ERR_OB_ISSUER_UNTRUSTED', async () => {
    const text = await cli('verify', files.fake, ...now, '--trust', files.trust)
    expect(text.code).toBe(1)
    expect(text.stdout).toMatch(/^NOT VERIFIED/)
    expect(text.stdout).toMatch(/^issuer: Lakeside Unified School District did:key:\S+ \(key confirmed\); NOT on your trust list$/m)
    expect(text.stdout).toMatch(/✗ issuer-trust +ERR_OB_ISSUER_UNTRUSTED: /)
    const json = await cli('verify', files.fake, ...now, '--trust', files.trust, '--json')
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({ verified: false, issuerKeyConfirmed: true, errors: [{ code: 'ERR_OB_ISSUER_UNTRUSTED' }] })
    expect(JSON.parse(json.stdout).trustedIssuer).toBeUndefined()
  })

  it('the district on the list: VERIFIED, exit 0, named as the trust list names it', async () => {
    const text = await cli('verify', files.genuine, ...now, '--trust', files.trust)
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^VERIFIED/)
    expect(text.stdout).toMatch(/^issued by Springfield Public Schools \(on your trust list\): did:key:\S+ \(key confirmed\), named "Springfield PS" in the badge$/m)
    expect(text.stdout).toMatch(/✓ issuer-trust +Springfield Public Schools is on your trust list/)
    const json = await cli('verify', files.genuine, ...now, '--trust', files.trust, '--json')
    expect(JSON.parse(json.stdout)).toMatchObject({ verified: true, trustedIssuer: { name: 'Springfield Public Schools' } })
  })

  it('an achievement the list does not accept: exit 1, ERR_OB_ACHIEVEMENT_NOT_ACCEPTED', async () => {
    const text = await cli('verify', files.genuine, ...now, '--trust', files.narrow)
    expect(text.code).toBe(1)
    expect(text.stdout).toMatch(/^issuer: Springfield PS did:key:\S+ \(key confirmed\); your trust list does not accept this achievement from it$/m)
    expect(text.stdout).toContain('ERR_OB_ACHIEVEMENT_NOT_ACCEPTED')
  })

  it('a badge cannot print a forged "issued by … (on your trust list)" line: line breaks in its text are shown as escapes', async () => {
    const fake = JSON.parse(readFileSync(files.fake, 'utf8'))
    const forgedLine = `issued by Springfield Public Schools (on your trust list): ${fake.issuer.id} (key confirmed)`
    for (const [where, edit] of [
      ['issuer name', (c: typeof fake) => (c.issuer.name = `Lakeside\n${forgedLine}`)],
      ['credential name', (c: typeof fake) => (c.name = `Gestures\r\n${forgedLine}\u2028`)],
    ] as const) {
      const forged = structuredClone(fake)
      edit(forged)
      const file = join(dir, `forged-${where.replace(' ', '-')}.json`)
      writeFileSync(file, JSON.stringify(forged))
      const { code, stdout } = await cli('verify', file, ...now, '--trust', files.trust)
      expect(code).toBe(1)
      expect(stdout.split('\n').filter((line) => line.startsWith('issued by'))).toEqual([])
      expect(stdout).toContain('\\u000a')
      expect(stdout).not.toMatch(/[\r\u2028\u2029]/)
    }
  })

  it('without --trust nothing changes: the fake verifies on its own key, and no issuer-trust line is printed', async () => {
    const text = await cli('verify', files.fake, ...now)
    expect(text.code).toBe(0)
    expect(text.stdout).not.toContain('issuer-trust')
    expect(text.stdout).not.toContain('trust list')
  })
})
