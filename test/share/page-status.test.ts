// Which status lists a credential page may read live, and how: only the credential's own list
// addresses, only https or the page's own origin, never from a page opened from a file; a failure is
// said in words, and a fresh list never replaces a newer embedded one.
import { describe, expect, it } from 'vitest'
import { fetchStatusLists, statusConnectSources, statusListSource, statusListsToUse, statusListUrls } from '../../src/share/page-status.js'

const LIST = 'https://district.example.org/status/1'
const credential = {
  credentialStatus: [
    { id: `${LIST}#5`, type: 'BitstringStatusListEntry', statusListIndex: '5', statusListCredential: LIST },
    { id: 'https://district.example.org/revocations', type: '1EdTechRevocationList' },
  ],
}

describe('statusListUrls / statusConnectSources', () => {
  it('names the Bitstring list and the 1EdTech revocation list, once each', () => {
    expect(statusListUrls(credential)).toEqual([LIST, 'https://district.example.org/revocations'])
    expect(statusConnectSources(credential, undefined)).toEqual(['https://district.example.org'])
    expect(statusListUrls({})).toEqual([])
    expect(statusListUrls('not a credential')).toEqual([])
  })
  it("http only on the page's own origin", () => {
    expect(statusListSource('http://127.0.0.1:9/status/1', 'http://127.0.0.1:9/a/')).toBe("'self'")
    expect(statusListSource('http://127.0.0.1:9/status/1', 'http://127.0.0.1:10/a/')).toBeUndefined()
    expect(statusListSource('http://127.0.0.1:9/status/1', 'not a url')).toBeUndefined()
    expect(statusListSource('ftp://example.org/list', undefined)).toBeUndefined()
  })
})

describe('fetchStatusLists', () => {
  const served = 'https://badges.example.org/ab/'
  const fetchReturning = (response: () => Response | Promise<Response>) => {
    const calls: { url: string; init: RequestInit | undefined }[] = []
    const fetch = (async (url: string, init?: RequestInit) => {
      calls.push({ url, init })
      return response()
    }) as unknown as typeof globalThis.fetch
    return { fetch, calls }
  }

  it('fetches only the named lists, without cookies, referrer or redirects', async () => {
    const { fetch, calls } = fetchReturning(() => new Response(JSON.stringify({ id: LIST })))
    const outcomes = await fetchStatusLists([LIST], served, { fetch })
    expect(outcomes.get(LIST)).toEqual({ fetched: { id: LIST } })
    expect(calls).toHaveLength(1)
    expect(calls[0]!.url).toBe(LIST)
    expect(calls[0]!.init).toMatchObject({ credentials: 'omit', redirect: 'error', referrerPolicy: 'no-referrer' })
  })
  it('a page opened from a file fetches nothing', async () => {
    const { fetch, calls } = fetchReturning(() => new Response('{}'))
    const outcomes = await fetchStatusLists([LIST], 'file:///home/me/out/ab/index.html', { fetch })
    expect(calls).toEqual([])
    expect(outcomes.get(LIST)).toEqual({ notFetched: "a page opened from a file does not go online to fetch the issuer's status list" })
  })
  it('an http list on another origin is not fetched', async () => {
    const { fetch, calls } = fetchReturning(() => new Response('{}'))
    const outcomes = await fetchStatusLists(['http://lists.example.org/1'], served, { fetch })
    expect(calls).toEqual([])
    expect(outcomes.get('http://lists.example.org/1')).toHaveProperty('notFetched')
  })
  it.each([
    ['an HTTP error', () => new Response('nope', { status: 404 }), 'the server answered HTTP 404'],
    ['not JSON', () => new Response('<html>'), 'it is not JSON'],
    ['too large', () => new Response('x'.repeat(2000)), 'it is larger than 1000 bytes'],
    ['a network error', () => Promise.reject(new TypeError('Failed to fetch')), 'the network request failed or was refused by the browser'],
  ])('says why a list could not be read: %s', async (_name, response, why) => {
    const { fetch } = fetchReturning(response)
    const outcomes = await fetchStatusLists([LIST], served, { fetch, maxBytes: 1000 })
    expect(outcomes.get(LIST)).toEqual({ notFetched: `the issuer's status list at district.example.org could not be read (${why})` })
  })
  it('gives up after the timeout', async () => {
    const fetch = ((_url: string, init?: RequestInit) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))) as unknown as typeof globalThis.fetch
    const outcomes = await fetchStatusLists([LIST], served, { fetch, timeoutMs: 50 })
    expect(outcomes.get(LIST)).toEqual({ notFetched: "the issuer's status list at district.example.org could not be read (no answer within 0.05 s)" })
  })
})

describe('statusListsToUse', () => {
  const older = { validFrom: '2026-01-01T00:00:00Z' }
  const newer = { validFrom: '2026-02-01T00:00:00Z' }
  it('a fetched list replaces the embedded one unless that is newer (an undated answer never replaces a dated list)', () => {
    const fresh = { validFrom: '2026-01-01T00:00:00Z', fresh: true }
    expect(statusListsToUse(new Map([[LIST, older]]), new Map([[LIST, { fetched: fresh }]])).get(LIST)).toBe(fresh)
    const undated = { revokedCredential: [] }
    expect(statusListsToUse(new Map([[LIST, { revokedCredential: [{ id: 'x' }] }]]), new Map([[LIST, { fetched: undated }]])).get(LIST)).toBe(undated)
    expect(statusListsToUse(new Map([[LIST, older]]), new Map([[LIST, { fetched: newer }]])).get(LIST)).toBe(newer)
    expect(statusListsToUse(new Map([[LIST, newer]]), new Map([[LIST, { fetched: older }]])).get(LIST)).toBe(newer)
    expect(statusListsToUse(new Map([[LIST, older]]), new Map([[LIST, { fetched: { junk: true } }]])).get(LIST)).toBe(older)
    expect(statusListsToUse(new Map(), new Map([[LIST, { fetched: older }]])).get(LIST)).toBe(older)
    expect(statusListsToUse(new Map([[LIST, older]]), new Map([[LIST, { notFetched: 'offline' }]])).get(LIST)).toBe(older)
  })
})
