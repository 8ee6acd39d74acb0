import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../src/io/atomic-write.js'

const dir = mkdtempSync(join(tmpdir(), 'microcred-atomic-'))

describe('writeFileAtomic', () => {
  it('writes the whole file and leaves no temp file', async () => {
    await writeFileAtomic(join(dir, 'a.json'), '{"a":1}\n')
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('{"a":1}\n')
    expect(readdirSync(dir)).toEqual(['a.json'])
  })

  it('a write into a missing folder names the file asked for, not its temp file, and keeps the errno code', async () => {
    const target = join(dir, 'missing', 'b.json')
    const failure = await writeFileAtomic(target, 'x').catch((error: NodeJS.ErrnoException) => error)
    expect(failure).toMatchObject({ code: 'ENOENT', path: target, message: `cannot write "${target}": the folder "${join(dir, 'missing')}" does not exist` })
    expect((failure as Error).message).not.toContain('.tmp')
  })
})
