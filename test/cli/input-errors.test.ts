// Input mistakes a new user makes are coded input errors (exit 2) in plain words: never
// ERR_OB_GENERIC, never a temp file's name; and with --json, stderr stays empty.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../helpers/cli.js'
import { exampleInto, ROOT } from '../helpers/examples.js'

const dir = mkdtempSync(join(tmpdir(), 'microcred-cli-input-'))
const at = (name: string) => join(dir, name)
const gestures = join(ROOT, 'examples/templates/checking-understanding-gestures.json')
const award = join(ROOT, 'examples/assessments/gestures-award.json')
const key = at('issuer.key.json')
const badge = at('badge.json')

beforeAll(async () => {
  expect((await cli('keys', 'generate', '--out', key)).code).toBe(0)
  expect((await cli('issue', gestures, award, '--key', key, '--issuer-name', 'District', '--out', badge)).code).toBe(0)
  writeFileSync(at('roster.csv'), `name,email,template,awarded\nAna,ana@district.example.org,${exampleInto(dir, 'templates/checking-understanding-gestures.json')},yes\n`)
})

/** Runs argv with --json and returns the error object, after checking exit 2 and an empty stderr. */
async function jsonError(...argv: string[]): Promise<{ code: string; message: string }> {
  const result = await cli(...argv, '--json')
  expect(result.stderr, argv.join(' ')).toBe('')
  expect(result.code, result.stdout).toBe(2)
  return JSON.parse(result.stdout).error
}

describe('writing into a folder that does not exist', () => {
  it.each([
    ['issue', () => ['issue', gestures, award, '--key', key, '--issuer-name', 'District', '--out', at('missing/badge.json')]],
    ['keys generate', () => ['keys', 'generate', '--out', at('missing/issuer.key.json')]],
    ['decide --trail', () => ['decide', 'award', gestures, award, '--issuer-name', 'District', '--key', key, '--trail', at('missing/audit.json')]],
    ['endorse --out', () => ['endorse', '--key', key, '--endorser-name', 'Union', '--subject', 'https://x.example/a', '--comment', 'Counts', '--out', at('missing/e.json')]],
  ])('%s: a coded input error naming the file, no temp file name', async (_, argv) => {
    const error = await jsonError(...argv())
    expect(error.code).toBe('ERR_OB_INPUT_INVALID')
    expect(error.message).toContain(`"${at('missing')}" does not exist`)
    expect(error.message).not.toMatch(/\.tmp|ENOENT: no such/)
  })

  it('a file where a folder must be (status publish --out) is a coded input error', async () => {
    const state = at('state')
    await cli('issue', gestures, award, '--key', key, '--issuer-name', 'District', '--state', state, '--status-base-url', 'https://d.example.org/status', '--out', at('with-status.json'))
    const error = await jsonError('status', 'publish', '--state', state, '--key', key, '--base-url', 'https://d.example.org/status', '--out', badge)
    expect(error.code).toBe('ERR_OB_INPUT_INVALID')
    expect(error.message).toContain(`"${badge}"`)
  })
})

describe('flag values that cannot work are usage errors, checked before anything is done', () => {
  it.each([
    ['--valid-until in the past', () => ['issue', gestures, award, '--key', key, '--issuer-name', 'District', '--valid-until', '2001-01-01'], '--valid-until'],
    ['--issuer-url not https', () => ['issue', gestures, award, '--key', key, '--issuer-name', 'District', '--issuer-url', 'javascript:alert(1)'], '--issuer-url'],
    ['--status-base-url not a URL', () => ['issue', gestures, award, '--key', key, '--issuer-name', 'District', '--state', at('unused-state'), '--status-base-url', 'status'], '--status-base-url'],
    ['--cert-url not http(s)', () => ['share', 'linkedin', badge, '--cert-url', 'ftp://badges.example.org/1'], '--cert-url'],
    ['publish --base-url not https', () => ['publish', '--key', key, '--base-url', 'http://badges.example.org', '--issuer-name', 'District', '--out', at('site')], '--base-url'],
    ['keys generate --url not a URL', () => ['keys', 'generate', '--url', 'badges', '--out', at('url.key.json')], '--url'],
    ['--wallet-url not a URL', () => ['issue', '--batch', at('roster.csv'), '--key', key, '--issuer-name', 'District', '--out', at('batch'), '--no-page', '--wallet-url', 'wallet', '--wallet-state', at('wallet')], '--wallet-url'],
    ['--page-base-url not a URL', () => ['issue', '--batch', at('roster.csv'), '--key', key, '--issuer-name', 'District', '--out', at('batch'), '--page-base-url', 'pages'], '--page-base-url'],
    ['endorse --subject not an absolute URI', () => ['endorse', '--key', key, '--endorser-name', 'Union', '--subject', 'gestures', '--comment', 'Counts'], '--subject'],
  ])('%s', async (_, argv, flag) => {
    const error = await jsonError(...argv())
    expect(error.code).toBe('ERR_OB_USAGE')
    expect(error.message).toContain(flag)
  })
})

describe('a folder where a file is expected', () => {
  it('verify . is an input error saying it is a folder', async () => {
    const error = await jsonError('verify', dir)
    expect(error).toEqual({ code: 'ERR_OB_INPUT_INVALID', message: `cannot read "${dir}": it is a folder, not a file` })
    const text = await cli('verify', dir)
    expect([text.code, text.stderr]).toEqual([2, `microcred: ERR_OB_INPUT_INVALID: cannot read "${dir}": it is a folder, not a file\n`])
  })
})

describe('unbake --json', () => {
  it('an image without a credential: exit 1, the answer on stdout, nothing on stderr', async () => {
    const art = join(ROOT, 'test/fixtures/validator/baked/simple-json.png')
    const plain = at('plain.png')
    const { unbakePng } = await import('../../src/bake/png.js')
    expect(unbakePng(new Uint8Array((await import('node:fs')).readFileSync(art))).version).toBe('3.0')
    const { renderBadgeSvg, renderPng } = await import('../../src/bake/default-image.js')
    writeFileSync(plain, await renderPng(renderBadgeSvg({ title: 'Art', area: 'Any', issuerName: 'Nobody' })))
    const result = await cli('unbake', plain, '--json')
    expect([result.code, result.stderr]).toEqual([1, ''])
    expect(JSON.parse(result.stdout)).toEqual({ version: 'none', message: 'no credential is baked in this image' })
  })
})
