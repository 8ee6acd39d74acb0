// Builds the self-contained browser verifier (IIFE, global `microcred`). Used by `npm run build`
// and by the browser test, so both run the same bundle.
import { build } from 'esbuild'

export const BROWSER_BUNDLE = 'dist/browser/microcred-verify.js'

export async function buildBrowserBundle(outfile = BROWSER_BUNDLE): Promise<void> {
  await build({
    entryPoints: [new URL('../src/browser.ts', import.meta.url).pathname],
    outfile,
    bundle: true,
    format: 'iife',
    globalName: 'microcred',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    // credentials-context builds metadata URLs from import.meta.url; in one IIFE any absolute base will do.
    define: { 'import.meta.url': '"https://microcred.invalid/bundle.js"' },
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildBrowserBundle()
  console.log(BROWSER_BUNDLE)
}
