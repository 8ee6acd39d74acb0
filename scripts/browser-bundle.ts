// Builds the self-contained browser verifier (IIFE, global `microcred`), exported as
// `microcred/browser-verifier`. Used by `npm run build` and by the browser test, so both run the same bundle.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { build } from 'esbuild'
import { browserGuardedClient } from './browser-guarded-client.js'

export const BROWSER_BUNDLE = 'dist/browser/microcred-verify.js'

// The IIFE defines a global; its declaration lets a TypeScript page script call it typed.
const DECLARATION = `// The prebuilt browser verifier: load it with a <script> tag; it defines the global \`microcred\`.
import type { firstFailure, verifyBadge } from '../verify/index.js'
declare global {
  var microcred: { verifyBadge: typeof verifyBadge; firstFailure: typeof firstFailure }
}
export {}
`

export async function buildBrowserBundle(outfile = BROWSER_BUNDLE, { metafile = false } = {}): Promise<void> {
  const result = await build({
    entryPoints: [new URL('../src/browser/verifier.ts', import.meta.url).pathname],
    outfile,
    bundle: true,
    format: 'iife',
    globalName: 'microcred',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    metafile,
    plugins: [browserGuardedClient],
    // credentials-context builds metadata URLs from import.meta.url; in one IIFE any absolute base will do.
    define: { 'import.meta.url': '"https://microcred.invalid/bundle.js"' },
  })
  if (metafile) {
    await mkdir(dirname(outfile), { recursive: true })
    await writeFile(outfile.replace(/\.js$/, '.d.ts'), DECLARATION)
    // Read by scripts/third-party-notices.ts; not shipped (package.json `files`).
    await writeFile(outfile.replace(/microcred-verify\.js$/, 'metafile-verifier.json'), JSON.stringify(result.metafile))
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildBrowserBundle(BROWSER_BUNDLE, { metafile: true })
  console.log(BROWSER_BUNDLE)
}
