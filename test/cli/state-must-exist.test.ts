// Commands that read or change existing issuer state refuse a --state that does not exist (a typo
// would otherwise create an empty store and say "no status entry … in this store"); issue, which
// allocates, creates it.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DirectoryStore } from '../../src/status/directory-store.js'
import { openStateStore } from '../../src/status/open-store.js'
import { cli } from '../helpers/cli.js'
import { ROOT } from '../helpers/examples.js'
import { dropSchema, probePostgres, randomSchema, stateUrl } from '../helpers/postgres.js'

const dir = mkdtempSync(join(tmpdir(), 'microcred-cli-state-'))
const at = (name: string) => join(dir, name)
const key = at('issuer.key.json')
const missing = at('no-such-state')

beforeAll(async () => {
  expect((await cli('keys', 'generate', '--out', key)).code).toBe(0)
})

describe('a --state that does not exist', () => {
  it.each([
    ['status revoke', ['status', 'revoke', 'urn:uuid:1', '--reason', 'issued in error', '--state', missing]],
    ['status suspend', ['status', 'suspend', 'urn:uuid:1', '--reason', 'under review', '--state', missing]],
    ['status unsuspend', ['status', 'unsuspend', 'urn:uuid:1', '--reason', 'review closed', '--state', missing]],
    ['status publish', ['status', 'publish', '--state', missing, '--key', key, '--base-url', 'https://d.example.org/status', '--out', at('lists')]],
    ['publish', ['publish', '--key', key, '--base-url', 'https://d.example.org', '--issuer-name', 'District', '--state', missing, '--out', at('site')]],
  ])('%s: exit 2, "no issuer state at …", and nothing is created', async (_, argv) => {
    const result = await cli(...argv, '--json')
    expect([result.code, result.stderr]).toEqual([2, ''])
    expect(JSON.parse(result.stdout).error).toEqual({ code: 'ERR_OB_INPUT_INVALID', message: expect.stringContaining(`no issuer state at "${missing}"`) })
    expect(existsSync(missing)).toBe(false)
  })

  it('issue --state creates it', async () => {
    const fresh = at('fresh-state')
    const issued = await cli(
      'issue',
      join(ROOT, 'examples/templates/checking-understanding-gestures.json'),
      join(ROOT, 'examples/assessments/gestures-award.json'),
      '--key',
      key,
      '--issuer-name',
      'District',
      '--state',
      fresh,
      '--status-base-url',
      'https://d.example.org/status',
      '--out',
      at('badge.json'),
    )
    expect(issued.code).toBe(0)
    expect(existsSync(join(fresh, 'state.json'))).toBe(true)
  })
})

describe('DirectoryStore.open / openStateStore with create: false', () => {
  it('refuse a folder that does not exist, or a file, and create nothing', async () => {
    await expect(DirectoryStore.open(missing, { create: false })).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID', message: `no issuer state at "${missing}": the folder does not exist` })
    await expect(openStateStore(key, { create: false })).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID', message: `no issuer state at "${key}": it is a file, not a folder` })
    expect(existsSync(missing)).toBe(false)
    const store = await openStateStore(at('fresh-state'), { create: false })
    expect(await store.find('urn:uuid:none')).toBeUndefined()
    await store.close()
  })
})

const postgres = await probePostgres()
const schema = randomSchema('mc_missing')
afterAll(async () => {
  if (postgres.available) await dropSchema(schema)
})

describe.skipIf(!postgres.available)('openStateStore(postgres://…, { create: false })', () => {
  it('refuses a schema that does not exist, and creates nothing', async () => {
    await expect(openStateStore(stateUrl(schema), { create: false })).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID', message: `no issuer state in the PostgreSQL schema "${schema}"` })
    const result = await cli('status', 'revoke', 'urn:uuid:1', '--reason', 'r', '--state', stateUrl(schema))
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`no issuer state in the PostgreSQL schema "${schema}"`)
    const created = await openStateStore(stateUrl(schema))
    await created.close()
    const reopened = await openStateStore(stateUrl(schema), { create: false })
    await reopened.close()
  })
})
