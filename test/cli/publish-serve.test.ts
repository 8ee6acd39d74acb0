import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.js'

const dir = mkdtempSync(join(tmpdir(), 'microcred-cli-publish-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function cli(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t
    },
    stderr: (t) => {
      stderr += t
    },
    readStdin: async () => new Uint8Array(),
  })
  return { code, stdout, stderr }
}

describe('microcred publish and serve (CLI contract)', () => {
  it('publish writes the site for a did:web issuer and exits 0; --json lists the files', async () => {
    const key = join(dir, 'web.key.json')
    expect((await cli('keys', 'generate', '--did', 'web:district.example.org', '--out', key)).code).toBe(0)
    const result = await cli('publish', '--key', key, '--base-url', 'https://district.example.org', '--out', join(dir, 'site'), '--issuer-name', 'Springfield', '--json')
    expect(result.code).toBe(0)
    const summary = JSON.parse(result.stdout)
    expect(summary.files.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['profile.json', '.well-known/did.json', '.well-known/jwks.json']))
    expect(JSON.parse(readFileSync(join(dir, 'site', 'profile.json'), 'utf8')).name).toBe('Springfield')
  })

  it('exits 2 with one line on usage and input errors', async () => {
    const missing = await cli('publish', '--out', join(dir, 'x'))
    expect(missing.code).toBe(2)
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)
    const key = join(dir, 'web.key.json')
    const elsewhere = await cli('publish', '--key', key, '--base-url', 'https://other.example.org', '--out', join(dir, 'y'), '--issuer-name', 'Springfield')
    expect(elsewhere.code).toBe(2)
    expect(elsewhere.stderr).toContain('ERR_OB_ISSUER_INVALID')
    const badEmail = await cli('publish', '--key', key, '--base-url', 'https://district.example.org', '--out', join(dir, 'z'), '--issuer-email', 'nope', '--issuer-name', 'Springfield')
    expect(badEmail.code).toBe(2)
    expect(existsSync(join(dir, 'z', 'profile.json'))).toBe(false)
    expect((await cli('serve')).code).toBe(2)
    expect((await cli('serve', '--key', key, '--port', '70000')).code).toBe(2)
    const halfWallet = await cli('issue', '--batch', 'r.csv', '--key', key, '--issuer-name', 'District', '--out', join(dir, 'o'), '--wallet-url', 'https://x.example')
    expect([halfWallet.code, halfWallet.stderr]).toEqual([2, expect.stringContaining('--wallet-url and --wallet-state go together')])
  })
})
