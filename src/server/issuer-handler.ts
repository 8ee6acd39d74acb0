import type { ExchangeService } from '../exchange/exchanges.js'
import { exchangeRequest, interactionRequest } from './exchange-handler.js'
import { type BodyLimits, jsonResponse } from './http.js'
import { type FetchHandler, type HandlerLimits, withLimits } from './limits.js'
import { type VerifyHandlerOptions, verifyRequest } from './verify-handler.js'

/** Any set of routes that answers the requests it knows and passes (`undefined`) on the rest. */
export interface RouteSet {
  route(request: Request): Promise<Response | undefined>
}

export interface IssuerHandlerOptions extends BodyLimits, HandlerLimits {
  /** Serve VC-API exchanges under the path of the service's `exchangesUrl`. */
  exchanges?: ExchangeService
  /** More routes, e.g. an OpenID4VCI issuer (`createOid4vciIssuer` from `microcred/oid4vci`). */
  routes?: RouteSet[]
  /** Serve `POST /verify` (the `verifyBadge` report). @default { } (on, offline) */
  verify?: VerifyHandlerOptions | false
  /** Path of the verify endpoint. @default '/verify' */
  verifyPath?: string
}

/**
 * The issuer's endpoints as one Fetch-API handler (`Request` → `Response`), framework-agnostic:
 * VC-API exchanges, any extra route sets (OpenID4VCI), and `POST /verify`, with bounded bodies,
 * a concurrency cap and a deadline. Unknown paths get a 404 JSON answer; use `routeIssuerRequest`
 * to fall through to your own routes instead.
 * @example
 * const handler = createIssuerHandler({ exchanges })
 * export default { fetch: handler }                      // a serverless function
 * app.all('*', (c) => handler(c.req.raw))                 // Hono; Express/Fastify via their Fetch adapters
 */
export function createIssuerHandler(options: IssuerHandlerOptions): FetchHandler {
  const route = issuerRouter(options)
  return withLimits(
    async (request) => (await route(request)) ?? jsonResponse({ error: 'not_found', message: `no route for ${new URL(request.url).pathname}` }, 404),
    options,
  )
}

/** The same routes, answering `undefined` for a request they do not serve (no limits applied: wrap with `withLimits`). */
export function issuerRouter({ exchanges, routes = [], verify = {}, verifyPath = '/verify', maxBodyBytes }: IssuerHandlerOptions) {
  const limits = maxBodyBytes === undefined ? {} : { maxBodyBytes }
  return async (request: Request): Promise<Response | undefined> => {
    const { pathname } = new URL(request.url)
    const exchangesPath = exchanges ? new URL(exchanges.exchangeUrl('')).pathname : undefined
    if (exchanges && exchangesPath && pathname.startsWith(exchangesPath)) {
      const [id, rest, ...more] = pathname.slice(exchangesPath.length).split('/')
      if (id && more.length === 0) {
        if (rest === undefined) return exchangeRequest(request, exchanges, decodeURIComponent(id), limits)
        if (rest === 'interaction') return interactionRequest(request, exchanges, decodeURIComponent(id))
      }
    }
    if (verify !== false && pathname === verifyPath) return verifyRequest(request, { ...verify, ...limits })
    for (const set of routes) {
      const response = await set.route(request)
      if (response) return response
    }
    return undefined
  }
}
