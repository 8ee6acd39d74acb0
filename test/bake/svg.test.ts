import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DOMParser } from '@xmldom/xmldom'
import { describe, expect, it } from 'vitest'
import { areaColor, renderBadgeSvg } from '../../src/bake/default-image.js'
import { bakeSvg, unbakeSvg, unbakeSvgCredential } from '../../src/bake/svg.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { ROOT } from '../helpers/examples.js'
import { NOW } from '../helpers/issue.js'

const svg = renderBadgeSvg({ title: 'Checking for Understanding & “Gestures”', area: 'Formative Assessment', issuerName: 'Springfield <Schools>' })
const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2ln'

describe('SVG baking', () => {
  it('puts the JWT in a verify attribute right after the root, with the namespace on the root', () => {
    const baked = bakeSvg(svg, jwt)
    const root = new DOMParser().parseFromString(baked, 'image/svg+xml').documentElement!
    expect(root.getAttribute('xmlns:openbadges')).toBe('https://purl.imsglobal.org/ob/v3p0')
    const first = [...root.childNodes].find((n) => n.nodeType === 1) as unknown as { localName: string; getAttribute(n: string): string }
    expect(first.localName).toBe('credential')
    expect(first.getAttribute('verify')).toBe(jwt)
    expect(unbakeSvg(baked)).toEqual({ version: '3.0', credential: jwt })
  })

  it('puts JSON in CDATA and round-trips non-ASCII', () => {
    const json = '{"name":"Über ✓ 日本語 <tag> & stuff"}'
    const baked = bakeSvg(svg, json)
    expect(baked).toContain('<![CDATA[')
    expect(unbakeSvgCredential(baked)).toBe(json)
  })

  it('re-baking replaces; two credentials are refused', () => {
    const twice = bakeSvg(bakeSvg(svg, '{"a":1}'), jwt)
    expect(twice.match(/<openbadges:credential/g)).toHaveLength(1)
    expect(unbakeSvgCredential(twice)).toBe(jwt)
    const doubled = twice.replace('<openbadges:credential', `<openbadges:credential verify="${jwt}"/><openbadges:credential`)
    expect(() => unbakeSvg(doubled)).toThrow(expect.objectContaining({ code: 'ERR_OB_BAKE_INVALID' }))
  })

  it('recognises Open Badges 2.0 and refuses malformed XML', () => {
    const legacy = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="https://example.org/a/1"/></svg>'
    expect(unbakeSvg(legacy)).toEqual({ version: '2.0', assertion: 'https://example.org/a/1' })
    expect(() => unbakeSvgCredential(legacy)).toThrow(expect.objectContaining({ code: 'ERR_OB_BAKE_LEGACY_V2' }))
    expect(() => unbakeSvg('<svg><unclosed></svg>')).toThrow(expect.objectContaining({ code: 'ERR_OB_BAKE_INVALID' }))
  })

  it.each(['simple-json.svg', 'simple-jwt.svg'])('the validator’s %s verifies (conformance mode: its key is only claimed)', async (file) => {
    const report = await verifyBadge(readFileSync(join(ROOT, 'test/fixtures/validator/baked', file)), { now: NOW, acceptClaimedKey: true })
    expect(report).toMatchObject({ verified: true, container: 'svg' })
  })
})

describe('default badge image', () => {
  it('is deterministic, accessible and escapes text', () => {
    expect(renderBadgeSvg({ title: 'A', area: 'B', issuerName: 'C' })).toBe(renderBadgeSvg({ title: 'A', area: 'B', issuerName: 'C' }))
    expect(svg).toContain('role="img"')
    expect(svg).toContain('<title id="badge-title">')
    expect(svg).toContain('Springfield &lt;Schools&gt;')
    expect(() => new DOMParser().parseFromString(svg, 'image/svg+xml')).not.toThrow()
  })
  it('colours by competency area, stably', () => {
    expect(areaColor('Formative Assessment')).toBe(areaColor(' formative assessment '))
    const colors = new Set(['Formative Assessment', 'Learner Variability', 'Data-Driven Instruction', 'Literacy', 'STEM'].map(areaColor))
    expect(colors.size).toBeGreaterThan(2)
  })
})
