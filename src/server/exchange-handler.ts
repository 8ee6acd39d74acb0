import type { ExchangeService } from '../exchange/exchanges.js'
import { interactionProtocols } from '../exchange/links.js'
import { type BodyLimits, errorResponse, HttpRefusal, jsonResponse, readJsonBody } from './http.js'

/**
 * `POST <exchanges>/:id` (VC-API exchange step) and `GET <exchanges>/:id/interaction?iuv=1`
 * (the protocols of the exchange), for the exchange `id` taken from the path by the caller's router.
 * @example
 * app.all('/exchanges/:id', (c) => exchangeRequest(c.req.raw, exchanges, c.req.param('id')))
 */
export async function exchangeRequest(request: Request, exchanges: ExchangeService, id: string, limits: BodyLimits = {}): Promise<Response> {
  try {
    if (request.method !== 'POST') throw new HttpRefusal(405, 'invalid_request', 'an exchange takes POST')
    return jsonResponse(await exchanges.participate(id, await readJsonBody(request, limits)))
  } catch (error) {
    return errorResponse(error)
  }
}

/** `GET <exchanges>/:id/interaction?iuv=1`: `{ protocols: { vcapi } }` for an exchange that exists. */
export async function interactionRequest(request: Request, exchanges: ExchangeService, id: string): Promise<Response> {
  try {
    if (request.method !== 'GET') throw new HttpRefusal(405, 'invalid_request', 'an interaction URL takes GET')
    if (new URL(request.url).searchParams.get('iuv') !== '1') throw new HttpRefusal(400, 'invalid_request', 'add iuv=1 to get the protocols')
    const links = await exchanges.linksOf(id)
    if (!links) throw new HttpRefusal(404, 'not_found', `no exchange "${id}"`)
    return jsonResponse(interactionProtocols(links.exchangeUrl))
  } catch (error) {
    return errorResponse(error)
  }
}
