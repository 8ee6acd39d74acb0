// --status-lists names a folder of published lists: a missing or unreadable one is an input error
// naming it (exit 2), and a list that was simply not supplied is said in plain words.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../helpers/cli.js'
import { ROOT } from '../helpers/examples.js'

const dir = mkdtempSync(join(tmpdir(), 'microcred-cli-status-lists-'))
const at = (name: string) => join(dir, name)
const gestures = join(ROOT, 'examples/templates/checking-understanding-gestures.json')
const award = join(ROOT, 'examples/assessments/gestures-award.json')
const badge = at('badge.json')
const trust = at('trust.json')

beforeAll(async () => {
  const key = at('issuer.key.json')
  expect((await cli('keys', 'generate', '--out', key)).code).toBe(0)
  const issued = await cli('issue', gestures, award, '--key', key, '--issuer-name', 'District', '--state', at('state'), '--status-base-url', 'https://d.example.org/status', '--out', badge)
  expect(issued.code).toBe(0)
  writeFileSync(trust, JSON.stringify({ issuers: [{ id: JSON.parse((await import('node:fs')).readFileSync(key, 'utf8')).issuerId, name: 'District' }] }))
})

describe('--status-lists PATH that is not a readable folder', () => {
  it.each([
    ['a missing folder', () => at('nodir'), 'does not exist'],
    ['a file', () => badge, 'is not a folder'],
  ])('%s: exit 2, naming the path', async (_, path, reason) => {
    for (const argv of [
      ['verify', badge, '--status-lists', path()],
      ['report', '--rules', join(ROOT, 'examples/recognition/rules.json'), '--trust', trust, badge, '--status-lists', path()],
      ['pathway', 'check', join(ROOT, 'examples/pathways/formative-assessment-leader.json'), badge, '--trust', trust, '--email', 'ana@example.org', '--status-lists', path()],
    ]) {
      const result = await cli(...argv, '--json')
      expect([result.code, result.stderr], argv[0]).toEqual([2, ''])
      expect(JSON.parse(result.stdout).error).toEqual({ code: 'ERR_OB_INPUT_INVALID', message: expect.stringContaining(`"${path()}" ${reason}`) })
    }
  })

  it('a .json file in the folder that is not JSON is an input error naming it', async () => {
    const lists = at('broken-lists')
    mkdirSync(lists)
    writeFileSync(join(lists, 'revocation-1.json'), '{ "id": ')
    const result = await cli('verify', badge, '--status-lists', lists)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${join(lists, 'revocation-1.json')}`)
  })
})

describe('a status list not supplied', () => {
  it('says so in plain words, with the flags that supply it, and keeps its code', async () => {
    const empty = at('empty-lists')
    mkdirSync(empty)
    const result = await cli('verify', badge, '--status-lists', empty, '--json')
    expect(result.code).toBe(1)
    const status = JSON.parse(result.stdout).checks.find((c: { id: string }) => c.id === 'status')
    expect(status.code).toBe('ERR_OB_STATUS_UNCHECKED')
    expect(status.message).toContain('"https://d.example.org/status/revocation-1" was not supplied (--status-lists DIR')
    expect(status.message).toContain('remote look-ups are off (--allow-remote')
    expect(status.message).not.toContain('bundled')
  })
})
