import type { AddressInfo } from 'node:net'
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { importPeer, type PeerFeature } from '../internal/peer-dependency.js'
import { type IssuerHandlerOptions, issuerRouter } from './issuer-handler.js'
import { withLimits } from './limits.js'

export interface ServeIssuerOptions extends IssuerHandlerOptions {
  /** A folder written by `microcred publish`, served as static files beside the endpoints. */
  siteDir?: string
  /** The address to listen on; nothing else is bound. @default '127.0.0.1' */
  hostname?: string
  /** @default 0 (an ephemeral port) */
  port?: number
  /** Node's limit on receiving a request's headers, and on the whole request. @default 10000 / 30000 ms */
  headersTimeoutMs?: number
  requestTimeoutMs?: number
}

/** A running server: its base URL and how to stop it. */
export interface RunningServer {
  url: string
  close(): Promise<void>
}

// Only serveIssuer needs Hono: the Fetch-API handlers of microcred/server run without it.
const HONO: PeerFeature = { feature: 'serveIssuer (microcred/server, microcred serve)', packages: ['hono', '@hono/node-server'] }

/** Loads Hono and its Node adapter (optional peers); the CLI calls it before touching any state. */
async function loadHono() {
  // Hono first: @hono/node-server imports it, and its failure there would not name what to install.
  const { Hono } = await importPeer('hono', HONO, () => import('hono'))
  const { serve } = await importPeer('@hono/node-server', HONO, () => import('@hono/node-server'))
  const { serveStatic } = await importPeer('@hono/node-server', HONO, () => import('@hono/node-server/serve-static'))
  return { Hono, serve, serveStatic }
}

/**
 * Checks that `serveIssuer`'s optional peers (`hono`, `@hono/node-server`) are installed, so a caller can
 * refuse before opening any state. Throws `DependencyMissing` (`ERR_OB_DEPENDENCY_MISSING`) naming the install.
 */
export async function assertServeDependencies(): Promise<void> {
  await loadHono()
}

// Pages may check status live from their own origin, and nothing else.
const SITE_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' }

/**
 * Runs the issuer's endpoints (and a published site) over Hono on Node's HTTP server, listening
 * only on `hostname` (default 127.0.0.1). Put a TLS-terminating proxy in front to go public.
 * @example
 * const server = await serveIssuer({ exchanges, siteDir: 'site', port: 8080 })
 * console.log(server.url)
 */
export async function serveIssuer({
  siteDir,
  hostname = '127.0.0.1',
  port = 0,
  headersTimeoutMs = 10_000,
  requestTimeoutMs = 30_000,
  ...options
}: ServeIssuerOptions): Promise<RunningServer> {
  const { Hono, serve, serveStatic } = await loadHono()
  const route = issuerRouter(options)
  // Marks "not an endpoint": never sent, only compared, so the request falls through to the site.
  const notMine = new Response(null, { status: 404 })
  const api = withLimits(async (request) => (await route(request)) ?? notMine, options)
  const app = new Hono()
  app.use('*', async (c, next) => {
    const response = await api(c.req.raw)
    if (response !== notMine) return response
    await next()
  })
  if (siteDir) {
    const root = resolve(siteDir)
    if (!(await stat(root).catch(() => undefined))?.isDirectory()) throw new TypeError(`the site folder "${siteDir}" does not exist (run microcred publish first)`)
    app.use('*', async (c, next) => {
      await next()
      for (const [name, value] of Object.entries(SITE_HEADERS)) c.res.headers.set(name, value)
      // The only extensionless files publish writes are status lists, at their credential URLs.
      const last = new URL(c.req.url).pathname.split('/').pop() ?? ''
      if (c.res.status === 200 && last !== '' && !last.includes('.')) c.res.headers.set('content-type', 'application/json')
    })
    app.get('*', serveStatic({ root }))
  }
  app.notFound((c) => c.json({ error: 'not_found' }, 404))
  return new Promise((resolveServer, reject) => {
    const server = serve({ fetch: app.fetch, hostname, port, serverOptions: { headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs } }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address
      resolveServer({
        url: `http://${host}:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      })
    })
    server.once('error', reject)
  })
}
