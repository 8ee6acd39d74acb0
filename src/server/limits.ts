import { errorResponse, HttpRefusal } from './http.js'

/** A Fetch-API handler: what Hono, a service worker or a serverless function mounts. */
export type FetchHandler = (request: Request) => Promise<Response>

export interface HandlerLimits {
  /** Requests handled at once; more are answered 503 at once rather than queued. @default 32 */
  maxConcurrent?: number
  /** A request taking longer is answered 503 (its work is abandoned, not awaited). @default 15000 */
  timeoutMs?: number
}

/**
 * Wraps a handler with a concurrency cap and a deadline, so a flood or a slow request cannot
 * hold the server: over the cap or past the deadline, the answer is a 503 with `Retry-After`.
 * @example
 * const handler = withLimits(createIssuerHandler({ … }), { maxConcurrent: 16, timeoutMs: 10_000 })
 */
export function withLimits(handler: FetchHandler, { maxConcurrent = 32, timeoutMs = 15_000 }: HandlerLimits = {}): FetchHandler {
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new RangeError('maxConcurrent must be a positive integer')
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError('timeoutMs must be a positive number')
  let active = 0
  const busy = (message: string) => {
    const response = errorResponse(new HttpRefusal(503, 'temporarily_unavailable', message))
    response.headers.set('retry-after', '1')
    return response
  }
  return async (request) => {
    if (active >= maxConcurrent) return busy('too many requests at once; retry shortly')
    active++
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      const deadline = new Promise<Response>((resolve) => {
        timer = setTimeout(() => resolve(busy(`the request took longer than ${timeoutMs} ms`)), timeoutMs)
      })
      return await Promise.race([handler(request).catch(errorResponse), deadline])
    } finally {
      clearTimeout(timer)
      active--
    }
  }
}
