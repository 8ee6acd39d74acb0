// The README's CLI text holds: its decide → issue example runs as written (with the repository's
// example files, outputs in a scratch folder), and the single-issue synopsis lists every option
// `issue --help` documents for a single credential.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMAND_HELP } from '../../src/cli/help.js'
import { cli } from '../helpers/cli.js'
import { ROOT } from '../helpers/examples.js'

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** The shell commands of the README block that contains `marker`, continuation lines joined, split into words. */
function commandsOf(marker: string): string[][] {
  const block = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes(marker))
  if (!block) throw new Error(`no sh block with ${marker}`)
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => line.startsWith('microcred '))
    .map((line) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(1))
}

describe('README: the decision and issue example', () => {
  it('runs as written: every file it reads is in the repository (examples/…)', async () => {
    const work = mkdtempSync(join(tmpdir(), 'microcred-readme-cli-'))
    // Files it writes (and the key it is run with) go to a scratch folder; files it reads come from the clone.
    const place = (word: string) => (word.startsWith('examples/') ? join(ROOT, word) : /\.json$/.test(word) ? join(work, word) : word)
    expect((await cli('keys', 'generate', '--out', join(work, 'issuer.key.json'))).code).toBe(0)
    const commands = commandsOf('microcred decide award')
    expect(commands.map((c) => c[0])).toEqual(['decide', 'issue'])
    for (const argv of commands) {
      const result = await cli(...argv.map(place))
      expect(result.code, `${argv.join(' ')}\n${result.stderr}`).toBe(0)
    }
    const badge = JSON.parse(readFileSync(join(work, 'badge.json'), 'utf8'))
    const profile = JSON.parse(readFileSync(join(ROOT, 'examples/issuer-profile.json'), 'utf8'))
    expect(badge.issuer).toMatchObject({ name: 'Springfield Public Schools', url: profile.url })
  })
})

describe('README: the CLI synopsis', () => {
  it('the single issue line names every option of issue --help but the batch-only ones', () => {
    const synopsis = readme.slice(readme.indexOf('microcred issue TEMPLATE.json'), readme.indexOf('microcred verify FILE'))
    const batchOnly = new Set(['--batch', '--roster-root', '--no-page', '--page-base-url', '--workers', '--wallet-url'])
    const flags = COMMAND_HELP.issue!.options.flatMap(([flag]) => flag.split(/\s+/).filter((w) => w.startsWith('--')))
    for (const flag of flags.filter((f) => !batchOnly.has(f) && f !== '--wallet-state')) expect(synopsis, flag).toContain(flag)
  })

  it('says how to run the CLI from a clone, and that page needs a build', () => {
    const cliSection = readme.slice(readme.indexOf('\n## CLI\n'))
    expect(cliSection).toContain('npx tsx src/cli/bin.ts')
    expect(cliSection).toMatch(/`page`[^.]*`npm run build`/)
  })

  it('shows createCredentialPool awaited (it returns a Promise)', () => {
    for (const use of readme.match(/[^\n]*createCredentialPool\(/g) ?? []) expect(use).toMatch(/await createCredentialPool\(/)
  })
})
