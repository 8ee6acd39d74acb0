import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
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

  // The built package bundles its own jsonld, so its hook is a separate installation: it must be
  // active (a jsonld upgrade that switches it off fails here) and give the source's proofs.
  // CI builds before it runs this (MICROCRED_TEST_DIST=1); locally it runs whenever dist/ exists.
  const built = existsSync(join(ROOT, 'dist/index.js'))
  if (process.env.MICROCRED_TEST_DIST && !built) throw new Error('MICROCRED_TEST_DIST is set but dist/ is not built: run `npm run build`')
  it.runIf(built)('is active in the built dist/ and gives the same proofs there, on and off', async () => {
    const [source, off, on] = await Promise.all([
      corpus({ MICROCRED_JSONLD_CONTEXT_SHARING: 'off', CORPUS_SIZE: '100' }),
      corpus({ MICROCRED_JSONLD_CONTEXT_SHARING: 'off', CORPUS_SIZE: '100', CORPUS_FROM: 'dist' }),
      corpus({ CORPUS_SIZE: '100', CORPUS_FROM: 'dist' }),
    ])
    expect(off.hook).toBe(false)
    expect(on.hook).toBe(true)
    expect(on.lines).toEqual(off.lines)
    expect(on.lines).toEqual(source.lines.map((l) => (l.startsWith('error') ? l : l.split(' ')[1])))
    expect(on.lines.filter((l) => !l.startsWith('error')).length).toBeGreaterThan(100)
  }, 180_000)
})
