import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/examples.js'

const run = promisify(execFile)
const corpus = async (env: Record<string, string>) => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/perf/jsonld-corpus.mts'], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 << 20 })
  return JSON.parse(stdout) as { hook: boolean; documents: number; lines: string[] }
}

describe('jsonld context-sharing hook', () => {
  it('gives identical canonical N-Quads and proofs on the spec corpus and generated credentials', async () => {
    const [off, on] = await Promise.all([corpus({ MICROCRED_JSONLD_CONTEXT_SHARING: 'off', CORPUS_SIZE: '300' }), corpus({ CORPUS_SIZE: '300' })])
    expect(off.hook).toBe(false)
    expect(on.hook).toBe(true)
    expect(on.documents).toBeGreaterThan(300)
    expect(on.lines).toEqual(off.lines)
    expect(on.lines.filter((l) => !l.startsWith('error')).length).toBeGreaterThan(300)
  }, 180_000)
})
