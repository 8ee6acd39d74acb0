import { readFileSync } from 'node:fs'
import type { Plugin } from 'esbuild'
import { browserGuardedClient } from './scripts/browser-guarded-client.js'
import { defineConfig, type Options } from 'tsup'

// ESM only: the Data Integrity stack (@digitalbazaar/*) is ESM-only, so a CJS build could not require it.
//
// What is bundled and what is not follows package.json: `dependencies`, `peerDependencies` and
// `optionalDependencies` stay external (a consumer's install provides them: the native PNG renderer,
// its fonts, TypeBox (only its types: the declarations use them); and the optional peers — database,
// HTTP server, queue, OAuth and PKCS#11 libraries — that the subpaths load lazily through
// src/internal/peer-dependency.ts); everything else an entry reaches is bundled, so it is a
// devDependency, listed in THIRD_PARTY_NOTICES.md (scripts/third-party-notices.ts, checked in CI).
// Dependencies are bundled (except those). That gives microcred its
// own jsonld instance, so the context-sharing hook (src/internal/jsonld-context-sharing.ts) touches
// no other jsonld user in the process, and it keeps jsonld's network code out of the import path:
// microcred always passes its own document loader, so jsonld's HTTP client and default Node loader
// are replaced by stubs that refuse.
const stubJsonLdNetwork: Plugin = {
  name: 'stub-jsonld-network',
  setup(build) {
    build.onResolve({ filter: /^@digitalbazaar\/http-client$/ }, () => ({ path: 'http-client', namespace: 'microcred-stub' }))
    // jsonld's default Node document loader (platform.js): loading it pulls in node:https (TLS,
    // sockets) at import — ~7 ms of a cold start — for a loader microcred never uses.
    build.onResolve({ filter: /^\.\/documentLoaders\/node$/ }, (args) =>
      /jsonld[\\/]lib[\\/]platform\.js$/.test(args.importer) ? { path: 'jsonld-node-loader', namespace: 'microcred-stub' } : undefined,
    )
    build.onLoad({ filter: /^http-client$/, namespace: 'microcred-stub' }, () => ({
      contents: "const refuse = () => { throw new Error('microcred: network loading through jsonld is disabled') }\nexport const httpClient = new Proxy({}, { get: () => refuse })\nexport const DEFAULT_HEADERS = {}\nexport default httpClient",
      loader: 'js',
    }))
    build.onLoad({ filter: /^jsonld-node-loader$/, namespace: 'microcred-stub' }, () => ({
      contents: "module.exports = () => async (url) => { throw new Error('microcred: jsonld cannot load ' + url + ': network loading through jsonld is disabled') }",
      loader: 'js',
    }))
  },
}

const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as Record<string, Record<string, string> | undefined>
const externals = [...new Set(['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) => Object.keys(manifest[field] ?? {})))]
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
// A package is external together with its subpaths (`pg`, `pg/lib/...`), never a longer name (`pg-pool`).
const isExternal = externals.length > 0 ? `(?:${externals.map(escapeRegExp).join('|')})(?:/|$)` : '(?!)'
const shared: Options = {
  format: ['esm'],
  sourcemap: true,
  // `npm run build` empties dist/ once before both builds run (in parallel).
  clean: false,
  splitting: true,
  metafile: true,
  noExternal: [new RegExp(`^(?!${isExternal}).*`)],
  external: externals.map((name) => new RegExp(`^${escapeRegExp(name)}(?:/|$)`)),
  esbuildPlugins: [stubJsonLdNetwork],
}

export default defineConfig([
  {
    ...shared,
    entry: { index: 'src/index.ts', 'verify/index': 'src/verify/index.ts', 'bake/index': 'src/bake/index.ts', 'share/index': 'src/share/index.ts', 'postgres/index': 'src/postgres/index.ts', 'exchange/index': 'src/exchange/index.ts', 'server/index': 'src/server/index.ts', 'oid4vci/index': 'src/oid4vci/index.ts', 'publish/index': 'src/publish/index.ts', 'ob-api/index': 'src/ob-api/index.ts', 'pkcs11/index': 'src/pkcs11/index.ts', 'queue/index': 'src/queue/index.ts', cli: 'src/cli/bin.ts', 'pool/pool-worker': 'src/pool/pool-worker.ts', diagnostics: 'src/diagnostics.ts' },
    dts: { entry: { index: 'src/index.ts', 'verify/index': 'src/verify/index.ts', 'bake/index': 'src/bake/index.ts', 'share/index': 'src/share/index.ts', 'postgres/index': 'src/postgres/index.ts', 'exchange/index': 'src/exchange/index.ts', 'server/index': 'src/server/index.ts', 'oid4vci/index': 'src/oid4vci/index.ts', 'publish/index': 'src/publish/index.ts', 'ob-api/index': 'src/ob-api/index.ts', 'pkcs11/index': 'src/pkcs11/index.ts', 'queue/index': 'src/queue/index.ts' } },
    target: 'node20',
    platform: 'node',
    // Bundled CommonJS dependencies call require() for Node built-ins.
    banner: { js: "import { createRequire as __microcredCreateRequire } from 'node:module'; const require = __microcredCreateRequire(import.meta.url);" },
  },
  {
    // The `browser` condition of each export: the same code without Node built-ins (no require()
    // banner; the Node-only parts are left out of src/browser/*.ts), for esbuild, Vite, webpack.
    ...shared,
    entry: { index: 'src/browser/index.ts', 'verify/index': 'src/verify/index.ts', 'bake/index': 'src/browser/bake.ts', 'share/index': 'src/browser/share.ts' },
    outDir: 'dist/browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    platform: 'browser',
    // credentials-context derives Node file paths from import.meta.url, which the browser never uses
    // (the contexts are bundled as data); a fixed base keeps bundlers from chasing those files.
    define: { 'import.meta.url': '"https://microcred.invalid/bundle.js"' },
    esbuildPlugins: [stubJsonLdNetwork, browserGuardedClient],
  },
])
