// The guarded https client behind `remote: {}`. Loaded only when a look-up happens, so an offline
// verifier never pays for node:https / TLS at start-up.
import { lookup } from 'node:dns/promises'
import type { IncomingMessage } from 'node:http'
import { request } from 'node:https'
import type { LookupFunction } from 'node:net'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import type { Transform } from 'node:stream'
import { FetchFailed, FetchRefused } from '../errors.js'
import { assertPublicAddress, ipLiteral } from './public-address.js'
import { ACCEPT, type GuardedClientSettings } from './safe-fetch.js'

export interface GuardedGetOptions extends GuardedClientSettings {
  timeoutMs: number
  maxBytes: number
}

/**
 * GETs `url` as text: resolves the host once, refuses every non-public address it resolves to, and
 * connects to the vetted address only (the socket's lookup returns it, so a second DNS answer cannot
 * rebind the request). No redirects. The body is streamed, decompressed, and cut at `maxBytes`.
 */
export async function guardedGet(url: URL, { timeoutMs, maxBytes, allowLoopback = false, ca, resolve: resolveHost }: GuardedGetOptions): Promise<string> {
  const where = `${url.origin}${url.pathname}`
  const signal = AbortSignal.timeout(timeoutMs)
  const vetted = await vettedAddress(url.hostname, { allowLoopback, ...(resolveHost ? { resolve: resolveHost } : {}) }, signal)
  const pinnedLookup: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [vetted])
    else callback(null, vetted.address, vetted.family)
  }
  return new Promise<string>((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      headers: { accept: ACCEPT, 'accept-encoding': 'gzip, deflate, br' },
      // Dial the vetted address; TLS still checks the certificate against the URL's host name.
      lookup: pinnedLookup,
      signal,
      agent: false,
      ...(ca ? { ca } : {}),
    })
    req.on('error', reject)
    req.on('response', (response) => {
      readCapped(response, where, maxBytes, signal).then(resolve, (error: unknown) => {
        response.destroy()
        req.destroy()
        reject(error)
      })
    })
    req.end()
  })
}

async function vettedAddress(hostname: string, settings: GuardedClientSettings, signal: AbortSignal): Promise<{ address: string; family: 4 | 6 }> {
  const literal = ipLiteral(hostname)
  const answers = literal
    ? [{ address: literal, family: literal.includes(':') ? 6 : 4 }]
    : await Promise.race([
        (settings.resolve ?? ((host: string) => lookup(host, { all: true, verbatim: true })))(hostname).catch(() => {
          throw new FetchFailed(`"${hostname}" could not be resolved`)
        }),
        new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new FetchFailed(`resolving "${hostname}" timed out`)), { once: true })),
      ])
  if (answers.length === 0) throw new FetchFailed(`"${hostname}" could not be resolved`)
  // Every answer must be public: a name that also points inward is refused, not raced.
  for (const answer of answers) assertPublicAddress(answer.address, hostname, settings)
  const first = answers[0]!
  return { address: first.address, family: first.family === 6 ? 6 : 4 }
}

async function readCapped(response: IncomingMessage, where: string, maxBytes: number, signal: AbortSignal): Promise<string> {
  const status = response.statusCode ?? 0
  if (status >= 300 && status < 400) throw new FetchRefused(`GET "${where}" answered with a redirect; redirects are not followed`)
  if (status !== 200) throw new FetchFailed(`GET "${where}" did not answer 200 OK`)
  const declared = Number(response.headers['content-length'])
  const encoding = String(response.headers['content-encoding'] ?? 'identity').toLowerCase()
  const tooLarge = () => new FetchRefused(`"${where}" is larger than ${maxBytes} bytes`)
  if (encoding === 'identity' && Number.isFinite(declared) && declared > maxBytes) throw tooLarge()
  const decoder = decoderFor(encoding, where)
  const body = decoder ? response.pipe(decoder) : response
  const chunks: Buffer[] = []
  let size = 0
  return new Promise<string>((resolve, reject) => {
    const fail = (error: unknown) => {
      decoder?.destroy()
      reject(error)
    }
    // Decompressed bytes are counted, so a small gzip bomb stops at the cap, not in memory.
    body.on('data', (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > maxBytes) return fail(tooLarge())
      chunks.push(chunk)
    })
    body.on('end', () => resolve(new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks))))
    const broken = () => fail(new FetchFailed(signal.aborted ? `GET "${where}" timed out` : `"${where}" sent a body that could not be read`))
    body.on('error', broken)
    response.on('error', broken)
    response.on('aborted', broken)
    signal.addEventListener('abort', broken, { once: true })
  })
}

function decoderFor(encoding: string, where: string): Transform | undefined {
  switch (encoding) {
    case 'identity':
      return undefined
    case 'gzip':
    case 'x-gzip':
      return createGunzip()
    case 'deflate':
      return createInflate()
    case 'br':
      return createBrotliDecompress()
    default:
      throw new FetchRefused(`"${where}" uses an unsupported content-encoding`)
  }
}
