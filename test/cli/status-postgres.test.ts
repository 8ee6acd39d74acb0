// The CLI's --state takes a postgres:// URL wherever it takes a directory (issue, issue --batch, status).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli } from '../helpers/cli.js'
import { PostgresStore } from '../../src/status/postgres-store.js'
import { exampleInto, ROOT } from '../helpers/examples.js'
import { dropSchema, PG_URL, probePostgres, randomSchema, stateUrl } from '../helpers/postgres.js'

const ex = (path: string) => join(ROOT, 'examples', path)
const gestures = ex('templates/checking-understanding-gestures.json')
const BASE = 'https://d.example.org/status'

const postgres = await probePostgres()
const schema = randomSchema('mc_cli')
afterAll(async () => {
  if (postgres.available) await dropSchema(schema)
})

describe.skipIf(!postgres.available)('microcred CLI with --state postgres://', () => {
  it('issue, status publish, status revoke, issue --batch: all against one PostgreSQL schema', async () => {
    const work = mkdtempSync(join(tmpdir(), 'microcred-cli-pg-'))
    const keyFile = join(work, 'issuer.key.json')
    await cli('keys', 'generate', '--out', keyFile)
    const state = stateUrl(schema)
    const badge = join(work, 'badge.json')
    const issued = await cli('issue', gestures, ex('assessments/gestures-award.json'), '--key', keyFile, '--issuer-name', 'District', '--state', state, '--status-base-url', BASE, '--out', badge)
    expect(issued).toMatchObject({ code: 0 })
    const credentialId = JSON.parse(readFileSync(badge, 'utf8')).id as string

    const lists = join(work, 'lists')
    expect((await cli('status', 'publish', '--state', state, '--key', keyFile, '--base-url', BASE, '--out', lists)).code).toBe(0)
    expect((await cli('verify', badge, '--status-lists', lists)).code).toBe(0)
    expect((await cli('status', 'revoke', credentialId, '--reason', 'Issued in error', '--state', state)).code).toBe(0)
    expect((await cli('status', 'publish', '--state', state, '--key', keyFile, '--base-url', BASE, '--out', lists)).code).toBe(0)
    const revoked = await cli('verify', badge, '--status-lists', lists, '--json')
    expect(revoked.code).toBe(1)
    expect(JSON.parse(revoked.stdout).errors[0].code).toBe('ERR_OB_STATUS_REVOKED')

    const roster = join(work, 'roster.csv')
    const template = exampleInto(work, 'templates/checking-understanding-gestures.json')
    writeFileSync(roster, ['name,email,did,template,award,awarded', ...[0, 1, 2].map((i) => `Educator ${i},educator${i}@district.example.org,,${template},,yes`)].join('\n'))
    const out = join(work, 'out')
    const batch = await cli('issue', '--batch', roster, '--key', keyFile, '--issuer-name', 'District', '--out', out, '--no-page', '--workers', '0', '--state', state, '--status-base-url', BASE, '--json')
    expect(batch.code).toBe(0)
    const store = await PostgresStore.open(PG_URL, { schema })
    const credentials = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('credential.json'))
    expect(credentials).toHaveLength(3)
    for (const file of credentials) {
      const credential = JSON.parse(readFileSync(join(out, file), 'utf8'))
      expect((await store.find(credential.id))?.index).toBe(Number(credential.credentialStatus.statusListIndex))
    }
    expect(await store.history()).toEqual([expect.objectContaining({ credentialId, action: 'revoke', reason: 'Issued in error' })])
    await store.close()
  }, 120_000)
})

describe('microcred CLI with an unreachable PostgreSQL', () => {
  it('exits 2 with one line naming ERR_OB_STORE_UNAVAILABLE', async () => {
    const result = await cli('status', 'revoke', 'urn:uuid:x', '--reason', 'r', '--state', 'postgres://nobody@127.0.0.1:1/none')
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^microcred: ERR_OB_STORE_UNAVAILABLE: /)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })
})
