// Input that is not a credential at all (a micro-credential template, any other JSON object) is a
// parse failure, in every container: a JSON object is a credential candidate only with `@context`
// or a `type` that includes VerifiableCredential. Genuine credential forms are not affected (the
// spec examples, validator fixtures and interop tests cover those); the two minimal candidates
// below pass the parse check and fail later checks.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { importJWK, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { bakePng } from '../../src/bake/png.js'
import { bakeSvg } from '../../src/bake/svg.js'
import { renderBadgeSvg, renderPng } from '../../src/bake/default-image.js'
import { parseBadgeInput } from '../../src/verify/parse-input.js'
import type { BadgeInput } from '../../src/verify/parse-input.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { ROOT } from '../helpers/examples.js'
import { issuer, NOW } from '../helpers/issue.js'

const templateText = readFileSync(join(ROOT, 'examples/templates/checking-understanding-gestures.json'), 'utf8')
const NOT_A_VC = /is not a verifiable credential: it has neither @context nor type VerifiableCredential/
let jwtOfTemplate: string

const parseCheck = async (input: BadgeInput) => {
  const report = await verifyBadge(input, { now: NOW })
  const parse = report.checks.find((c) => c.id === 'parse')!
  return { report, parse }
}

beforeAll(async () => {
  const { key } = await issuer()
  const signer = await importJWK(key.privateJwk as never, 'EdDSA')
  jwtOfTemplate = await new SignJWT(JSON.parse(templateText)).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: key.verificationMethod }).sign(signer)
}, 60_000)

describe('not a credential at all: the parse check fails with ERR_OB_PARSE_FAILED', () => {
  it.each([
    ['a micro-credential template as JSON text', () => templateText],
    ['a micro-credential template as an object', () => JSON.parse(templateText) as Record<string, unknown>],
    ['any other JSON object', () => '{"a":1}'],
    ['an object whose type is not VerifiableCredential', () => ({ type: ['OpenBadgeCredential'], name: 'x' })],
    ['a JWT whose payload is a template', () => jwtOfTemplate],
    ['an SVG with a template baked in', () => bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>', templateText)],
  ])('%s', async (_what, input) => {
    const { report, parse } = await parseCheck(input())
    expect({ verified: report.verified, status: parse.status, code: parse.code }).toEqual({ verified: false, status: 'failed', code: 'ERR_OB_PARSE_FAILED' })
    expect(parse.message).toMatch(NOT_A_VC)
    // Nothing after the parse check ran: no "✓ validity" for a file that holds no credential.
    expect(report.checks.filter((c) => c.id !== 'parse').every((c) => c.status === 'skipped')).toBe(true)
    expect(report.credential).toBeUndefined()
  })

  it('a PNG with a template baked in', async () => {
    const png = bakePng(await renderPng(renderBadgeSvg({ title: 'x', area: 'y', issuerName: 'z' })), templateText)
    const { parse } = await parseCheck(png)
    expect(parse).toMatchObject({ status: 'failed', code: 'ERR_OB_PARSE_FAILED', message: expect.stringMatching(NOT_A_VC) })
  })

  it('parseBadgeInput throws the same error', async () => {
    await expect(parseBadgeInput(templateText)).rejects.toMatchObject({ code: 'ERR_OB_PARSE_FAILED', message: expect.stringMatching(NOT_A_VC) })
  })
})

describe('a credential candidate passes the parse check (and is judged by the checks after it)', () => {
  it.each([
    ['@context alone', { '@context': ['https://www.w3.org/ns/credentials/v2'] }],
    ['type VerifiableCredential alone (a single string)', { type: 'VerifiableCredential' }],
    ['type including VerifiableCredential', { type: ['VerifiableCredential', 'OpenBadgeCredential'] }],
  ])('%s', async (_what, input) => {
    const { report, parse } = await parseCheck(input)
    expect(parse.status).toBe('passed')
    expect(report.verified).toBe(false)
  })
})
