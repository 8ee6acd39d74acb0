// Builds the self-contained browser verifier (IIFE, global `microcred`). Used by `npm run build`
// and by the browser test, so both run the same bundle.
import { build, type Plugin } from 'esbuild'

export const BROWSER_BUNDLE = 'dist/browser/microcred-verify.js'

// The guarded https client is Node's (node:https, node:dns): a page has no sockets to guard, so in
// the browser remote look-ups need an injected `remote.fetch` and the default client refuses.
const browserGuardedClient: Plugin = {
  name: 'browser-guarded-client',
  setup(build) {
    build.onResolve({ filter: /[\\/]guarded-https\.js$/ }, () => ({ path: 'guarded-https', namespace: 'microcred-browser' }))
    build.onLoad({ filter: /^guarded-https$/, namespace: 'microcred-browser' }, () => ({
      contents: "export async function guardedGet() { const e = new Error('microcred: in a browser, remote look-ups need remote.fetch'); e.code = 'ERR_OB_FETCH_REFUSED'; throw e }",
      loader: 'js',
    }))
  },
}

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
    plugins: [browserGuardedClient],
    // credentials-context builds metadata URLs from import.meta.url; in one IIFE any absolute base will do.
    define: { 'import.meta.url': '"https://microcred.invalid/bundle.js"' },
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildBrowserBundle()
  console.log(BROWSER_BUNDLE)
}
