import { decodeJwt, decodeProtectedHeader } from 'jose'
import { ObError, ParseFailed } from '../errors.js'
import { asArray, isRecord } from '../internal/ids.js'
import { isPng } from '../internal/png-signature.js'
import { assertInputSize, assertSafeJson, DEFAULT_MAX_INPUT_BYTES } from './input-safety.js'
import type { BadgeContainer, BadgeFormat } from './report.js'

/** Anything `verifyBadge` accepts: a credential object, JSON text, a compact JWT, or PNG/SVG bytes. */
export type BadgeInput = Record<string, unknown> | string | Uint8Array | ArrayBuffer

export interface ParsedBadge {
  container: BadgeContainer
  format: BadgeFormat
  /** The credential object (for JWT: from the payload, `vc` claim or whole payload). */
  credential: Record<string, unknown>
  /** For VC-JWT: the compact JWS, header and full payload. */
  jwt?: { compact: string; header: Record<string, unknown>; payload: Record<string, unknown>; legacyVcClaim: boolean }
}

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/
const JWT_CLAIMS = new Set(['iss', 'jti', 'sub', 'nbf', 'exp', 'iat', 'aud'])
/** Properties only a credential has: at the top level of a payload they make it the credential. */
const CREDENTIAL_KEYS = ['@context', 'type', 'issuer', 'credentialSubject', 'proof']

export interface ParseBadgeInputOptions {
  /** The largest input read, in bytes (text, JWT, PNG or SVG; for an object, its keys and strings). @default 4194304 (4 MiB) */
  maxInputBytes?: number
}

/**
 * Reads a badge in any supported form. Throws `ERR_OB_PARSE_FAILED` (also for JSON that is not a
 * credential at all: neither `@context` nor a `type` with `VerifiableCredential`), `ERR_OB_BAKE_*`,
 * `ERR_OB_INPUT_TOO_LARGE`, `ERR_OB_INPUT_FORBIDDEN_KEY` for an own `__proto__`, `constructor`
 * or `prototype` key anywhere in the credential (or the JWT), and `ERR_OB_JSONLD_INVALID` for a
 * property name that is an IRI or a JSON-LD keyword (`@id`) outside `@context`: the credential is
 * read in compacted form. The PNG and SVG readers load only
 * when an image comes in.
 */
export async function parseBadgeInput(input: BadgeInput, { maxInputBytes = DEFAULT_MAX_INPUT_BYTES }: ParseBadgeInputOptions = {}): Promise<ParsedBadge> {
  const parsed = await parseUnchecked(input, maxInputBytes)
  // A JWT's credential is its payload (or the payload's `vc`): walking the payload covers both. The
  // credential is read by its plain keys, so it must be in compacted form (no IRI or @-keyword as a
  // key); a VCDM 1.1 payload's own claims are JWT claims, not JSON-LD, so only its `vc` is held to that.
  if (parsed.jwt) {
    assertSafeJson(parsed.jwt.header, maxInputBytes)
    assertSafeJson(parsed.jwt.payload, maxInputBytes, { compacted: !parsed.jwt.legacyVcClaim })
    if (parsed.jwt.legacyVcClaim) assertSafeJson(parsed.credential, maxInputBytes, { compacted: true })
  } else assertSafeJson(parsed.credential, maxInputBytes, { compacted: true })
  if (!isCredentialCandidate(parsed.credential))
    throw new ParseFailed(`${CARRIERS[parsed.container]} is not a verifiable credential: it has neither @context nor type VerifiableCredential`)
  return parsed
}

async function parseUnchecked(input: BadgeInput, maxInputBytes: number): Promise<ParsedBadge> {
  if (input instanceof ArrayBuffer) return parseUnchecked(new Uint8Array(input), maxInputBytes)
  if (typeof input === 'string' || input instanceof Uint8Array) assertInputSize(input, maxInputBytes)
  if (input instanceof Uint8Array) {
    if (isPng(input)) {
      const { unbakePngCredential } = await import('../bake/png.js')
      return fromText(unbakePngCredential(input), 'png')
    }
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input)
    } catch {
      throw new ParseFailed('the bytes are neither a PNG nor UTF-8 text')
    }
    return parseUnchecked(text, maxInputBytes)
  }
  if (typeof input === 'string') {
    const text = input.replace(/^\uFEFF/, '').trim()
    if (text.startsWith('<')) {
      const { unbakeSvgCredential } = await import('../bake/svg.js')
      return fromText(unbakeSvgCredential(text), 'svg')
    }
    return fromText(text, JWT.test(text) ? 'jwt' : 'json')
  }
  if (isRecord(input)) return { container: 'object', format: proofFormat(input), credential: input }
  throw new ParseFailed('expected a credential object, JSON text, a compact JWT, or PNG/SVG bytes')
}

function fromText(text: string, container: BadgeContainer): ParsedBadge {
  if (JWT.test(text)) return fromJwt(text, container === 'json' ? 'jwt' : container)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw new ParseFailed(`not JSON and not a compact JWT: ${cause instanceof Error ? cause.message : String(cause)}`)
  }
  if (!isRecord(value)) throw new ParseFailed('the JSON is not an object')
  return { container, format: proofFormat(value), credential: value }
}

function fromJwt(compact: string, container: BadgeContainer): ParsedBadge {
  let header: Record<string, unknown>
  let payload: Record<string, unknown>
  try {
    header = decodeProtectedHeader(compact) as Record<string, unknown>
    payload = decodeJwt(compact) as Record<string, unknown>
  } catch (cause) {
    throw new ParseFailed(`malformed JWT: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
  const legacyVcClaim = isRecord(payload.vc)
  // A VCDM 1.1 payload has registered claims beside "vc"; credential properties there too make a
  // second credential, and readers disagree on which one the JWT carries.
  if (legacyVcClaim && CREDENTIAL_KEYS.some((k) => k in payload))
    throw new ParseFailed('the JWT payload carries a credential both in its "vc" claim and at its top level; a JWT holds one credential')
  const credential = legacyVcClaim
    ? (payload.vc as Record<string, unknown>)
    : Object.fromEntries(Object.entries(payload).filter(([k]) => !JWT_CLAIMS.has(k)))
  return { container, format: 'vc-jwt', credential, jwt: { compact, header, payload, legacyVcClaim } }
}

/** What held the JSON that turned out not to be a credential, for the parse error. */
const CARRIERS: Record<BadgeContainer, string> = {
  object: 'the object',
  json: 'the JSON',
  jwt: "the JWT's payload",
  png: 'the JSON baked into the PNG',
  svg: 'the JSON baked into the SVG',
  unknown: 'the input',
}

/**
 * Is this object meant as a verifiable credential? It must have `@context` or a `type` that
 * includes `VerifiableCredential` (VCDM 1.1 and 2.0 both require the two). Anything else — a
 * micro-credential template, a roster, a DID document without a context — is not a badge that
 * fails checks but input of another kind, so it is refused at parse (the CLI's exit 2).
 */
export function isCredentialCandidate(value: Record<string, unknown>): boolean {
  return value['@context'] !== undefined || asArray(value.type).includes('VerifiableCredential')
}

function proofFormat(credential: Record<string, unknown>): BadgeFormat {
  return credential.proof ? 'data-integrity' : 'unknown'
}

/** Why parsing failed, as a code-carrying error. */
export function parseError(error: unknown): ObError {
  return error instanceof ObError ? error : new ParseFailed(error instanceof Error ? error.message : String(error))
}
