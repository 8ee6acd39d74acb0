// The issuer's server over real HTTP on loopback, with a wallet made from independent libraries.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createExchangeService, type ExchangeService } from '../../src/exchange/exchanges.js'
import { MemoryExchangeStore } from '../../src/exchange/store.js'
import { createIssuerHandler } from '../../src/server/issuer-handler.js'
import { withLimits } from '../../src/server/limits.js'
import { type RunningServer, serveIssuer } from '../../src/server/serve.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { awardedCredential, issuer } from '../helpers/issue.js'
import { didAuthPresentation, forAnyWallet, walletDid, walletVerifyCredential } from '../helpers/wallet.js'

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe('microcred server on loopback', () => {
  let server: RunningServer
  let exchanges: ExchangeService
  let awarded: Awaited<ReturnType<typeof awardedCredential>>

  beforeAll(async () => {
    const { key, signer } = await issuer()
    awarded = forAnyWallet(await awardedCredential(key))
    // The public URL is only known once listening: the store is shared, the service made after.
    const store = new MemoryExchangeStore()
    let ready: ExchangeService | undefined
    const lazy: ExchangeService = {
      exchangeUrl: (id) => ready!.exchangeUrl(id),
      createExchange: (c, o) => ready!.createExchange(c, o),
      participate: (id, b) => ready!.participate(id, b),
      linksOf: (id) => ready!.linksOf(id),
    }
    server = await serveIssuer({ exchanges: lazy, maxBodyBytes: 64 * 1024 })
    ready = createExchangeService({ store, signer, exchangesUrl: `${server.url}/exchanges` })
    exchanges = ready
  })
  afterAll(() => server?.close())

  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('a wallet follows the interaction URL, proves its DID and takes the credential, which verifies everywhere', async () => {
    const { links } = await exchanges.createExchange(awarded)
    const protocols = await (await fetch(links.interactionUrl)).json()
    expect(protocols).toEqual({ protocols: { vcapi: links.exchangeUrl } })
    const { verifiablePresentationRequest: request } = await (await post(protocols.protocols.vcapi, {})).json()
    expect(request).toMatchObject({ query: [{ type: 'DIDAuthentication' }], domain: new URL(server.url).host })
    const wallet = await walletDid()
    const vp = await didAuthPresentation({ signer: wallet, challenge: request.challenge, domain: request.domain })
    const response = await post(links.exchangeUrl, { verifiablePresentation: vp })
    expect(response.status).toBe(200)
    const credential = (await response.json()).verifiablePresentation.verifiableCredential[0]
    expect(credential.credentialSubject.id).toBe(wallet.did)
    expect((await walletVerifyCredential(credential)).verified).toBe(true)
    expect((await verifyBadge(credential)).verified).toBe(true)
    const report = await (await fetch(`${server.url}/verify`, { method: 'POST', body: JSON.stringify(credential) })).json()
    expect(report).toMatchObject({ verified: true, errors: [] })

    const replay = await post(links.exchangeUrl, { verifiablePresentation: vp })
    expect(replay.status).toBe(409)
    expect(await replay.json()).toMatchObject({ code: 'ERR_OB_EXCHANGE_COMPLETE' })
  })

  it('answers refusals with codes and statuses', async () => {
    const { links } = await exchanges.createExchange(awarded)
    const { verifiablePresentationRequest: request } = await (await post(links.exchangeUrl, {})).json()
    const vp = await didAuthPresentation({ signer: await walletDid(), challenge: request.challenge, domain: 'evil.example' })
    const wrongDomain = await post(links.exchangeUrl, { verifiablePresentation: vp })
    expect([wrongDomain.status, (await wrongDomain.json()).code]).toEqual([400, 'ERR_OB_EXCHANGE_DOMAIN_INVALID'])
    const missing = await post(`${server.url}/exchanges/AAAAAAAAAAAAAAAAAAAAAA`, {})
    expect([missing.status, (await missing.json()).code]).toEqual([404, 'ERR_OB_EXCHANGE_NOT_FOUND'])
    expect((await fetch(links.exchangeUrl)).status).toBe(405)
    expect((await fetch(`${server.url}/exchanges/${links.exchangeUrl.split('/').pop()}/interaction`)).status).toBe(400)
    expect((await fetch(`${server.url}/nothing-here`)).status).toBe(404)
    const notJson = await fetch(links.exchangeUrl, { method: 'POST', body: '{oops' })
    expect(notJson.status).toBe(400)
  })

  it('refuses a body over the limit with 413, whatever its Content-Length says', async () => {
    const big = await fetch(`${server.url}/verify`, { method: 'POST', body: 'x'.repeat(65 * 1024) })
    expect(big.status).toBe(413)
    const chunked = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 80; i++) controller.enqueue(new Uint8Array(1024))
        controller.close()
      },
    })
    const streamed = await fetch(`${server.url}/verify`, { method: 'POST', body: chunked, duplex: 'half' } as RequestInit)
    expect(streamed.status).toBe(413)
  })

  it('POST /verify reports a tampered credential as not verified (200 with the report)', async () => {
    const { signer } = await issuer()
    const signed = await signDataIntegrity(awarded, { signer })
    const tampered = { ...signed, name: 'Something else' }
    const response = await fetch(`${server.url}/verify`, { method: 'POST', body: JSON.stringify(tampered) })
    expect(response.status).toBe(200)
    const report = await response.json()
    expect(report.verified).toBe(false)
    expect(report.errors[0].code).toBe('ERR_OB_PROOF_INVALID')
  })
})

describe('serving a published site', () => {
  it('serves its files, .well-known included, and nothing outside it', async () => {
    const site = mkdtempSync(join(tmpdir(), 'microcred-serve-site-'))
    mkdirSync(join(site, '.well-known'))
    writeFileSync(join(site, '.well-known', 'jwks.json'), '{"keys":[]}')
    writeFileSync(join(site, 'profile.json'), '{"type":["Profile"]}')
    mkdirSync(join(site, 'status'))
    writeFileSync(join(site, 'status', 'revocation-1'), '{"type":["VerifiableCredential","BitstringStatusListCredential"]}')
    const server = await serveIssuer({ siteDir: site })
    try {
      const jwks = await fetch(`${server.url}/.well-known/jwks.json`)
      expect([jwks.status, await jwks.json()]).toEqual([200, { keys: [] }])
      expect((await fetch(`${server.url}/profile.json`)).headers.get('x-content-type-options')).toBe('nosniff')
      const list = await fetch(`${server.url}/status/revocation-1`)
      expect([list.status, list.headers.get('content-type')]).toEqual([200, 'application/json'])
      expect((await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`)).status).toBe(404)
      expect((await fetch(`${server.url}/missing.json`)).status).toBe(404)
    } finally {
      await server.close()
      rmSync(site, { recursive: true, force: true })
    }
    await expect(serveIssuer({ siteDir: join(site, 'gone') })).rejects.toThrow(/does not exist/)
  })
})

describe('withLimits', () => {
  it('answers 503 over the concurrency cap, and 503 past the deadline', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const handler = withLimits(
      async () => {
        await gate
        return new Response('ok')
      },
      { maxConcurrent: 1, timeoutMs: 60_000 },
    )
    const first = handler(new Request('http://127.0.0.1/'))
    const second = await handler(new Request('http://127.0.0.1/'))
    expect(second.status).toBe(503)
    release()
    expect((await first).status).toBe(200)
    const never = withLimits(() => new Promise<Response>(() => {}), { timeoutMs: 1 })
    expect((await never(new Request('http://127.0.0.1/'))).status).toBe(503)
  })

  it('mounts as a plain Fetch handler', async () => {
    const handler = createIssuerHandler({})
    const response = await handler(new Request('http://127.0.0.1/verify', { method: 'POST', body: '{}' }))
    expect(response.status).toBe(200)
    expect((await response.json()).verified).toBe(false)
  })
})
