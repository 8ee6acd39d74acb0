import { FetchFailed, FetchRefused, isObError } from '../errors.js'

/** A `fetch`-compatible function (injectable for tests, proxies and caching). */
export type FetchLike = (url: string, init?: { headers?: Record<string, string>; signal?: AbortSignal; redirect?: 'error' }) => Promise<{
  ok: boolean
  status: number
  text(): Promise<string>
}>

/**
 * Remote look-ups (did:web, https issuer documents, status lists). Off unless the caller passes this
 * object; `remote: {}` turns them on over microcred's guarded https client.
 */
export interface RemoteOptions {
  /**
   * A fetch to use instead of the guarded client. The guarded client (the default) resolves the host
   * itself, refuses loopback, private, link-local, multicast and other non-public addresses, and
   * connects only to the address it checked. An injected fetch does its own connecting: microcred
   * still requires https and refuses IP-literal hosts that are not public, but cannot vet what a host
   * name resolves to. Give one only when it routes through a proxy or cache you control.
   */
  fetch?: FetchLike
  /** Time allowed for one request, body included. @default 5000 */
  timeoutMs?: number
  /** Largest response accepted, counted after decompression. @default 262144 (256 KiB) */
  maxBytes?: number
}

/**
 * Test and private-PKI settings of the guarded client; not part of the public options.
 * `allowLoopback` lets a test reach its own TLS server on 127.0.0.1 / ::1; nothing else is relaxed.
 */
export interface GuardedClientSettings {
  allowLoopback?: boolean
  /** Extra trusted CA certificates (PEM), e.g. a test's self-signed certificate. */
  ca?: string
  /** Stands in for DNS (tests of rebinding and mixed answers). @default node:dns lookup */
  resolve?: (hostname: string) => Promise<{ address: string; family: number }[]>
}

const GUARDED = Symbol.for('microcred.guardedClientSettings')

/** Returns remote options whose guarded client also accepts `settings` (tests only). */
export function withGuardedClientSettings(remote: RemoteOptions, settings: GuardedClientSettings): RemoteOptions {
  return Object.assign({ ...remote }, { [GUARDED]: settings })
}

function settingsOf(remote: RemoteOptions): GuardedClientSettings {
  return (remote as { [GUARDED]?: GuardedClientSettings })[GUARDED] ?? {}
}

/** GETs JSON over https only, with a timeout and a size cap. Throws `ERR_OB_FETCH_REFUSED` / `ERR_OB_FETCH_FAILED`. */
export async function fetchJson(url: string, remote: RemoteOptions | undefined): Promise<unknown> {
  if (!remote) throw new FetchRefused(`"${url}" is not available offline and remote look-ups are off (--allow-remote, or the remote option)`)
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new FetchRefused(`"${url}" is not a URL`)
  }
  if (parsed.protocol !== 'https:') throw new FetchRefused(`"${url}" is not https`)
  if (parsed.username || parsed.password) throw new FetchRefused(`"${parsed.origin}…" carries credentials in the URL`)
  const { timeoutMs = 5000, maxBytes = 256 * 1024 } = remote
  const settings = settingsOf(remote)
  // Address vetting (and ipaddr.js) loads only when a look-up happens: offline verifiers never pay for it.
  const { assertPublicAddress, ipLiteral } = await import('./public-address.js')
  const literal = ipLiteral(parsed.hostname)
  if (literal) assertPublicAddress(literal, parsed.hostname, settings)
  const where = `${parsed.origin}${parsed.pathname}`
  let text: string
  try {
    text = remote.fetch
      ? await viaInjectedFetch(remote.fetch, parsed.href, where, timeoutMs, maxBytes)
      : await (await import('./guarded-https.js')).guardedGet(parsed, { timeoutMs, maxBytes, ...settings })
  } catch (cause) {
    if (isObError(cause)) throw cause
    // Never echo what the remote side said (body, status text): only what we observed.
    throw new FetchFailed(`GET "${where}" failed: ${describeNetworkError(cause)}`, { cause })
  }
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new FetchFailed(`"${where}" did not return JSON`, { cause })
  }
}

async function viaInjectedFetch(fetch: FetchLike, href: string, where: string, timeoutMs: number, maxBytes: number): Promise<string> {
  const response = await fetch(href, {
    headers: { accept: ACCEPT },
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'error',
  })
  if (!response.ok) throw new FetchFailed(`GET "${where}" did not answer 200 OK`)
  const text = await response.text()
  if (new TextEncoder().encode(text).byteLength > maxBytes) throw new FetchRefused(`"${where}" is larger than ${maxBytes} bytes`)
  return text
}

export const ACCEPT = 'application/did+ld+json, application/ld+json, application/json'

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError' || code === 'ABORT_ERR')) return 'timed out'
  if (typeof code === 'string') return code
  return 'network error'
}
