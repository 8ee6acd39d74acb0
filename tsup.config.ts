import type { Plugin } from 'esbuild'
import { defineConfig } from 'tsup'

// ESM only: the Data Integrity stack (@digitalbazaar/*) is ESM-only, so a CJS build could not require it.
//
// Dependencies are bundled, except the native PNG renderer and its fonts, the optional PKCS#11
// addon (native), and BullMQ and ioredis (a server client the application shares and configures).
// Bundling gives microcred its own jsonld instance, so the context-sharing hook (src/internal/jsonld-context-sharing.ts) touches
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

export default defineConfig({
  entry: { index: 'src/index.ts', 'verify/index': 'src/verify/index.ts', 'bake/index': 'src/bake/index.ts', 'share/index': 'src/share/index.ts', 'postgres/index': 'src/postgres/index.ts', 'exchange/index': 'src/exchange/index.ts', 'server/index': 'src/server/index.ts', 'oid4vci/index': 'src/oid4vci/index.ts', 'publish/index': 'src/publish/index.ts', 'ob-api/index': 'src/ob-api/index.ts', 'pkcs11/index': 'src/pkcs11/index.ts', 'queue/index': 'src/queue/index.ts', cli: 'src/cli/bin.ts', 'pool/pool-worker': 'src/pool/pool-worker.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts', 'verify/index': 'src/verify/index.ts', 'bake/index': 'src/bake/index.ts', 'share/index': 'src/share/index.ts', 'postgres/index': 'src/postgres/index.ts', 'exchange/index': 'src/exchange/index.ts', 'server/index': 'src/server/index.ts', 'oid4vci/index': 'src/oid4vci/index.ts', 'publish/index': 'src/publish/index.ts', 'ob-api/index': 'src/ob-api/index.ts', 'pkcs11/index': 'src/pkcs11/index.ts', 'queue/index': 'src/queue/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  // The HTTP framework (microcred serve, microcred/server) stays a dependency, not bundled.
  // pg stays a runtime dependency, loaded only by microcred/postgres (and a CLI --state postgres:// URL):
  // its optional pg-native addon and its pool are the user's to configure and update.
  noExternal: [/^(?!@resvg\/resvg-js$|dejavu-fonts-ttf|pg$|pkcs11js$|bullmq$|ioredis$|hono$|hono\/|@hono\/).*/],
  external: ['@resvg/resvg-js', 'dejavu-fonts-ttf', 'pg', 'pkcs11js', 'bullmq', 'ioredis', 'hono', /^hono\//, /^@hono\//],
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __microcredCreateRequire } from 'node:module'; const require = __microcredCreateRequire(import.meta.url);" },
  esbuildPlugins: [stubJsonLdNetwork],
})
