// Every problem of a refused document reaches the user: all of them in --json (and with
// MICROCRED_DEBUG), the first ten in the one-line text, which says how to see the rest.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cli } from '../helpers/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'microcred-cli-problems-'))
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text)
  return join(dir, name)
}
// A template with 11 problems (every required part missing or of the wrong type).
const template = write('bad-template.json', JSON.stringify({ title: 1, id: 2, version: 3, foo: 4 }))
// A roster with 13 problems over four rows.
const roster = write('bad-roster.csv', 'name,email,template\n,bad,\nX,,\nY,,\nZ,,\n')

afterEach(() => {
  delete process.env.MICROCRED_DEBUG
})

describe('a refused document lists every problem', () => {
  it('--json lists all of a template’s problems, each with its path', async () => {
    const result = await cli('lint', template, '--json')
    expect([result.code, result.stderr]).toEqual([2, ''])
    const { error } = JSON.parse(result.stdout)
    expect(error.code).toBe('ERR_OB_TEMPLATE_INVALID')
    expect(error.problems).toHaveLength(11)
    for (const problem of error.problems) expect(problem).toEqual({ path: expect.stringMatching(/^\//), message: expect.any(String) })
  })

  it('--json lists all of a roster’s problems', async () => {
    const result = await cli('issue', '--batch', roster, '--key', 'k.json', '--issuer-name', 'District', '--out', join(dir, 'out'), '--json')
    expect(result.code).toBe(2)
    const { error } = JSON.parse(result.stdout)
    expect(error.code).toBe('ERR_OB_INPUT_INVALID')
    expect(error.problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(['/1/name', '/1/email', '/2/email', '/3/award', '/4/template']))
    expect(error.problems).toHaveLength(13)
  })

  it('the text shows the first ten in one line, then how many more and where to see them', async () => {
    const result = await cli('lint', template)
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/^microcred: ERR_OB_TEMPLATE_INVALID: template is invalid: /)
    expect(result.stderr.match(/: [^;]+/g)!.length).toBeGreaterThanOrEqual(10)
    expect(result.stderr.trim()).toMatch(/ \(\+1 more; --json lists them all\)$/)
  })

  it('MICROCRED_DEBUG prints every problem with the stack', async () => {
    process.env.MICROCRED_DEBUG = '1'
    const result = await cli('issue', '--batch', roster, '--key', 'k.json', '--issuer-name', 'District', '--out', join(dir, 'out'))
    expect(result.code).toBe(2)
    for (const path of ['/1/name', '/1/email', '/1/template', '/1/award', '/2/email', '/2/template', '/2/award', '/4/award']) expect(result.stderr).toContain(`  ${path}: `)
    expect(result.stderr).toMatch(/\n\s+at /)
  })
})
