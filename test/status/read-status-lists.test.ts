import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readStatusLists } from '../../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'microcred-read-status-lists-'))

describe('readStatusLists', () => {
  it("maps each list's id to the list; other files, and JSON without an id, are left out", async () => {
    const lists = join(dir, 'lists')
    mkdirSync(lists)
    mkdirSync(join(lists, 'nested.json'))
    const revocation = { id: 'https://d.example.org/status/revocation-1', type: ['VerifiableCredential', 'BitstringStatusListCredential'] }
    writeFileSync(join(lists, 'revocation-1.json'), JSON.stringify(revocation))
    writeFileSync(join(lists, 'notes.txt'), 'not a list')
    writeFileSync(join(lists, 'manifest.json'), JSON.stringify({ lists: 1 }))
    const read = await readStatusLists(lists)
    expect([...read.keys()]).toEqual([revocation.id])
    expect(read.get(revocation.id)).toEqual(revocation)
  })

  it('refuses a path that is not a folder, naming it', async () => {
    await expect(readStatusLists(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID', message: expect.stringContaining(`"${join(dir, 'missing')}" does not exist`) })
    writeFileSync(join(dir, 'file.json'), '{}')
    await expect(readStatusLists(join(dir, 'file.json'))).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID', message: expect.stringContaining('is not a folder') })
  })

  it('refuses a .json file that is not JSON, and one over maxInputBytes', async () => {
    const broken = join(dir, 'broken')
    mkdirSync(broken)
    writeFileSync(join(broken, 'a.json'), '{')
    await expect(readStatusLists(broken)).rejects.toMatchObject({ code: 'ERR_OB_PARSE_FAILED', message: expect.stringContaining(join(broken, 'a.json')) })
    const big = join(dir, 'big')
    mkdirSync(big)
    writeFileSync(join(big, 'a.json'), JSON.stringify({ id: 'https://x.example/1', pad: 'x'.repeat(2000) }))
    await expect(readStatusLists(big, { maxInputBytes: 1000 })).rejects.toMatchObject({ code: 'ERR_OB_INPUT_TOO_LARGE' })
  })
})
