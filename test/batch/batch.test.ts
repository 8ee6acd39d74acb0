import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkRosterInputs, educatorMismatch, issueBatch } from '../../src/batch/batch-issue.js'
import { InputInvalid } from '../../src/errors.js'
import { parseRoster } from '../../src/batch/roster.js'
import { writeKeyFile } from '../../src/keys/key-file.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { exampleInto, ROOT } from '../helpers/examples.js'
import { issuer } from '../helpers/issue.js'

/** Relative to ROOT, the roster folder these tests pass as baseDir (a roster's paths stay inside it). */
const TEMPLATE = 'examples/templates/checking-understanding-gestures.json'
const AWARD = 'examples/assessments/gestures-award.json'
const RESUBMIT = 'examples/assessments/gestures-resubmit.json'
const fresh = (name: string) => {
  const dir = join(tmpdir(), `microcred-batch-${name}-${process.pid}-${Date.now()}`)
  mkdirSync(dir, { recursive: true })
  return dir
}
const roster = (n: number, template = TEMPLATE) =>
  ['name,email,did,template,award,awarded', ...Array.from({ length: n }, (_, i) => `Educator ${i},educator${i}@district.example.org,,${template},,yes`)].join('\n')
const logOf = (dir: string) =>
  readFileSync(join(dir, 'issuance-log.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))

describe('parseRoster', () => {
  it('lists every bad row with its path', () => {
    expect(() => parseRoster('name,email,template\n,not-an-email,\nAna,,t.json\n')).toThrow(
      expect.objectContaining({
        code: 'ERR_OB_INPUT_INVALID',
        problems: expect.arrayContaining([
          expect.objectContaining({ path: '/1/name' }),
          expect.objectContaining({ path: '/1/email' }),
          expect.objectContaining({ path: '/2/email', message: 'give an email or a did' }),
          expect.objectContaining({ path: '/2/award' }),
        ]),
      }),
    )
  })
})

describe('issueBatch', () => {
  it('issues awarded rows, fails the rest with a reason, and never issues a row twice', async () => {
    const { key } = await issuer()
    const out = fresh('unit')
    const rows = parseRoster(
      [
        'name,email,did,template,award,awarded',
        `Ana Rivera,ana.rivera@district.example.org,did:example:educator-ana-rivera,${TEMPLATE},${AWARD},`,
        `Jordan Blake,jordan.blake@district.example.org,did:example:jordan,${TEMPLATE},${RESUBMIT},`,
        `Priya Nair,priya@district.example.org,did:example:priya,${TEMPLATE},,yes`,
      ].join('\n'),
    )
    const progress: number[] = []
    const first = await issueBatch({ rows, baseDir: ROOT, key, issuer: { name: 'District' }, outDir: out, formats: ['di', 'jwt'], onProgress: (p) => progress.push(p.done) })
    expect(first.issued).toBe(2)
    expect(first.failed).toEqual([{ row: 2, name: 'Jordan Blake', code: 'ERR_OB_DECISION_INVALID', message: 'not awarded: resubmit' }])
    expect(progress).toEqual([1, 2, 3])
    const again = await issueBatch({ rows, baseDir: ROOT, key, issuer: { name: 'District' }, outDir: out, formats: ['di'] })
    expect(again).toMatchObject({ issued: 0, skipped: 2 })
    // A VC-JWT names its subject: email-only rows are refused before anything is signed, all listed.
    const emailOnly = rows.map(({ did: _did, ...row }) => row)
    const refused = issueBatch({ rows: emailOnly, baseDir: ROOT, key, issuer: { name: 'District' }, outDir: fresh('refused'), formats: ['jwt'] })
    await expect(refused).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID', problems: [{ path: '/rows/1' }, { path: '/rows/2' }, { path: '/rows/3' }] })
    await expect(refused).rejects.toBeInstanceOf(InputInvalid)
    const log = logOf(out)
    expect(new Set(log.map((r: { rowKey: string }) => r.rowKey)).size).toBe(log.length)
    for (const record of log) {
      const badge = readFileSync(join(out, record.files.find((f: string) => f.endsWith('badge.png'))))
      const report = await verifyBadge(badge)
      expect(report.verified).toBe(true)
      expect(report.credential?.id).toBe(record.credentialId)
    }
  })
})

describe('issueBatch: a row belongs to its assessment', () => {
  it("refuses the whole roster, before anything is signed, when a row's educator is not the assessment's", async () => {
    const { key } = await issuer()
    const out = join(fresh('educator'), 'out')
    const rows = parseRoster(
      [
        'name,email,did,template,award,awarded',
        `Ana Rivera,ana.rivera@district.example.org,,${TEMPLATE},${AWARD},`,
        `Sam Ortiz,sam.ortiz@district.example.org,,${TEMPLATE},${AWARD},`,
        `Ana Rivera,,did:example:someone-else,${TEMPLATE},${AWARD},`,
      ].join('\n'),
    )
    const refused = issueBatch({ rows, baseDir: ROOT, key, issuer: { name: 'District' }, outDir: out, formats: ['di'] })
    await expect(refused).rejects.toBeInstanceOf(InputInvalid)
    const { problems } = await refused.then(
      () => ({ problems: [] }),
      (error: InputInvalid) => error,
    )
    expect(problems.map((p) => p.path)).toEqual(['/2/award', '/3/award'])
    expect(problems[0]!.message).toContain("the roster row's educator is not the assessment's")
    expect(problems[0]!.message).toContain('sam.ortiz@district.example.org')
    expect(existsSync(out)).toBe(false)
  })

  it('checkRosterInputs decides the rows that are not awarded up front, without refusing them', async () => {
    const rows = parseRoster(['name,email,template,award,awarded', `Ana Rivera,ana.rivera@district.example.org,${TEMPLATE},${AWARD},`, `Jordan Blake,jordan.blake@district.example.org,${TEMPLATE},${RESUBMIT},`].join('\n'))
    expect(await checkRosterInputs(rows, { baseDir: ROOT })).toEqual({ notAwarded: [{ row: 2, name: 'Jordan Blake', outcome: 'resubmit' }] })
  })
})

describe('educatorMismatch', () => {
  const educator = { id: 'did:example:ana', name: 'Ana Rivera', email: 'Ana.Rivera@district.example.org' }
  it.each([
    [{ name: 'Ana Rivera', email: 'ana.rivera@district.example.org' }, undefined],
    [{ name: 'A. Rivera', did: 'did:example:ana' }, undefined],
    [{ name: 'Ana Rivera', did: 'did:example:other' }, 'DID'],
    [{ name: 'Ana Rivera', email: 'sam@district.example.org' }, 'email'],
  ] as const)('%o → %s', (row, problem) => {
    const result = educatorMismatch(row, educator)
    if (problem === undefined) expect(result).toBeUndefined()
    else expect(result).toContain(problem)
  })
  it('compares names when no identifier is shared', () => {
    expect(educatorMismatch({ name: 'ana  rivera' }, { name: 'Ana Rivera' })).toBeUndefined()
    expect(educatorMismatch({ name: 'Sam Ortiz' }, { name: 'Ana Rivera' })).toContain('name')
  })
})

describe('issueBatch with a worker pool', () => {
  it('issues every row once, concurrently, with the same credential ids as a single-thread run', async () => {
    const { createCredentialPool } = await import('../../src/pool/worker-pool.js')
    const { key } = await issuer()
    const rows = parseRoster(roster(12))
    const pool = await createCredentialPool({ size: 2, signingKey: { privateJwk: key.privateJwk, verificationMethod: key.verificationMethod } })
    try {
      const pooled = fresh('pool')
      const summary = await issueBatch({ rows, baseDir: ROOT, key, issuer: { name: 'District' }, outDir: pooled, pool })
      expect(summary).toMatchObject({ issued: 12, skipped: 0, failed: [] })
      const single = fresh('single')
      await issueBatch({ rows, baseDir: ROOT, key, issuer: { name: 'District' }, outDir: single })
      const ids = (dir: string) => logOf(dir).map((r: { credentialId: string }) => r.credentialId).sort()
      expect(ids(pooled)).toEqual(ids(single))
      for (const record of logOf(pooled)) expect((await verifyBadge(readFileSync(join(pooled, record.files.find((f: string) => f.endsWith('badge.png')))))).verified).toBe(true)
    } finally {
      await pool.close()
    }
  }, 120_000)
})

describe('batch crash safety (kill -9 mid-run, re-run, compare)', () => {
  it('loses nothing, duplicates nothing, leaves no half-written file', async () => {
    const { key } = await issuer()
    const dir = fresh('crash')
    const out = join(dir, 'out')
    const keyFile = join(dir, 'issuer.key.json')
    await writeKeyFile(keyFile, key)
    const n = 40
    writeFileSync(join(dir, 'roster.csv'), roster(n, exampleInto(dir, 'templates/checking-understanding-gestures.json')))
    const cliArgs = ['--import', 'tsx', join(ROOT, 'src/cli/bin.ts'), 'issue', '--batch', join(dir, 'roster.csv'), '--key', keyFile, '--out', out, '--no-page', '--issuer-name', 'District']
    const run = () => spawn(process.execPath, cliArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    const exited = (child: ChildProcess) => new Promise<number | null>((done) => child.on('exit', (code) => done(code)))

    const victim = run()
    await new Promise<void>((done, fail) => {
      const timer = setInterval(() => {
        const logged = existsSync(join(out, 'issuance-log.jsonl')) ? logOf(out).length : 0
        if (logged >= 5) {
          clearInterval(timer)
          victim.kill('SIGKILL')
          done()
        }
      }, 5)
      victim.on('exit', () => {
        clearInterval(timer)
        fail(new Error('the batch finished before it could be killed'))
      })
    })
    await exited(victim)
    const before = logOf(out).length
    expect(before).toBeLessThan(n)

    const rerun = run()
    let stdout = ''
    rerun.stdout!.on('data', (d) => (stdout += d))
    expect(await exited(rerun)).toBe(0)
    expect(stdout).toMatch(new RegExp(`issued ${n - before}, skipped ${before}`))

    const log = logOf(out)
    expect(log).toHaveLength(n)
    expect(new Set(log.map((r: { rowKey: string }) => r.rowKey)).size).toBe(n)
    expect(new Set(log.map((r: { credentialId: string }) => r.credentialId)).size).toBe(n)
    const all = readdirSync(out, { recursive: true }) as string[]
    expect(all.filter((f) => f.endsWith('.tmp'))).toEqual([])
    for (const record of log) {
      const credential = JSON.parse(readFileSync(join(out, record.files.find((f: string) => f.endsWith('credential.json'))), 'utf8'))
      expect(credential.id).toBe(record.credentialId)
      expect(readFileSync(join(out, record.files.find((f: string) => f.endsWith('badge.png')))).subarray(1, 4).toString()).toBe('PNG')
    }
  }, 120_000)

  it('exits 2 at once when a pooled batch fails (the pool is closed on the error path too)', async () => {
    const { key } = await issuer()
    const dir = fresh('pool-error')
    const keyFile = join(dir, 'issuer.key.json')
    await writeKeyFile(keyFile, key)
    writeFileSync(join(dir, 'roster.csv'), roster(1, exampleInto(dir, 'templates/checking-understanding-gestures.json')))
    writeFileSync(join(dir, 'not-a-dir'), '')
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli/bin.ts'), 'issue', '--batch', join(dir, 'roster.csv'), '--key', keyFile, '--out', join(dir, 'not-a-dir', 'out'), '--no-page', '--workers', '1', '--issuer-name', 'District'],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
    )
    let stderr = ''
    child.stderr!.on('data', (d) => (stderr += d))
    // Before the fix the message was printed and live workers kept the process running.
    const hung = setTimeout(() => child.kill('SIGKILL'), 30_000)
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)))
    clearTimeout(hung)
    expect(code).toBe(2)
    expect(stderr).toContain('ENOTDIR')
  }, 60_000)
})

describe('issueBatch with status entries', () => {
  it('allocates the roster’s entries in one transaction: one distinct index per credential, the same on a re-run', async () => {
    const { DirectoryStore } = await import('../../src/status/directory-store.js')
    const { key } = await issuer()
    const rows = parseRoster(roster(6))
    const out = fresh('status')
    const store = await DirectoryStore.open(join(out, 'state'))
    let transactions = 0
    const counting = Object.assign(Object.create(store), {
      allocate: (requests: Parameters<typeof store.allocate>[0]) => {
        transactions++
        return store.allocate(requests)
      },
    }) as typeof store
    const status = { store: counting, baseUrl: 'https://district.example.org/status' }
    expect(await issueBatch({ rows, baseDir: ROOT, key, issuer: { name: 'District' }, outDir: out, status })).toMatchObject({ issued: 6, failed: [] })
    expect(transactions).toBe(1)
    const indexes = new Map<string, string>()
    for (const record of logOf(out)) {
      const credential = JSON.parse(readFileSync(join(out, record.files.find((f: string) => f.endsWith('credential.json'))), 'utf8'))
      indexes.set(credential.id, credential.credentialStatus.statusListIndex)
      expect((await store.find(credential.id))?.index).toBe(Number(credential.credentialStatus.statusListIndex))
    }
    expect(new Set(indexes.values()).size).toBe(6)
    expect(await issueBatch({ rows, baseDir: ROOT, key, issuer: { name: 'District' }, outDir: out, status })).toMatchObject({ issued: 0, skipped: 6 })
    const state = JSON.parse(readFileSync(join(out, 'state', 'state.json'), 'utf8'))
    expect(Object.keys(state.entries)).toHaveLength(6)
  })

  it('a row that is not awarded, decided before signing, gets no status entry', async () => {
    const { DirectoryStore } = await import('../../src/status/directory-store.js')
    const { key } = await issuer()
    const out = fresh('status-not-awarded')
    const rows = parseRoster(
      ['name,email,template,award', `Ana Rivera,ana.rivera@district.example.org,${TEMPLATE},${AWARD}`, `Jordan Blake,jordan.blake@district.example.org,${TEMPLATE},${RESUBMIT}`].join('\n'),
    )
    const status = { store: await DirectoryStore.open(join(out, 'state')), baseUrl: 'https://district.example.org/status' }
    expect(await issueBatch({ rows, baseDir: ROOT, key, issuer: { name: 'District' }, outDir: out, status })).toMatchObject({ issued: 1, failed: [{ row: 2 }] })
    const state = JSON.parse(readFileSync(join(out, 'state', 'state.json'), 'utf8'))
    expect(Object.keys(state.entries)).toEqual([logOf(out)[0].credentialId])
  })
})
