// issue --batch checks every row's inputs before anything is signed: a row whose template or
// assessment cannot be read, or whose educator is not its assessment's, refuses the whole roster
// (exit 2, every bad row listed); a row that is simply not awarded keeps its treatment (exit 1).
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../helpers/cli.js'
import { exampleInto } from '../helpers/examples.js'

const dir = mkdtempSync(join(tmpdir(), 'microcred-cli-roster-'))
const at = (name: string) => join(dir, name)
const key = at('issuer.key.json')
// The rosters are written in `dir`, and a roster names files in its own folder.
const TEMPLATE = exampleInto(dir, 'templates/checking-understanding-gestures.json')
const AWARD = exampleInto(dir, 'assessments/gestures-award.json')
const RESUBMIT = exampleInto(dir, 'assessments/gestures-resubmit.json')
const roster = (name: string, rows: string[]) => {
  writeFileSync(at(name), ['name,email,did,template,award,awarded', ...rows].join('\n'))
  return at(name)
}

beforeAll(async () => {
  expect((await cli('keys', 'generate', '--out', key)).code).toBe(0)
  writeFileSync(at('broken.json'), '{ "id": ')
})

describe('issue --batch refuses a roster with bad rows before anything is signed', () => {
  it('lists every bad row (educator mismatch, unreadable or malformed files), exit 2, nothing written', async () => {
    const path = roster('bad.csv', [
      `Ana Rivera,ana.rivera@district.example.org,,${TEMPLATE},${AWARD},`,
      `Sam Ortiz,sam.ortiz@district.example.org,,${TEMPLATE},${AWARD},`,
      `Priya Nair,priya@district.example.org,,missing-template.json,,yes`,
      `Lee Chan,lee@district.example.org,,${TEMPLATE},broken.json,`,
      `Jordan Blake,jordan.blake@district.example.org,,${TEMPLATE},${RESUBMIT},`,
    ])
    const out = at('bad-out')
    const result = await cli('issue', '--batch', path, '--key', key, '--issuer-name', 'District', '--out', out, '--no-page', '--json')
    expect([result.code, result.stderr]).toEqual([2, ''])
    const { error } = JSON.parse(result.stdout)
    expect(error.code).toBe('ERR_OB_INPUT_INVALID')
    expect(error.problems.map((p: { path: string }) => p.path)).toEqual(['/2/award', '/3/template', '/4/award'])
    expect(error.problems[0].message).toContain('sam.ortiz@district.example.org')
    expect(error.problems[1].message).toContain('missing-template.json')
    expect(error.problems[2].message).toContain('broken.json')
    expect(existsSync(out)).toBe(false)
    const text = await cli('issue', '--batch', path, '--key', key, '--issuer-name', 'District', '--out', out, '--no-page')
    expect(text.code).toBe(2)
    expect(text.stderr.trim().split('\n')).toHaveLength(1)
    expect(text.stderr).toMatch(/^microcred: ERR_OB_INPUT_INVALID: roster is invalid: \/2\/award: .*; \/3\/template: .*; \/4\/award: /)
  })

  it('a row that is not awarded is not an input error: the others are issued, it is reported, exit 1', async () => {
    const path = roster('resubmit.csv', [`Ana Rivera,ana.rivera@district.example.org,,${TEMPLATE},${AWARD},`, `Jordan Blake,jordan.blake@district.example.org,,${TEMPLATE},${RESUBMIT},`])
    const result = await cli('issue', '--batch', path, '--key', key, '--issuer-name', 'District', '--out', at('resubmit-out'), '--no-page', '--json')
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout)).toMatchObject({ issued: 1, failed: [{ row: 2, code: 'ERR_OB_DECISION_INVALID', message: 'not awarded: resubmit' }] })
    // --json: the answer is on stdout, and no progress bar on stderr.
    expect(result.stderr).toBe('')
  })
})
