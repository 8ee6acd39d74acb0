import type { Plugin } from 'esbuild'

// The guarded https client is Node's (node:https, node:dns): a page has no sockets to guard, so in
// the browser remote look-ups need an injected `remote.fetch` and the default client refuses.
export const browserGuardedClient: Plugin = {
  name: 'browser-guarded-client',
  setup(build) {
    build.onResolve({ filter: /[\\/]guarded-https\.js$/ }, () => ({ path: 'guarded-https', namespace: 'microcred-browser' }))
    build.onLoad({ filter: /^guarded-https$/, namespace: 'microcred-browser' }, () => ({
      contents: "export async function guardedGet() { const e = new Error('microcred: in a browser, remote look-ups need remote.fetch'); e.code = 'ERR_OB_FETCH_REFUSED'; throw e }",
      loader: 'js',
    }))
  },
}
