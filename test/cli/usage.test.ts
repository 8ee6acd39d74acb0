// Usage errors that help a new user: the closest known option or command, the help of the
// subcommand actually typed, a repeated single-value option refused, and exit lines that are true.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMAND_HELP } from '../../src/cli/help.js'
import { cli } from '../helpers/cli.js'
import { ROOT } from '../helpers/examples.js'

const gestures = join(ROOT, 'examples/templates/checking-understanding-gestures.json')
const catalog = ['supporting-executive-function', 'formative-data-personalize-learning'].map((name) => join(ROOT, `examples/templates/${name}.json`))

describe('did you mean', () => {
  it('a typo’d option names the closest known one', async () => {
    const typo = await cli('lint', gestures, '--jsno')
    expect(typo.code).toBe(2)
    expect(typo.stderr).toBe(`microcred lint: unknown option '--jsno'; did you mean --json? (see microcred lint --help)\n`)
    const json = await cli('verify', 'badge.json', '--status-list', 'lists', '--json')
    expect(json.stderr).toBe('')
    expect(JSON.parse(json.stdout).error).toEqual({ code: 'ERR_OB_USAGE', message: expect.stringContaining('did you mean --status-lists?') })
  })

  it('an option far from every known one gets no guess', async () => {
    const far = await cli('lint', gestures, '--frobnicate')
    expect(far.stderr).not.toContain('did you mean')
  })

  it('a typo’d command names the closest command', async () => {
    const typo = await cli('verfy', 'badge.json')
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain('did you mean "verify"?')
  })
})

describe('usage errors of a subcommand point at its own help', () => {
  it.each([
    [['status', 'revoke', 'urn:uuid:1', '--state', 'issuer-state'], 'microcred status revoke: --reason TEXT is required (see microcred status revoke --help)'],
    [['keys', 'generate', '--out'], "microcred keys generate: option '--out <value>' argument missing (see microcred keys generate --help)"],
    [['pathway', 'check', 'pathway.json', 'badge.json'], 'microcred pathway check: --trust FILE is required'],
    [['queue', 'work', '--nope'], "microcred queue work: unknown option '--nope'"],
  ])('%j', async (argv, expected) => {
    const result = await cli(...argv)
    expect(result.code).toBe(2)
    expect(result.stderr.startsWith(expected)).toBe(true)
    expect(result.stderr).toContain(`(see microcred ${argv[0]} ${argv[1]} --help)`)
  })
})

describe('a single-value option given twice', () => {
  it('is refused rather than silently keeping the last', async () => {
    const twice = await cli('verify', 'badge.json', '--status-lists', 'a', '--status-lists', 'b')
    expect(twice.code).toBe(2)
    expect(twice.stderr).toBe('microcred verify: --status-lists is given twice ("a", then "b"); give it once (see microcred verify --help)\n')
    const inline = await cli('issue', gestures, 'x.json', '--key=a.json', '--key', 'b.json', '--json')
    expect(JSON.parse(inline.stdout).error).toEqual({ code: 'ERR_OB_USAGE', message: expect.stringContaining('--key is given twice') })
  })

  it('is accepted when the option is documented as repeatable', async () => {
    const repeated = await cli('lint', gestures, '--catalog', catalog[0]!, '--catalog', catalog[1]!)
    expect(repeated.code).toBe(0)
    expect(COMMAND_HELP.lint?.options.some(([flag, meaning]) => flag.startsWith('--catalog') && meaning.includes('repeatable'))).toBe(true)
  })
})

describe('exit codes: each help says what the command does', () => {
  const DEFAULT = '0 success, 2 usage or input error'

  it('report exits 1 when no badge counts, and its help says so', async () => {
    const help = await cli('report', '--help')
    expect(help.stdout).toMatch(/Exit codes: 0 [^\n]*, 1 no badge counts for any educator, 2 usage or input error\./)
  })

  it('queue work and queue status exit 1 on failed jobs, and their help says so', () => {
    expect(COMMAND_HELP['queue work']?.exits).toContain('1 ')
    expect(COMMAND_HELP['queue status']?.exits).toContain('1 ')
  })

  it("a parent's exit line covers its subcommands' negative outcomes", () => {
    for (const [key, help] of Object.entries(COMMAND_HELP)) {
      const [parent] = key.split(' ')
      if (parent === key || !help.exits?.includes(', 1 ')) continue
      expect(COMMAND_HELP[parent!]?.exits, `${parent} (for ${key})`).toContain(', 1 ')
    }
  })

  it("the README's table of negative outcomes is every help's exit line that has one, word for word", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const cliSection = readme.slice(readme.indexOf('\n## CLI\n'), readme.indexOf('\n## ', readme.indexOf('\n## CLI\n') + 1))
    const table = new Map([...cliSection.matchAll(/^\| `microcred ([a-z ]+)` \| (.+) \|$/gm)].map((m) => [m[1]!, m[2]!]))
    const negative = new Map(Object.entries(COMMAND_HELP).flatMap(([key, help]) => (help.exits?.includes(', 1 ') ? [[key, help.exits] as const] : [])))
    expect(Object.fromEntries(table)).toEqual(Object.fromEntries(negative))
    // Every other command exits 0 or 2 (its help may say more about when).
    for (const [key, help] of Object.entries(COMMAND_HELP)) if (!negative.has(key)) expect(help.exits ?? DEFAULT, key).toMatch(/^0 [^,]+(?:\([^)]*\))?, 2 usage or input error/)
  })
})
