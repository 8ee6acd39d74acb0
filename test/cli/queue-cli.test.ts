import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli } from '../helpers/cli.js'
import { generateIssuerKey } from '../../src/keys/issuer-keys.js'
import { writeKeyFile } from '../../src/keys/key-file.js'
import { exampleInto } from '../helpers/examples.js'
import { REDIS, redisAvailable, testQueue } from '../queue/fixtures.js'

describe.skipIf(!redisAvailable)('microcred queue enqueue | work | status', () => {
  const dir = mkdtempSync(join(tmpdir(), 'microcred-queue-cli-'))
  const queue = testQueue('cli')
  const at = ['--redis', REDIS, '--prefix', queue.location.prefix, '--queue', queue.location.queueName]
  afterAll(async () => {
    await queue.drop()
    await rm(dir, { recursive: true, force: true })
  })

  it('enqueues a roster once, works it to the end, and reports a bad row with its code (exit 1)', async () => {
    // A roster names files in its own folder.
    const template = exampleInto(dir, 'templates/checking-understanding-gestures.json')
    const denied = exampleInto(dir, 'assessments/gestures-denied.json')
    writeFileSync(
      join(dir, 'roster.csv'),
      `name,did,template,awarded,award\nAna,did:example:ana,${template},yes,\nBo,did:example:bo,${template},yes,\nJordan Blake,did:example:jordan,${template},,${denied}\n`,
    )
    await writeKeyFile(join(dir, 'issuer.key.json'), await generateIssuerKey())
    const first = await cli('queue', 'enqueue', join(dir, 'roster.csv'), '--issuer-name', 'District', ...at, '--json')
    expect(first.code).toBe(0)
    expect(JSON.parse(first.stdout)).toMatchObject({ added: 3, alreadyQueued: 0, rejected: [] })
    expect((await cli('queue', 'enqueue', join(dir, 'roster.csv'), '--issuer-name', 'District', ...at)).stdout).toContain('queued 0, already queued 3')
    const work = await cli('queue', 'work', ...at, '--key', join(dir, 'issuer.key.json'), '--state', join(dir, 'state'), '--status-base-url', 'https://district.example.org/status', '--out', join(dir, 'out'), '--drain', '--json')
    // --json: the failures are in the JSON, and stderr stays empty.
    expect(work.stderr).toBe('')
    expect(JSON.parse(work.stdout)).toEqual({ issued: 2, reused: 0, failed: 1, failures: [{ row: 3, name: 'Jordan Blake', message: expect.stringMatching(/^ERR_OB_DECISION_INVALID: not awarded/) }] })
    expect(work.code).toBe(1)
    expect(readdirSync(join(dir, 'out'))).toHaveLength(2)
    const status = await cli('queue', 'status', ...at)
    expect(status.stdout).toMatch(/completed 2, failed 1/)
    expect(status.code).toBe(1)
  })

  it('usage errors exit 2 with one line', async () => {
    for (const argv of [['queue'], ['queue', 'frob'], ['queue', 'work', ...at, '--out', dir], ['queue', 'enqueue', join(dir, 'roster.csv'), ...at], ['queue', 'work', ...at, '--key', 'k', '--pkcs11-module', 'm', '--state', dir, '--status-base-url', 'https://x.example/s', '--out', dir]]) {
      const result = await cli(...argv)
      expect(result.code, argv.join(' ')).toBe(2)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
    }
  })
})
