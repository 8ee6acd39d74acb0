// What `microcred issue` hands the library: the single credential goes through the public
// issueCredential / issueCredentialJwt (not issuance rebuilt by hand), and a batch's wallet services
// name the issuer the command was given, never a made-up "Issuer".
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { walletServices } from '../../src/cli/wallet-services.js'
import { issueCredential, issueCredentialJwt } from '../../src/issue.js'
import { cli } from '../helpers/cli.js'
import { exampleInto, ROOT } from '../helpers/examples.js'

vi.mock('../../src/issue.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/issue.js')>()
  return { ...actual, issueCredential: vi.fn(actual.issueCredential), issueCredentialJwt: vi.fn(actual.issueCredentialJwt) }
})
vi.mock('../../src/cli/wallet-services.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/cli/wallet-services.js')>()
  return { ...actual, walletServices: vi.fn(actual.walletServices) }
})

const dir = mkdtempSync(join(tmpdir(), 'microcred-issue-wiring-'))
const key = join(dir, 'issuer.key.json')
const gestures = join(ROOT, 'examples/templates/checking-understanding-gestures.json')
const award = join(ROOT, 'examples/assessments/gestures-award.json')

beforeAll(async () => {
  expect((await cli('keys', 'generate', '--out', key)).code).toBe(0)
})
beforeEach(() => vi.clearAllMocks())

describe('microcred issue signs through the public API', () => {
  it('Data Integrity through issueCredential, with the id it prints', async () => {
    const result = await cli('issue', gestures, award, '--key', key, '--issuer-name', 'District', '--json')
    expect(result.code, result.stderr).toBe(0)
    const printed = JSON.parse(result.stdout)
    expect(vi.mocked(issueCredential)).toHaveBeenCalledTimes(1)
    expect(vi.mocked(issueCredentialJwt)).not.toHaveBeenCalled()
    expect(vi.mocked(issueCredential).mock.calls[0]![0]).toMatchObject({ id: printed.id, issuer: { name: 'District' } })
    expect(await vi.mocked(issueCredential).mock.results[0]!.value).toEqual(printed.credential)
  })

  it('VC-JWT through issueCredentialJwt', async () => {
    const result = await cli('issue', gestures, award, '--key', key, '--issuer-name', 'District', '--format', 'jwt', '--json')
    expect(result.code, result.stderr).toBe(0)
    expect(vi.mocked(issueCredentialJwt)).toHaveBeenCalledTimes(1)
    expect(vi.mocked(issueCredential)).not.toHaveBeenCalled()
    expect(await vi.mocked(issueCredentialJwt).mock.results[0]!.value).toBe(JSON.parse(result.stdout).credential)
  })
})

describe('issue --batch with wallet services', () => {
  const roster = join(dir, 'roster.csv')
  const profile = join(dir, 'profile.json')
  beforeAll(() => {
    writeFileSync(roster, `name,email,did,template,awarded\nAna,ana@district.example.org,did:example:ana,${exampleInto(dir, 'templates/checking-understanding-gestures.json')},yes\n`)
    writeFileSync(profile, JSON.stringify({ name: 'Springfield Public Schools' }))
  })
  const wallet = (name: string) => ['--wallet-url', 'https://badges.example.org', '--wallet-state', join(dir, `${name}-state`), '--no-page', '--out', join(dir, `${name}-out`)]

  it("names the issuer of --issuer-profile to the wallet services (the profile's name)", async () => {
    const result = await cli('issue', '--batch', roster, '--key', key, '--issuer-profile', profile, ...wallet('profile'))
    expect(result.code, result.stderr).toBe(0)
    expect(vi.mocked(walletServices)).toHaveBeenCalledTimes(1)
    expect(vi.mocked(walletServices).mock.calls[0]![0].issuerName).toBe('Springfield Public Schools')
  })

  it('--issuer-name over the profile', async () => {
    const result = await cli('issue', '--batch', roster, '--key', key, '--issuer-profile', profile, '--issuer-name', 'District PD Office', ...wallet('named'))
    expect(result.code, result.stderr).toBe(0)
    expect(vi.mocked(walletServices).mock.calls[0]![0].issuerName).toBe('District PD Office')
  })

  it('without either, a usage error (exit 2) before any wallet state is made', async () => {
    const result = await cli('issue', '--batch', roster, '--key', key, ...wallet('unnamed'))
    expect([result.code, result.stderr]).toEqual([2, expect.stringContaining('--issuer-name NAME (or --issuer-profile FILE) is required')])
    expect(vi.mocked(walletServices)).not.toHaveBeenCalled()
    expect(existsSync(join(dir, 'unnamed-state'))).toBe(false)
  })
})
