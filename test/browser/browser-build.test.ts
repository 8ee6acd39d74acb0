// The `browser` builds: their entries reach no Node built-in (esbuild for the browser resolves every
// import, so one `node:` import anywhere fails the bundle), and each exports a subset of its Node
// entry, the very same values — so `src/browser/*` cannot drift from the public surface.
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import * as bake from '../../src/bake/index.js'
import * as browserBake from '../../src/browser/bake.js'
import * as browserRoot from '../../src/browser/index.js'
import * as browserShare from '../../src/browser/share.js'
import * as root from '../../src/index.js'
import * as share from '../../src/share/index.js'
import { ROOT } from '../helpers/examples.js'

const ENTRIES = ['src/browser/index.ts', 'src/verify/index.ts', 'src/browser/bake.ts', 'src/browser/share.ts', 'src/browser/verifier.ts']

describe('browser builds', () => {
  it.each(ENTRIES)('%s bundles for the browser with no Node built-in', async (entry) => {
    const result = await build({
      entryPoints: [`${ROOT}${entry}`],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      logLevel: 'silent',
      define: { 'import.meta.url': '"https://microcred.invalid/bundle.js"' },
    })
    expect(result.errors).toEqual([])
    expect(result.outputFiles[0]!.text).not.toMatch(/from\s*["']node:|require\(["'](fs|path|crypto|module|worker_threads)["']\)/)
  }, 60_000)

  it.each([
    ['microcred', browserRoot, root],
    ['microcred/bake', browserBake, bake],
    ['microcred/share', browserShare, share],
  ] as const)('the browser %s exports a subset of the Node entry, the same values', (_name, browser, node) => {
    for (const [name, value] of Object.entries(browser)) expect((node as Record<string, unknown>)[name], name).toBe(value)
  })
})
