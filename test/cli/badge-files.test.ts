import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { badgeFiles, skippedLines } from '../../src/cli/badge-files.js'

describe('badgeFiles: a folder gives its regular badge files only', () => {
  it('skips a FIFO (reading it would block forever) and a link leading out of the folder, saying why; follows a link inside', async () => {
    const top = mkdtempSync(join(tmpdir(), 'microcred-badge-files-'))
    const folder = join(top, 'badges')
    mkdirSync(folder)
    writeFileSync(join(folder, 'a.json'), '{}')
    writeFileSync(join(top, 'elsewhere.json'), '{}')
    execFileSync('mkfifo', [join(folder, 'b-pipe.json')])
    symlinkSync(join(top, 'elsewhere.json'), join(folder, 'c-outside.json'))
    symlinkSync(join(folder, 'a.json'), join(folder, 'd-inside.json'))
    symlinkSync(join(top, 'gone.json'), join(folder, 'e-dangling.json'))
    const found = await badgeFiles([folder])
    expect(found.files).toEqual([join(folder, 'a.json'), join(folder, 'd-inside.json')])
    expect(found.skipped).toEqual([join(folder, 'b-pipe.json'), join(folder, 'c-outside.json'), join(folder, 'e-dangling.json')])
    expect(skippedLines(found.skipped, [], found.why)).toEqual([
      `  skipped ${join(folder, 'b-pipe.json')}: not a regular file`,
      `  skipped ${join(folder, 'c-outside.json')}: a link leading outside the folder`,
      `  skipped ${join(folder, 'e-dangling.json')}: a link leading outside the folder`,
    ])
  })
})
