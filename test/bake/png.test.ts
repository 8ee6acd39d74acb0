import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import encodeChunks from 'png-chunks-encode'
import extractChunks from 'png-chunks-extract'
import { describe, expect, it } from 'vitest'
import { renderBadgeSvg, renderPng } from '../../src/bake/default-image.js'
import { bakePng, MAX_BAKED_BYTES, pngBaker, unbakePng, unbakePngCredential } from '../../src/bake/png.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { ROOT } from '../helpers/examples.js'
import { NOW } from '../helpers/issue.js'

const fixture = readFileSync(join(ROOT, 'test/fixtures/validator/baked/simple-json.png'))
const blank = await renderPng(renderBadgeSvg({ title: 'T', area: 'A', issuerName: 'I' }), { width: 64 })
const encoder = new TextEncoder()
const iTXt = (keyword: string, text: string, flag = 0) => {
  const k = encoder.encode(keyword)
  const t = encoder.encode(text)
  const data = new Uint8Array(k.length + 5 + t.length)
  data.set(k)
  data[k.length + 1] = flag
  data.set(t, k.length + 5)
  return { name: 'iTXt', data }
}
const withChunks = (png: Uint8Array, ...extra: { name: string; data: Uint8Array }[]) => {
  const chunks = extractChunks(png)
  chunks.splice(chunks.length - 1, 0, ...extra)
  return encodeChunks(chunks)
}

describe('PNG baking', () => {
  it.each([
    ['JSON', '{"name":"Über-Abzeichen ✓ 日本語"}'],
    ['JWT', 'eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2ln'],
  ])('round-trips %s, non-ASCII included', (_, text) => {
    expect(unbakePng(bakePng(blank, text))).toEqual({ version: '3.0', credential: text })
  })

  it('writes one uncompressed iTXt chunk before IEND, empty language and translated keyword', () => {
    const chunks = extractChunks(bakePng(blank, '{"a":1}'))
    expect(chunks.at(-1)!.name).toBe('IEND')
    const chunk = chunks.at(-2)!
    expect(chunk.name).toBe('iTXt')
    expect([...chunk.data.slice(0, 24)]).toEqual([...encoder.encode('openbadgecredential'), 0, 0, 0, 0, 0])
  })

  it('writes the same bytes as the independent png-chunks-encode (lengths, types, CRCs)', () => {
    const baked = bakePng(blank, '{"name":"Über ✓"}')
    expect(Buffer.from(encodeChunks(extractChunks(baked))).equals(Buffer.from(baked))).toBe(true)
  })

  it('pngBaker bakes many credentials into one image exactly as bakePng does, from a copy of the image', () => {
    const image = bakePng(blank, '{"old":true}')
    const bake = pngBaker(image)
    const expected = bakePng(image, '{"n":1}')
    image.fill(0)
    expect(Buffer.from(bake('{"n":1}')).equals(Buffer.from(expected))).toBe(true)
    expect(unbakePngCredential(bake('{"n":2}'))).toBe('{"n":2}')
  })

  it('re-baking replaces, never duplicates', () => {
    const twice = bakePng(bakePng(blank, '{"a":1}'), '{"a":2}')
    expect(extractChunks(twice).filter((c) => c.name === 'iTXt')).toHaveLength(1)
    expect(unbakePngCredential(twice)).toBe('{"a":2}')
    expect(() => bakePng(twice, '{}', { refuseIfBaked: true })).toThrow(expect.objectContaining({ code: 'ERR_OB_BAKE_INVALID' }))
  })

  it('the validator’s baked fixture unbakes and verifies (conformance mode: its key is only claimed)', async () => {
    const report = await verifyBadge(fixture, { now: NOW, acceptClaimedKey: true })
    expect(report).toMatchObject({ verified: true, container: 'png' })
  })

  it('refuses a compressed, doubled or oversized credential chunk with a coded error', () => {
    expect(() => unbakePng(withChunks(blank, iTXt('openbadgecredential', 'x', 1)))).toThrow(expect.objectContaining({ code: 'ERR_OB_BAKE_INVALID', message: expect.stringContaining('compressed') }))
    expect(() => unbakePng(withChunks(blank, iTXt('openbadgecredential', '{}'), iTXt('openbadgecredential', '{}')))).toThrow(
      expect.objectContaining({ code: 'ERR_OB_BAKE_INVALID', message: expect.stringContaining('more than one') }),
    )
    expect(() => unbakePng(withChunks(blank, iTXt('openbadgecredential', 'x'.repeat(MAX_BAKED_BYTES + 1))))).toThrow(expect.objectContaining({ code: 'ERR_OB_BAKE_INVALID' }))
    expect(() => bakePng(blank, 'x'.repeat(MAX_BAKED_BYTES + 1))).toThrow(expect.objectContaining({ code: 'ERR_OB_BAKE_INVALID' }))
  })

  it('an Open Badges 2.0 image gives the legacy verdict', async () => {
    const legacy = withChunks(blank, { name: 'tEXt', data: encoder.encode('openbadges\u0000https://example.org/assertion/1') })
    expect(unbakePng(legacy)).toEqual({ version: '2.0', assertion: 'https://example.org/assertion/1' })
    const report = await verifyBadge(legacy)
    expect(report.checks[0]).toMatchObject({ id: 'parse', status: 'failed', code: 'ERR_OB_BAKE_LEGACY_V2' })
  })

  it('refuses what is not a PNG', () => {
    expect(() => unbakePng(new Uint8Array([1, 2, 3]))).toThrow(expect.objectContaining({ code: 'ERR_OB_BAKE_INVALID' }))
  })
})
