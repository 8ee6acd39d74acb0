// bake and unbake take images: anything else is named for what it is not (a PNG or SVG image),
// exit 2; share reads a badge in every form verify reads.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../helpers/cli.js'
import { ROOT } from '../helpers/examples.js'

const dir = mkdtempSync(join(tmpdir(), 'microcred-cli-images-'))
const at = (name: string) => join(dir, name)
const gestures = join(ROOT, 'examples/templates/checking-understanding-gestures.json')
const award = join(ROOT, 'examples/assessments/gestures-award.json')
const art = join(ROOT, 'test/fixtures/validator/baked/simple-json.png')
const badge = at('badge.json')

beforeAll(async () => {
  const key = at('issuer.key.json')
  expect((await cli('keys', 'generate', '--out', key)).code).toBe(0)
  expect((await cli('issue', gestures, award, '--key', key, '--issuer-name', 'District', '--out', badge)).code).toBe(0)
  expect((await cli('issue', gestures, award, '--key', key, '--issuer-name', 'District', '--format', 'jwt', '--out', at('badge.jwt'))).code).toBe(0)
  expect((await cli('bake', badge, art, '--out', at('badge.png'))).code).toBe(0)
  writeFileSync(at('art.svg'), '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n')
  expect((await cli('bake', badge, at('art.svg'), '--out', at('badge.svg'))).code).toBe(0)
  writeFileSync(at('page.html'), '<!doctype html><html><body>hello</body></html>')
  writeFileSync(at('noise.bin'), new Uint8Array([0, 159, 146, 150, 1, 2, 3]))
})

describe('an input that is not an image', () => {
  it.each([
    ['a JSON credential', () => badge],
    ['an HTML page', () => at('page.html')],
    ['binary noise', () => at('noise.bin')],
  ])('%s: unbake and bake say it is not a PNG or SVG image, exit 2', async (_, path) => {
    for (const argv of [
      ['unbake', path()],
      ['bake', badge, path(), '--out', at('out.png')],
    ]) {
      const result = await cli(...argv, '--json')
      expect([result.code, result.stderr], argv[0]).toEqual([2, ''])
      expect(JSON.parse(result.stdout).error).toEqual({ code: 'ERR_OB_INPUT_INVALID', message: `"${path()}" is not a PNG or SVG image` })
    }
  })

  it('an image of either kind still bakes and unbakes', async () => {
    for (const image of ['badge.png', 'badge.svg']) {
      const result = await cli('unbake', at(image))
      expect(result.code, image).toBe(0)
      expect(JSON.parse(result.stdout).id).toMatch(/^urn:uuid:/)
    }
  })
})

describe('share linkedin reads every badge form verify reads', () => {
  it.each(['badge.json', 'badge.jwt', 'badge.png', 'badge.svg'])('%s', async (name) => {
    const result = await cli('share', 'linkedin', at(name), '--cert-url', 'https://badges.example.org/c/ana', '--json')
    expect(result.code, result.stdout).toBe(0)
    expect(JSON.parse(result.stdout).addToProfile).toMatch(/^https:\/\/www\.linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME&name=Checking/)
  })
})

describe('bake without an IMAGE draws the default badge', () => {
  it.each([
    ['badge.json', 'drawn.png', 'png'],
    ['badge.json', 'drawn.svg', 'svg'],
    ['badge.jwt', 'drawn-jwt.PNG', 'png'],
  ])('%s → %s', async (credential, out, kind) => {
    const result = await cli('bake', at(credential), '--out', at(out), '--json')
    expect(result.code, result.stdout).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({ out: at(out), kind, image: 'default' })
    const verified = await cli('verify', at(out), '--json')
    expect([verified.code, JSON.parse(verified.stdout).container]).toEqual([0, kind])
  })

  it('the drawn badge shows the achievement, its area and the issuer', async () => {
    const { readFileSync } = await import('node:fs')
    const svg = readFileSync(at('drawn.svg'), 'utf8')
    for (const text of ['Checking for Understanding', 'Formative Assessment', 'District']) expect(svg).toContain(text)
  })

  it('--out must say which kind to draw', async () => {
    const result = await cli('bake', badge, '--out', at('drawn.gif'))
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--out must end in .png or .svg')
  })
})
