import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkRosterInputs, issueBatch } from '../../src/batch/batch-issue.js'
import { parseRoster } from '../../src/batch/roster.js'
import { resolveRosterPath } from '../../src/batch/roster-path.js'
import { ValidationError } from '../../src/errors.js'
import { ROOT } from '../helpers/examples.js'
import { issuer } from '../helpers/issue.js'

const GESTURES = join(ROOT, 'examples/templates/checking-understanding-gestures.json')

/** district/rosters holds the roster and a template; district/issuer holds what a roster must not reach. */
function district() {
  const top = mkdtempSync(join(tmpdir(), 'microcred-roster-path-'))
  const rosters = join(top, 'district', 'rosters')
  const secrets = join(top, 'district', 'issuer')
  mkdirSync(rosters, { recursive: true })
  mkdirSync(secrets, { recursive: true })
  copyFileSync(GESTURES, join(rosters, 'gestures.json'))
  writeFileSync(join(secrets, '.env'), 'SECRET_DB_PASSWORD=hunter2\n')
  writeFileSync(join(secrets, 'issuer.key.json'), JSON.stringify({ kty: 'OKP', crv: 'Ed25519', d: 'private' }))
  symlinkSync(join(secrets, '.env'), join(rosters, 'env-link.json'))
  symlinkSync(secrets, join(rosters, 'issuer-link'))
  writeFileSync(join(rosters, 'broken.json'), 'SECRET_IN_A_BROKEN_FILE')
  return { top, rosters, secrets }
}

const rosterOf = (...rows: string[]) => parseRoster(['name,email,template,awarded,award', ...rows].join('\n'))
const problemsOf = (error: unknown) => (error instanceof ValidationError ? error.problems : [])

describe("a roster's file names are confined to its folder", () => {
  it('checkRosterInputs refuses ../, absolute and symlinked escapes by row and column, naming the row value only, quoting nothing', async () => {
    const { rosters, secrets } = district()
    const rows = rosterOf(
      'Ana,ana@example.org,../issuer/issuer.key.json,yes,',
      'Bo,bo@example.org,../issuer/.env,yes,',
      `Cy,cy@example.org,${join(secrets, 'issuer.key.json')},yes,`,
      'Di,di@example.org,gestures.json,,../issuer/issuer.key.json',
      'Ed,ed@example.org,env-link.json,yes,',
      'Flo,flo@example.org,issuer-link/issuer.key.json,yes,',
      'Gus,gus@example.org,issuer-link/no-such-file.json,yes,',
      'Hal,hal@example.org,broken.json,yes,',
    )
    const error = await checkRosterInputs(rows, { baseDir: rosters }).then(() => undefined, (e: unknown) => e)
    expect(error).toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
    const problems = problemsOf(error)
    expect(problems.map((p) => p.path)).toEqual(['/1/template', '/2/template', '/3/template', '/4/award', '/5/template', '/6/template', '/7/template', '/8/template'])
    expect(problems[0]!.message).toBe(`"../issuer/issuer.key.json": is outside the roster's folder`)
    expect(problems[2]!.message).toContain('is an absolute path')
    expect(problems[6]!.message).toBe(`"issuer-link/no-such-file.json": is outside the roster's folder`)
    expect(problems[7]!.message).toBe('"broken.json": is not valid JSON')
    const text = JSON.stringify(problems)
    for (const leak of ['SECRET', 'kty', 'not an allowed property', 'ENOENT', rosters]) expect(text).not.toContain(leak)
  })

  it('issueBatch refuses an escaping row before anything is signed', async () => {
    const { top, rosters } = district()
    const { key } = await issuer()
    const out = join(top, 'out')
    // A valid template, just outside the roster's folder: read before, it was issued.
    copyFileSync(GESTURES, join(top, 'district', 'gestures.json'))
    const refused = issueBatch({ rows: rosterOf('Ana,ana@example.org,../gestures.json,yes,'), baseDir: rosters, key, issuer: { name: 'District' }, outDir: out })
    await expect(refused).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID', problems: [{ path: '/1/template', message: `"../gestures.json": is outside the roster's folder` }] })
    expect(existsSync(out)).toBe(false)
  })

  it('a wider root is an explicit opt-in: rosterRoot accepts ../ and absolute paths inside it, still nothing outside', async () => {
    const { top, rosters } = district()
    const shared = join(top, 'district', 'shared')
    mkdirSync(shared)
    copyFileSync(GESTURES, join(shared, 'gestures.json'))
    const rows = rosterOf('Ana,ana@example.org,../shared/gestures.json,yes,', `Bo,bo@example.org,${join(shared, 'gestures.json')},yes,`)
    await expect(checkRosterInputs(rows, { baseDir: rosters })).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
    expect(await checkRosterInputs(rows, { baseDir: rosters, rosterRoot: shared })).toEqual({ notAwarded: [] })
    await expect(resolveRosterPath('../issuer/.env', { baseDir: rosters, rosterRoot: shared }, '/1/template')).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
    await expect(resolveRosterPath('gestures.json', { baseDir: rosters }, '/1/template')).resolves.toMatch(/gestures\.json$/)
  })
})
