import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { serveCommand } from '../../src/cli/commands/serve.js'
import { captureIo, cli } from '../helpers/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'microcred-cli-publish-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

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
    expect((await cli('serve', '--key', key, '--issuer-name', 'Springfield', '--port', '70000')).code).toBe(2)
    const halfWallet = await cli('issue', '--batch', 'r.csv', '--key', key, '--issuer-name', 'District', '--out', join(dir, 'o'), '--wallet-url', 'https://x.example')
    expect([halfWallet.code, halfWallet.stderr]).toEqual([2, expect.stringContaining('--wallet-url and --wallet-state go together')])
  })

  it('serve names no made-up issuer: without --issuer-name or --issuer-profile it exits 2 before touching its state', async () => {
    const key = join(dir, 'serve.key.json')
    expect((await cli('keys', 'generate', '--out', key)).code).toBe(0)
    const state = join(dir, 'serve-state')
    const result = await cli('serve', '--key', key, '--wallet-state', state, '--port', '0')
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('--issuer-name NAME (or --issuer-profile FILE) is required')])
    expect(existsSync(state)).toBe(false)
  })

  it("serve --issuer-profile: wallets are shown the profile's name (and a profile for another issuer is refused)", async () => {
    const key = join(dir, 'serve.key.json')
    const profile = join(dir, 'profile.json')
    writeFileSync(profile, JSON.stringify({ name: 'Springfield Public Schools', url: 'https://district.example.org' }))
    const stop = new AbortController()
    const { out, io } = captureIo()
    const served = serveCommand(['--key', key, '--issuer-profile', profile, '--wallet-state', join(dir, 'serve-state'), '--port', '0'], io, { signal: stop.signal })
    try {
      for (let i = 0; i < 200 && !out.stdout.includes('listening'); i++) await new Promise((r) => setTimeout(r, 25))
      const url = /listening on (\S+)/.exec(out.stdout)![1]!
      const metadata = await (await fetch(`${url}/.well-known/openid-credential-issuer`)).json()
      expect(metadata.display).toEqual([{ name: 'Springfield Public Schools', locale: 'en' }])
    } finally {
      stop.abort()
    }
    expect(await served).toBe(0)
    writeFileSync(profile, JSON.stringify({ id: 'did:example:someone-else', name: 'Someone Else' }))
    const other = await cli('serve', '--key', key, '--issuer-profile', profile, '--wallet-state', join(dir, 'serve-state'), '--port', '0')
    expect([other.code, other.stderr]).toEqual([2, expect.stringContaining('ERR_OB_ISSUER_INVALID')])
  })
})
