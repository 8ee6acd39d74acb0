import { isObError, type ObErrorCode } from '../errors.js'
import { readAtMost } from '../internal/bytes.js'

/** Limits every handler applies to what it reads. */
export interface BodyLimits {
  /** Largest request body accepted, in bytes. @default 262144 (256 KiB) */
  maxBodyBytes?: number
}

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024

/** A request the handler refuses before doing any work: too large, wrong method, unreadable. */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Reads a request body, counting bytes while reading: a body over `maxBodyBytes` is refused with
 * 413 as soon as it crosses the limit (whatever its Content-Length claims), not after buffering it.
 */
export async function readBody(request: Request, { maxBodyBytes = DEFAULT_MAX_BODY_BYTES }: BodyLimits = {}): Promise<Uint8Array> {
  const tooLarge = () => new HttpRefusal(413, 'invalid_request', `the body is larger than ${maxBodyBytes} bytes`)
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBodyBytes) throw tooLarge()
  if (!request.body) return new Uint8Array()
  return readAtMost(request.body, maxBodyBytes, tooLarge)
}

/** Reads a JSON body (empty → `undefined`); refuses non-JSON with 400. */
export async function readJsonBody(request: Request, limits: BodyLimits = {}): Promise<unknown> {
  const bytes = await readBody(request, limits)
  const text = new TextDecoder().decode(bytes).trim()
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new HttpRefusal(400, 'invalid_request', 'the body is not JSON')
  }
}

/** Reads an `application/x-www-form-urlencoded` body (OAuth 2.0 token requests). */
export async function readFormBody(request: Request, limits: BodyLimits = {}): Promise<URLSearchParams> {
  const type = request.headers.get('content-type') ?? ''
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded'))
    throw new HttpRefusal(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded')
  return new URLSearchParams(new TextDecoder().decode(await readBody(request, limits)))
}

/** A JSON response that no cache keeps. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers },
  })
}

const STATUS_OF: Partial<Record<ObErrorCode, number>> = {
  ERR_OB_EXCHANGE_NOT_FOUND: 404,
  ERR_OB_EXCHANGE_EXPIRED: 410,
  ERR_OB_EXCHANGE_COMPLETE: 409,
  ERR_OB_EXCHANGE_CHALLENGE_INVALID: 400,
  ERR_OB_EXCHANGE_DOMAIN_INVALID: 400,
  ERR_OB_EXCHANGE_PRESENTATION_INVALID: 400,
  ERR_OB_EXCHANGE_REQUEST_INVALID: 400,
}

/**
 * The response for an error: a coded microcred error becomes `{ code, message }` with a status that
 * fits it; anything else is a 500 whose message says nothing of the internals.
 */
export function errorResponse(error: unknown): Response {
  if (error instanceof HttpRefusal) return jsonResponse({ error: error.error, message: error.message }, error.status)
  if (isObError(error)) return jsonResponse({ code: error.code, message: error.message }, STATUS_OF[error.code] ?? 400)
  return jsonResponse({ error: 'server_error', message: 'the server could not complete the request' }, 500)
}
