// Data Integrity (eddsa-rdfc-2022) signs with Ed25519 keys only: a command that would sign with it
// refuses an ES256 or RS256 key up front (exit 2, ERR_OB_KEY_INVALID, saying what to do), before
// anything is allocated, written or signed; VC-JWT takes those keys.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../helpers/cli.js'
import { exampleInto, ROOT } from '../helpers/examples.js'

const dir = mkdtempSync(join(tmpdir(), 'microcred-cli-key-kind-'))
const at = (name: string) => join(dir, name)
const es256 = at('es256.key.json')
const gestures = join(ROOT, 'examples/templates/checking-understanding-gestures.json')
const award = join(ROOT, 'examples/assessments/gestures-award.json')

beforeAll(async () => {
  expect((await cli('keys', 'generate', '--alg', 'ES256', '--out', es256)).code).toBe(0)
  writeFileSync(at('roster.csv'), `name,email,did,template,awarded\nAna,ana@district.example.org,did:example:ana,${exampleInto(dir, 'templates/checking-understanding-gestures.json')},yes\n`)
})

async function refused(argv: string[]): Promise<string> {
  const result = await cli(...argv, '--json')
  expect([result.code, result.stderr], argv.join(' ')).toEqual([2, ''])
  const { error } = JSON.parse(result.stdout)
  expect(error.code).toBe('ERR_OB_KEY_INVALID')
  return error.message
}

describe('an ES256 key where Data Integrity would sign', () => {
  it('issue (default format): refused up front, pointing at --format jwt; no status entry allocated', async () => {
    const message = await refused(['issue', gestures, award, '--key', es256, '--issuer-name', 'District', '--state', at('state'), '--status-base-url', 'https://d.example.org/status'])
    expect(message).toContain('Data Integrity (eddsa-rdfc-2022) needs an Ed25519 key')
    expect(message).toContain('use --format jwt for ES256/RS256 keys')
    expect(existsSync(at('state'))).toBe(false)
  })

  it('issue --batch with di or both: refused before the output folder is made', async () => {
    for (const format of ['di', 'both']) {
      const message = await refused(['issue', '--batch', at('roster.csv'), '--key', es256, '--issuer-name', 'District', '--format', format, '--out', at(`out-${format}`), '--no-page'])
      expect(message).toContain('use --format jwt for ES256/RS256 keys')
      expect(existsSync(at(`out-${format}`))).toBe(false)
    }
  })

  it.each([
    ['endorse', () => ['endorse', '--key', es256, '--endorser-name', 'Union', '--subject', 'https://x.example/a', '--comment', 'Counts']],
    ['status publish', () => ['status', 'publish', '--state', dir, '--key', es256, '--base-url', 'https://d.example.org/status', '--out', at('lists')]],
    ['pathway issue', () => ['pathway', 'issue', join(ROOT, 'examples/pathways/formative-assessment-leader.json'), award, '--trust', at('roster.csv'), '--recipient', 'did:example:ana', '--key', es256, '--issuer-name', 'District', '--out', at('p.json')]],
    ['publish --state', () => ['publish', '--key', es256, '--base-url', 'https://d.example.org', '--issuer-name', 'District', '--state', dir, '--out', at('site')]],
    ['serve', () => ['serve', '--key', es256, '--issuer-name', 'District', '--port', '0', '--wallet-state', at('serve-state')]],
    ['issue --batch --wallet-url', () => ['issue', '--batch', at('roster.csv'), '--key', es256, '--issuer-name', 'District', '--format', 'jwt', '--out', at('out-wallet'), '--no-page', '--wallet-url', 'https://badges.example.org', '--wallet-state', at('wallet')]],
  ])('%s, which signs only with Data Integrity: refused, asking for an EdDSA key', async (_, argv) => {
    const message = await refused(argv())
    expect(message).toContain('needs an Ed25519 key')
    expect(message).toContain('keys generate --alg EdDSA')
  })

  it('VC-JWT takes the ES256 key', async () => {
    expect((await cli('issue', gestures, award, '--key', es256, '--issuer-name', 'District', '--format', 'jwt', '--out', at('badge.jwt'))).code).toBe(0)
    expect((await cli('issue', '--batch', at('roster.csv'), '--key', es256, '--issuer-name', 'District', '--format', 'jwt', '--out', at('out-jwt'), '--no-page')).code).toBe(0)
  })
})
