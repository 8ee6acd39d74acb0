// `microcred page --status-lists DIR`: the published lists the credential names are embedded (and only
// those), a status list it was not given is noted (the page would say its status could not be checked),
// and a folder with no list at all is a usage error. The pages themselves run in test/browser.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { cli } from '../helpers/cli.js'
import { ROOT } from '../helpers/examples.js'

// The built verifier (dist/) is not needed to write a page: any script will do here.
vi.mock('../../src/share/verifier-script.js', async (original) => ({ ...(await original<object>()), loadVerifierScript: async () => 'window.microcred = {}' }))

const BASE = 'https://d.example.org/status'
const work = mkdtempSync(join(tmpdir(), 'microcred-cli-page-'))
const badge = join(work, 'badge.json')
const lists = join(work, 'lists')
const embeddedLists = (html: string) => Object.keys(JSON.parse(/id="status-lists">(.*?)<\/script>/.exec(html)![1]!))

beforeAll(async () => {
  const keyFile = join(work, 'issuer.key.json')
  expect((await cli('keys', 'generate', '--out', keyFile)).code).toBe(0)
  const state = join(work, 'state')
  const template = join(ROOT, 'examples/templates/checking-understanding-gestures.json')
  const award = join(ROOT, 'examples/assessments/gestures-award.json')
  expect((await cli('issue', template, award, '--key', keyFile, '--issuer-name', 'District', '--state', state, '--status-base-url', BASE, '--out', badge)).code).toBe(0)
  expect((await cli('status', 'publish', '--state', state, '--key', keyFile, '--base-url', BASE, '--out', lists)).code).toBe(0)
}, 60_000)

describe('microcred page --status-lists', () => {
  it('embeds the list the credential names, and says which it embedded', async () => {
    const out = join(work, 'with.html')
    const listUrl = JSON.parse(readFileSync(badge, 'utf8')).credentialStatus.statusListCredential
    // A list of another issuer's in the same folder is not carried along.
    writeFileSync(join(lists, 'other.json'), JSON.stringify({ id: 'https://elsewhere.example.org/status/9' }))
    const run = await cli('page', badge, '--out', out, '--status-lists', lists, '--json')
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({ out, statusLists: [listUrl], statusListsMissing: [] })
    expect(embeddedLists(readFileSync(out, 'utf8'))).toEqual([listUrl])
  })

  it('without it, notes the status list the page does not carry', async () => {
    const out = join(work, 'without.html')
    const run = await cli('page', badge, '--out', out)
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(`wrote ${out}\n`)
    expect(run.stderr).toMatch(/^note: the page does not carry the status list https:\/\/d\.example\.org\/status\/\S+; opened from a file it will say the revocation status could not be checked \(pass --status-lists DIR\)\n$/)
    expect(embeddedLists(readFileSync(out, 'utf8'))).toEqual([])
  })

  it('a folder without status lists is a usage error (exit 2), as is a missing one', async () => {
    const empty = join(work, 'empty')
    mkdirSync(empty)
    const none = await cli('page', badge, '--out', join(work, 'x.html'), '--status-lists', empty)
    expect(none.code).toBe(2)
    expect(none.stderr).toContain(`--status-lists ${empty}: no status list credentials there`)
    const missing = join(work, 'missing')
    const gone = await cli('page', badge, '--out', join(work, 'x.html'), '--status-lists', missing)
    expect(gone.code).toBe(2)
    expect(gone.stderr).toContain(`the status lists folder "${missing}"`)
  })
})
