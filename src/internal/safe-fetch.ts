import { FetchFailed, FetchRefused } from '../errors.js'

/** A `fetch`-compatible function (injectable for tests, proxies and caching). */
export type FetchLike = (url: string, init?: { headers?: Record<string, string>; signal?: AbortSignal; redirect?: 'error' }) => Promise<{
  ok: boolean
  status: number
  text(): Promise<string>
}>

/** Remote look-ups (did:web, https key documents, status lists). Off unless the caller turns it on. */
export interface RemoteOptions {
  /** The fetch to use. Remote look-ups happen only when this is given. */
  fetch: FetchLike
  /** @default 5000 */
  timeoutMs?: number
  /** Largest response accepted. @default 262144 (256 KiB) */
  maxBytes?: number
}

/** GETs JSON over https only, with a timeout and a size cap. Throws `ERR_OB_FETCH_REFUSED` / `ERR_OB_FETCH_FAILED`. */
export async function fetchJson(url: string, remote: RemoteOptions | undefined): Promise<unknown> {
  if (!remote) throw new FetchRefused(`"${url}" is not bundled and remote loading is off`)
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new FetchRefused(`"${url}" is not a URL`)
  }
  if (parsed.protocol !== 'https:') throw new FetchRefused(`"${url}" is not https`)
  const { fetch, timeoutMs = 5000, maxBytes = 256 * 1024 } = remote
  let text: string
  try {
    const response = await fetch(parsed.href, {
      headers: { accept: 'application/did+ld+json, application/ld+json, application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    })
    if (!response.ok) throw new FetchFailed(`GET "${url}" answered HTTP ${response.status}`)
    text = await response.text()
  } catch (cause) {
    if (cause instanceof FetchFailed) throw cause
    throw new FetchFailed(`GET "${url}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
  if (new TextEncoder().encode(text).byteLength > maxBytes) throw new FetchRefused(`"${url}" is larger than ${maxBytes} bytes`)
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new FetchFailed(`"${url}" did not return JSON`, { cause })
  }
}
