// Hostile input: prototype keys anywhere, oversize inputs in every container, proofs "created" in
// the future, and addresses a page would link to with a scheme that runs code. Each case asserts
// the verdict and the code; none may throw.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importJWK, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { renderBadgeSvg, renderPng } from '../../src/bake/default-image.js'
import { bakePng } from '../../src/bake/png.js'
import { bakeSvg } from '../../src/bake/svg.js'
import { readBytes } from '../../src/cli/args.js'
import type { OpenBadgeCredential } from '../../src/credential/types.js'
import { renderCredentialContent } from '../../src/share/page-content.js'
import { addDataIntegrityProof, signDataIntegrity } from '../../src/sign/data-integrity.js'
import { signVcJwt } from '../../src/sign/vc-jwt.js'
import { MAX_ARRAY_LENGTH, MAX_JSON_VALUES } from '../../src/verify/input-safety.js'
import type { BadgeInput } from '../../src/verify/parse-input.js'
import { type VerifyBadgeOptions, verifyBadge } from '../../src/verify/verify-badge.js'
import { cli } from '../helpers/cli.js'
import { awardedCredential, issuer } from '../helpers/issue.js'

const NOW = new Date('2026-11-01T00:00:00Z')
const MIB = 1024 * 1024
let base: OpenBadgeCredential
let signed: OpenBadgeCredential
let signedText: string
let jwt: string
let key: Awaited<ReturnType<typeof issuer>>

const verify = (input: BadgeInput, options: VerifyBadgeOptions = {}) => verifyBadge(input, { now: NOW, ...options })
const checkOf = async (input: BadgeInput, id: string, options: VerifyBadgeOptions = {}) => {
  const report = await verify(input, options)
  return { report, verified: report.verified, check: report.checks.find((c) => c.id === id)! }
}

/** Inserts `"key": value` into the object found at `path` of the credential's JSON text. */
function withOwnKey(credential: object, path: (string | number)[], keyName: string): string {
  const copy = structuredClone(credential) as Record<string, unknown>
  let target: Record<string, unknown> = copy
  for (const step of path) target = (target as Record<string | number, unknown>)[step] as Record<string, unknown>
  const marker = '"__hostile_marker__":true'
  target.__hostile_marker__ = true
  return JSON.stringify(copy).replace(marker, `"${keyName}":{"isAdmin":true}`)
}

beforeAll(async () => {
  key = await issuer()
  base = await awardedCredential(key.key)
  signed = await signDataIntegrity(base, { signer: key.signer, created: new Date('2026-10-10T12:00:00Z') })
  signedText = JSON.stringify(signed)
  jwt = await signVcJwt(base, { signer: key.signer })
}, 60_000)

describe('own __proto__ / constructor / prototype keys: ERR_OB_INPUT_FORBIDDEN_KEY, never carried', () => {
  const places: [string, (string | number)[], string][] = [
    ['__proto__ at the root', [], '__proto__'],
    ['__proto__ in credentialSubject', ['credentialSubject'], '__proto__'],
    ['__proto__ in the achievement', ['credentialSubject', 'achievement'], '__proto__'],
    ['__proto__ in the criteria', ['credentialSubject', 'achievement', 'criteria'], '__proto__'],
    ['__proto__ in a result', ['credentialSubject', 'result', 0], '__proto__'],
    ['__proto__ in the issuer', ['issuer'], '__proto__'],
    ['__proto__ in the proof', ['proof', 0], '__proto__'],
    ['constructor at the root', [], 'constructor'],
    ['constructor in the achievement', ['credentialSubject', 'achievement'], 'constructor'],
    ['prototype in the issuer', ['issuer'], 'prototype'],
    ['prototype in a result description level', ['credentialSubject', 'achievement', 'resultDescription', 0, 'rubricCriterionLevel', 0], 'prototype'],
  ]
  it.each(places)('%s of a genuine signed badge (JSON text)', async (_name, path, keyName) => {
    const { report, verified, check } = await checkOf(withOwnKey(signed, path, keyName), 'parse')
    expect(verified).toBe(false)
    expect(check).toMatchObject({ status: 'failed', code: 'ERR_OB_INPUT_FORBIDDEN_KEY' })
    expect(report.credential).toBeUndefined()
    expect(JSON.stringify(report)).not.toContain('isAdmin')
  })

  it('__proto__ in an object handed in (from JSON.parse)', async () => {
    const { verified, check } = await checkOf(JSON.parse(withOwnKey(signed, ['credentialSubject'], '__proto__')), 'parse')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_INPUT_FORBIDDEN_KEY' })
  })
  it('an own constructor defined on an object handed in', async () => {
    const hostile = structuredClone(signed) as unknown as Record<string, unknown>
    Object.defineProperty(hostile.issuer as object, 'constructor', { value: { prototype: {} }, enumerable: true })
    const { verified, check } = await checkOf(hostile, 'parse')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_INPUT_FORBIDDEN_KEY' })
  })
  it('__proto__ in a JWT payload signed by the issuer', async () => {
    const payload = JSON.parse(withOwnKey({ ...base, iss: key.key.issuerId }, ['credentialSubject'], '__proto__'))
    const token = await new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: key.key.verificationMethod, typ: 'JWT' }).sign(await importJWK(key.key.privateJwk, 'EdDSA'))
    const { verified, check } = await checkOf(token, 'parse')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_INPUT_FORBIDDEN_KEY' })
  })
  it('constructor in a JWT header', async () => {
    const [, payload, signature] = jwt.split('.')
    const header = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: key.key.verificationMethod, constructor: { x: 1 } })).toString('base64url')
    const { verified, check } = await checkOf(`${header}.${payload}.${signature}`, 'parse')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_INPUT_FORBIDDEN_KEY' })
  })
  it('__proto__ in a credential baked into a PNG', async () => {
    const png = bakePng(await renderPng(renderBadgeSvg({ title: 'x', area: 'y', issuerName: 'z' })), withOwnKey(signed, ['issuer'], '__proto__'))
    const { verified, check } = await checkOf(png, 'parse')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_INPUT_FORBIDDEN_KEY' })
  })
  it('__proto__ in a credential baked into an SVG', async () => {
    const svg = bakeSvg(renderBadgeSvg({ title: 'x', area: 'y', issuerName: 'z' }), withOwnKey(signed, [], '__proto__'))
    const { verified, check } = await checkOf(svg, 'parse')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_INPUT_FORBIDDEN_KEY' })
  })
  it('nesting deeper than 64 levels', async () => {
    let deep: unknown = 'bottom'
    for (let i = 0; i < 100; i++) deep = { nested: deep }
    const { verified, check } = await checkOf({ ...signed, extra: deep }, 'parse')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_INPUT_FORBIDDEN_KEY' })
  })
  it('a cyclic object handed in is refused, not a crash', async () => {
    const cyclic = structuredClone(signed) as unknown as Record<string, unknown>
    cyclic.self = cyclic
    const { verified, check } = await checkOf(cyclic, 'parse')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_INPUT_FORBIDDEN_KEY' })
  })
  it('the genuine badge itself passes the parse check', async () => {
    const report = await verify({ ...signed })
    expect(report.verified).toBe(true)
    expect(report.checks.find((c) => c.id === 'parse')?.status).toBe('passed')
  })
})

describe('input size cap (maxInputBytes, 4 MiB by default): ERR_OB_INPUT_TOO_LARGE', () => {
  const big = 'x'.repeat(5 * MIB)
  it.each([
    ['JSON text', () => JSON.stringify({ ...signed, padding: big })],
    ['JSON bytes', () => new TextEncoder().encode(JSON.stringify({ ...signed, padding: big }))],
    ['a compact JWT', () => `${'a'.repeat(5 * MIB)}.b.c`],
    ['PNG bytes', () => {
      const png = new Uint8Array(5 * MIB)
      png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
      return png
    }],
    ['SVG text', () => `<svg xmlns="http://www.w3.org/2000/svg">${big}</svg>`],
    ['SVG bytes', () => new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg">${big}</svg>`)],
    ['an ArrayBuffer', () => new ArrayBuffer(5 * MIB)],
    ['an object holding 5 MB of text', () => ({ ...signed, padding: big })],
  ])('%s over 4 MiB', async (_name, make) => {
    const { report, verified, check } = await checkOf(make() as BadgeInput, 'parse')
    expect(verified).toBe(false)
    expect(check).toMatchObject({ status: 'failed', code: 'ERR_OB_INPUT_TOO_LARGE' })
    expect(report.credential).toBeUndefined()
  })
  it('a lower maxInputBytes refuses an ordinary badge', async () => {
    const { verified, check } = await checkOf(signedText, 'parse', { maxInputBytes: 1000 })
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_INPUT_TOO_LARGE' })
  })
  it('a higher maxInputBytes reads a padded badge (the padding then breaks only the proof)', async () => {
    const { check } = await checkOf(JSON.stringify({ ...signed, padding: big }), 'parse', { maxInputBytes: 8 * MIB })
    expect(check.status).toBe('passed')
  })
  it('multi-byte text is measured in UTF-8 bytes', async () => {
    const { verified, check } = await checkOf(JSON.stringify({ ...signed, padding: '€'.repeat(1.5 * MIB) }), 'parse')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_INPUT_TOO_LARGE' })
  })
  it('the CLI reader stops at the cap while reading', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'microcred-hostile-')), 'big.json')
    writeFileSync(file, JSON.stringify({ padding: 'x'.repeat(2000) }))
    await expect(readBytes(file, 1000)).rejects.toMatchObject({ code: 'ERR_OB_INPUT_TOO_LARGE' })
    expect((await readBytes(file, 4000)).byteLength).toBeGreaterThan(2000)
  })
  it('microcred verify --max-input-bytes: exit 2 with the code', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'microcred-hostile-')), 'badge.json')
    writeFileSync(file, signedText)
    const { code, stderr } = await cli('verify', file, '--max-input-bytes', '100')
    expect(code).toBe(2)
    expect(stderr).toContain('ERR_OB_INPUT_TOO_LARGE')
  })
  it('MICROCRED_MAX_INPUT_BYTES caps every CLI read', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'microcred-hostile-')), 'badge.json')
    writeFileSync(file, signedText)
    process.env.MICROCRED_MAX_INPUT_BYTES = '100'
    try {
      await expect(readBytes(file)).rejects.toMatchObject({ code: 'ERR_OB_INPUT_TOO_LARGE' })
    } finally {
      delete process.env.MICROCRED_MAX_INPUT_BYTES
    }
  })
})

describe('JSON-LD cost caps (canonicalization is quadratic in the values of one property): ERR_OB_INPUT_TOO_LARGE', () => {
  const withTags = (n: number) => ({ ...signed, credentialSubject: { ...signed.credentialSubject, achievement: { ...signed.credentialSubject.achievement, tag: Array.from({ length: n }, (_, i) => `t${i}`) } } })
  it(`an array longer than ${MAX_ARRAY_LENGTH} (20,000 tags, 200 KB, took ~10 s to refuse) is refused at parse`, async () => {
    const started = performance.now()
    const { report, verified, check } = await checkOf(withTags(20_000), 'parse')
    expect({ verified, status: check.status, code: check.code }).toEqual({ verified: false, status: 'failed', code: 'ERR_OB_INPUT_TOO_LARGE' })
    expect(check.message).toContain('/credentialSubject/achievement/tag')
    expect(report.credential).toBeUndefined()
    expect(performance.now() - started).toBeLessThan(1000)
  })
  it(`more than ${MAX_JSON_VALUES} values in all (arrays of ${MAX_ARRAY_LENGTH} merged into one node by a shared id) are refused at parse`, async () => {
    const chunks = Array.from({ length: 12 }, (_, c) => Array.from({ length: MAX_ARRAY_LENGTH }, (_, i) => ({ id: 'urn:example:same', targetName: `n${c}-${i}` })))
    const merged = { ...signed, evidence: chunks.map((alignment) => ({ type: ['Evidence'], alignment })) }
    const { verified, check } = await checkOf(JSON.stringify(merged), 'parse')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_INPUT_TOO_LARGE' })
  })
  it('a JWT payload is capped the same way', async () => {
    const [header, , signature] = jwt.split('.')
    const payload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()), tag: Array.from({ length: 20_000 }, () => 1) })).toString('base64url')
    const { verified, check } = await checkOf(`${header}.${payload}.${signature}`, 'parse')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_INPUT_TOO_LARGE' })
  })
  it(`a badge with ${MAX_ARRAY_LENGTH} tags, signed by its issuer, still verifies`, async () => {
    const { proof: _proof, ...unsigned } = withTags(MAX_ARRAY_LENGTH)
    const report = await verify(await signDataIntegrity(unsigned as OpenBadgeCredential, { signer: key.signer }))
    expect(report.verified).toBe(true)
  })
})

describe('one credential per container: an ambiguous one is refused, whichever a reader would pick', () => {
  const svgImage = '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'
  it('an SVG credential element with a JWT in "verify" and another credential in CDATA → ERR_OB_BAKE_INVALID', async () => {
    const other = await signDataIntegrity(await awardedCredential(key.key, { id: 'urn:uuid:00000000-0000-4000-8000-0000000000bb' }), { signer: key.signer })
    const both = bakeSvg(svgImage, JSON.stringify(other)).replace('<openbadges:credential', `<openbadges:credential verify="${jwt}"`)
    const { verified, check, report } = await checkOf(both, 'parse')
    expect({ verified, status: check.status, code: check.code }).toEqual({ verified: false, status: 'failed', code: 'ERR_OB_BAKE_INVALID' })
    expect(report.credential).toBeUndefined()
  })
  it('an SVG with the JWT alone, and one with the JSON alone, verify', async () => {
    expect((await verify(bakeSvg(svgImage, jwt))).verified).toBe(true)
    expect((await verify(bakeSvg(svgImage, signedText))).verified).toBe(true)
  })
  it('a JWT whose payload carries a credential in "vc" and another at the top level → ERR_OB_PARSE_FAILED', async () => {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>
    const subject = payload.credentialSubject as { achievement: object }
    const other: Record<string, unknown> = { ...payload, credentialSubject: { ...subject, achievement: { ...subject.achievement, name: 'National Board Certification' } } }
    for (const claim of ['iss', 'jti', 'sub', 'nbf', 'exp', 'iat']) delete other[claim]
    const signer = await importJWK(key.key.privateJwk as never, 'EdDSA')
    const twoCredentials = await new SignJWT({ ...payload, vc: other }).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: key.key.verificationMethod }).sign(signer)
    const { verified, check, report } = await checkOf(twoCredentials, 'parse')
    expect({ verified, status: check.status, code: check.code }).toEqual({ verified: false, status: 'failed', code: 'ERR_OB_PARSE_FAILED' })
    expect(report.credential).toBeUndefined()
  })
  it('a VCDM 1.1 JWT (credential in "vc", registered claims beside it) verifies', async () => {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>
    const { iss, jti, sub, nbf, ...credential } = payload
    const signer = await importJWK(key.key.privateJwk as never, 'EdDSA')
    const legacy = await new SignJWT({ iss, jti, sub, nbf, vc: credential } as never).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: key.key.verificationMethod }).sign(signer)
    const report = await verify(legacy)
    expect(report.verified).toBe(true)
    expect(report.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'warning', code: 'WARN_OB_JWT_HEADER' })
  })
})

describe('context injection: a context added to a signed badge cannot change what it says', () => {
  const serving = () => {
    const requests: string[] = []
    const remote = {
      fetch: async (url: string) => {
        requests.push(url)
        return { ok: true, status: 200, text: async () => JSON.stringify({ '@context': { name: 'https://evil.example/name' } }) }
      },
    }
    return { remote, requests }
  }
  it('a remote context, with remote look-ups on (but remote contexts off): refused, nothing fetched → ERR_OB_JSONLD_INVALID', async () => {
    const { remote, requests } = serving()
    const { verified, check } = await checkOf({ ...signed, '@context': [...signed['@context'], 'https://contexts.example/evil.jsonld'] }, 'jsonld', { remote })
    expect({ verified, status: check.status, code: check.code }).toEqual({ verified: false, status: 'failed', code: 'ERR_OB_JSONLD_INVALID' })
    expect(requests).toEqual([])
  })
  it('an inline context redefining a protected term ("name") → ERR_OB_JSONLD_INVALID', async () => {
    const injected = { ...signed, '@context': [...signed['@context'], { name: 'https://evil.example/name' }] }
    const { verified, check } = await checkOf(injected, 'jsonld')
    expect({ verified, status: check.status, code: check.code }).toEqual({ verified: false, status: 'failed', code: 'ERR_OB_JSONLD_INVALID' })
    expect(check.message).toMatch(/protected term/)
  })
  it('the same redefinition inside the achievement → ERR_OB_JSONLD_INVALID', async () => {
    const subject = signed.credentialSubject
    const injected = { ...signed, credentialSubject: { ...subject, achievement: { '@context': { name: 'https://evil.example/name' }, ...subject.achievement, name: 'National Board Certification' } } }
    const { verified, check } = await checkOf(injected, 'jsonld')
    expect({ verified, status: check.status, code: check.code }).toEqual({ verified: false, status: 'failed', code: 'ERR_OB_JSONLD_INVALID' })
  })
  it('an inline @vocab that makes a new property expand: the property is signed content, so the proof fails → ERR_OB_PROOF_INVALID', async () => {
    const injected = { ...signed, '@context': [...signed['@context'], { '@vocab': 'https://evil.example/#' }], creditHours: 40 }
    const { verified, check } = await checkOf(injected, 'proof')
    expect({ verified, status: check.status, code: check.code }).toEqual({ verified: false, status: 'failed', code: 'ERR_OB_PROOF_INVALID' })
  })
  it('a term mapped to null to hide a property → ERR_OB_JSONLD_INVALID (safe mode drops nothing silently)', async () => {
    const injected = { ...signed, '@context': [...signed['@context'], { displayName: null }], displayName: 'National Board Certification' }
    const { verified, check } = await checkOf(injected, 'jsonld')
    expect({ verified, status: check.status, code: check.code }).toEqual({ verified: false, status: 'failed', code: 'ERR_OB_JSONLD_INVALID' })
  })
})

describe('credentialSchema pointing at something odd', () => {
  const withSchema = async (credentialSchema: unknown) => addDataIntegrityProof({ ...base, credentialSchema } as OpenBadgeCredential, { signer: key.signer })
  it('an extension schema on another host: never fetched; verified with WARN_OB_SCHEMA_NOT_CHECKED', async () => {
    const requests: string[] = []
    const remote = {
      fetch: async (url: string) => {
        requests.push(url)
        return { ok: false, status: 404, text: async () => '' }
      },
    }
    const badge = await withSchema([{ id: 'https://schemas.example/ob-extension.json', type: '1EdTechJsonSchemaValidator2019' }])
    const { verified, check } = await checkOf(badge, 'schema', { remote })
    expect({ verified, status: check.status, code: check.code }).toEqual({ verified: true, status: 'warning', code: 'WARN_OB_SCHEMA_NOT_CHECKED' })
    expect(requests).toEqual([])
  })
  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'data:application/json,{}'])('a schema id %j → ERR_OB_URI_UNSAFE', async (id) => {
    const { verified, check } = await checkOf(await withSchema([{ id, type: '1EdTechJsonSchemaValidator2019' }]), 'schema')
    expect({ verified, status: check.status, code: check.code }).toEqual({ verified: false, status: 'failed', code: 'ERR_OB_URI_UNSAFE' })
  })
})

describe('a VC 1.1 credential that states its dates twice (issuanceDate / validFrom, expirationDate / validUntil)', () => {
  /** A minimal VC 1.1 Open Badge (OB 3.0.2 context, which also defines validFrom/validUntil), signed by the test issuer. */
  const v1Badge = (dates: Record<string, string>) =>
    addDataIntegrityProof(
      {
        '@context': ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', 'https://w3id.org/security/data-integrity/v2'],
        id: 'urn:uuid:0f9a6c1e-5d4b-4c1a-9a53-6f1d2c3b4a50',
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        name: 'Teamwork',
        issuer: { id: key.key.issuerId, type: ['Profile'], name: 'Springfield Public Schools' },
        credentialSubject: {
          id: 'did:example:educator-ana-rivera',
          type: ['AchievementSubject'],
          achievement: { id: 'urn:uuid:2c6e0c38-1f5e-4b8e-9d0e-3c1f2a6b7d81', type: ['Achievement'], name: 'Teamwork', description: 'Works in a team.', criteria: { narrative: 'Peer nominated.' } },
        },
        ...dates,
      },
      { signer: key.signer },
    )
  it('expirationDate passed, validUntil in 2099: expired → ERR_OB_CREDENTIAL_EXPIRED', async () => {
    const { verified, check } = await checkOf(await v1Badge({ issuanceDate: '2026-01-01T00:00:00Z', expirationDate: '2026-02-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z' }), 'validity')
    expect({ verified, status: check.status, code: check.code }).toEqual({ verified: false, status: 'failed', code: 'ERR_OB_CREDENTIAL_EXPIRED' })
  })
  it('issuanceDate in 2099, validFrom in the past: not yet valid → ERR_OB_CREDENTIAL_NOT_YET_VALID', async () => {
    const { verified, check } = await checkOf(await v1Badge({ issuanceDate: '2099-01-01T00:00:00Z', validFrom: '2026-01-01T00:00:00Z' }), 'validity')
    expect({ verified, status: check.status, code: check.code }).toEqual({ verified: false, status: 'failed', code: 'ERR_OB_CREDENTIAL_NOT_YET_VALID' })
  })
  it('both pairs within their time: verified', async () => {
    const report = await verify(await v1Badge({ issuanceDate: '2026-01-01T00:00:00Z', validFrom: '2026-01-01T00:00:00Z', expirationDate: '2099-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z' }))
    expect(report.checks.find((c) => c.id === 'validity')?.status).toBe('passed')
    expect(report.verified).toBe(true)
  })
})

describe('badge text printed to a terminal', () => {
  // Cursor up, erase the line, carriage return: "NOT VERIFIED" overwritten by a forged "VERIFIED".
  const forgedLine = '\u001b[1A\u001b[2K\rVERIFIED: National Board Certification'
  it('microcred verify shows an issuer name’s control characters as visible escapes; exit 1 stays "NOT VERIFIED"', async () => {
    const forged = { ...signed, issuer: { ...signed.issuer, name: `Springfield\u202e${forgedLine}` } }
    const file = join(mkdtempSync(join(tmpdir(), 'microcred-hostile-')), 'badge.json')
    writeFileSync(file, JSON.stringify(forged))
    const { code, stdout } = await cli('verify', file)
    expect(code).toBe(1)
    expect(stdout.startsWith('NOT VERIFIED')).toBe(true)
    expect([...stdout].filter((c) => (c < ' ' && c !== '\n') || (c >= '\u007f' && c <= '\u009f') || (c >= '\u202a' && c <= '\u202e'))).toEqual([])
    expect(stdout).toContain('\\u001b[1A')
    expect(stdout.split('\n').filter((line) => line.startsWith('VERIFIED'))).toEqual([])
  })
  it('a parse error quoting the input shows its control characters as escapes (stderr, exit 2)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'microcred-hostile-')), 'badge.json')
    writeFileSync(file, `{"a": ${forgedLine}}`)
    const { code, stderr } = await cli('verify', file)
    expect(code).toBe(2)
    expect(stderr).toContain('ERR_OB_PARSE_FAILED')
    expect([...stderr.trimEnd()].filter((c) => c < ' ' || (c >= '\u007f' && c <= '\u009f'))).toEqual([])
  })
  it('--json output keeps the name exactly (JSON escapes it)', async () => {
    const forged = { ...signed, issuer: { ...signed.issuer, name: forgedLine } }
    const file = join(mkdtempSync(join(tmpdir(), 'microcred-hostile-')), 'badge.json')
    writeFileSync(file, JSON.stringify(forged))
    const { stdout } = await cli('verify', file, '--json')
    expect(JSON.parse(stdout).issuer.name).toBe(forgedLine)
  })
})

describe('a proof created in the future: ERR_OB_PROOF_CREATED_IN_FUTURE', () => {
  const signedAt = (created: Date) => signDataIntegrity(base, { signer: key.signer, created })
  it('created in 2099', async () => {
    const { verified, check } = await checkOf(await signedAt(new Date('2099-01-01T00:00:00Z')), 'proof')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_PROOF_CREATED_IN_FUTURE' })
  })
  it('created an hour from now', async () => {
    const { verified, check } = await checkOf(await signedAt(new Date(Date.now() + 3_600_000)), 'proof', { now: new Date() })
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_PROOF_CREATED_IN_FUTURE' })
  })
  it('created a minute from now is within the clock skew', async () => {
    const { verified, check } = await checkOf(await signedAt(new Date(Date.now() + 60_000)), 'proof', { now: new Date() })
    expect({ verified, status: check.status }).toEqual({ verified: true, status: 'passed' })
  })
  it('…but not with maxClockSkew 0', async () => {
    const { verified, check } = await checkOf(await signedAt(new Date(Date.now() + 60_000)), 'proof', { now: new Date(), maxClockSkew: 0 })
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_PROOF_CREATED_IN_FUTURE' })
  })
  it('a JWT issued ("iat") in 2099', async () => {
    const payload = { ...base, iss: key.key.issuerId, jti: base.id, sub: String(base.credentialSubject.id), nbf: Math.floor(Date.parse(base.validFrom) / 1000), iat: 4070908800 }
    const token = await new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: key.key.verificationMethod, typ: 'JWT' }).sign(await importJWK(key.key.privateJwk, 'EdDSA'))
    const { verified, check } = await checkOf(token, 'proof')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_PROOF_CREATED_IN_FUTURE' })
  })
  it('a genuine JWT (iat now) verifies', async () => {
    expect((await verify(jwt)).verified).toBe(true)
  })
})

const HOSTILE_URLS = [
  'javascript:alert(document.domain)',
  'JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  '  javascript:alert(1)',
  'vbscript:msgbox(1)',
  'data:text/html,<script>alert(1)</script>',
  'file:///etc/passwd',
  'blob:https://evil.example/1',
]

/** Signs the changed credential when the signing stack allows it; otherwise keeps the old proof (the URL check is reported either way). */
async function hostileBadge(edit: (c: Record<string, unknown>) => void): Promise<Record<string, unknown>> {
  const copy = structuredClone(base) as unknown as Record<string, unknown>
  edit(copy)
  try {
    return await addDataIntegrityProof(copy, { signer: key.signer, created: new Date('2026-10-10T12:00:00Z') })
  } catch {
    return { ...copy, proof: signed.proof }
  }
}

describe('addresses a page would follow: only https:/http: (ERR_OB_URI_UNSAFE)', () => {
  it.each(HOSTILE_URLS)('evidence id %j', async (url) => {
    const badge = await hostileBadge((c) => (c.evidence = [{ id: url, type: ['Evidence'], name: 'Portfolio' }]))
    const { verified, check } = await checkOf(badge, 'schema')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_URI_UNSAFE' })
  })
  it.each(['javascript:alert(1)', 'ftp://district.example.org/', 'mailto:office@district.example.org', 'data:text/html,x'])('issuer.url %j', async (url) => {
    const badge = await hostileBadge((c) => ((c.issuer as Record<string, unknown>).url = url))
    const { verified, check } = await checkOf(badge, 'schema')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_URI_UNSAFE' })
  })
  it('criteria id javascript:', async () => {
    const badge = await hostileBadge((c) => (((c.credentialSubject as Record<string, Record<string, Record<string, unknown>>>).achievement!.criteria!.id = 'javascript:alert(1)')))
    const { verified, check } = await checkOf(badge, 'schema')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_URI_UNSAFE' })
  })
  it('an achievement image that is an HTML data URL', async () => {
    const badge = await hostileBadge((c) => ((c.credentialSubject as Record<string, Record<string, unknown>>).achievement!.image = { id: 'data:text/html,<script>alert(1)</script>', type: 'Image' }))
    const { verified, check } = await checkOf(badge, 'schema')
    expect({ verified, code: check.code }).toEqual({ verified: false, code: 'ERR_OB_URI_UNSAFE' })
  })
  it('an achievement image that is a PNG data URL is fine', async () => {
    const badge = await hostileBadge((c) => ((c.credentialSubject as Record<string, Record<string, unknown>>).achievement!.image = { id: 'data:image/png;base64,iVBORw0KGgo=', type: 'Image' }))
    const { verified, check } = await checkOf(badge, 'schema')
    expect({ verified, status: check.status }).toEqual({ verified: true, status: 'passed' })
  })
  it('https evidence and urn: evidence ids are fine', async () => {
    const badge = await hostileBadge((c) => (c.evidence = [{ id: 'https://portfolio.example.org/1', type: ['Evidence'] }, { id: 'urn:uuid:7f1c2d8e-0000-4000-8000-000000000000', type: ['Evidence'] }]))
    expect((await verify(badge)).verified).toBe(true)
  })

  it.each(HOSTILE_URLS)('the page never links or loads %j', (url) => {
    const html = renderCredentialContent({ ...signed, issuer: { ...signed.issuer, url }, evidence: [{ id: url, type: ['Evidence'], name: 'Portfolio' }], credentialSubject: { ...signed.credentialSubject, achievement: { ...signed.credentialSubject.achievement, image: { id: url, type: 'Image' }, criteria: { id: url } } } })
    const targets = [...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]!)
    expect(targets.length).toBeGreaterThan(0)
    for (const target of targets) expect(target).toMatch(/^(?:https:|http:|data:application\/ld\+json;base64,)/)
    expect(html).toContain('Portfolio')
  })
})
