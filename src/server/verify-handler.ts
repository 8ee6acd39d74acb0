import { verifyBadge, type VerifyBadgeOptions } from '../verify/verify-badge.js'
import { type BodyLimits, errorResponse, HttpRefusal, jsonResponse, readBody } from './http.js'

export interface VerifyHandlerOptions extends BodyLimits {
  /** Options for every verification (status lists, trust, remote look-ups). @default offline */
  verify?: VerifyBadgeOptions
}

/**
 * `POST /verify`: the body is a badge in any form `verifyBadge` reads (JSON, compact JWT, baked PNG
 * or SVG); the answer is its report as JSON (200 whatever the outcome: the report says `verified`).
 * @example
 * app.post('/verify', (c) => verifyRequest(c.req.raw))
 */
export async function verifyRequest(request: Request, { verify = {}, ...limits }: VerifyHandlerOptions = {}): Promise<Response> {
  try {
    if (request.method !== 'POST') throw new HttpRefusal(405, 'invalid_request', 'use POST with the badge as the body')
    const body = await readBody(request, limits)
    if (body.byteLength === 0) throw new HttpRefusal(400, 'invalid_request', 'the body is empty; send the badge')
    const report = await verifyBadge(body, verify)
    return jsonResponse({ ...report, errors: report.errors.map((e) => ({ code: e.code, message: e.message })) })
  } catch (error) {
    return errorResponse(error)
  }
}
