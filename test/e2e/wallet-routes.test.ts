// An educator's badge from an award to a wallet by each route, through the CLI as an issuer runs it:
// `microcred serve` on loopback, `microcred issue --batch --wallet-url`, then a VC-API wallet
// (@digitalbazaar/vc DIDAuth) and an OpenID4VCI wallet (@openid4vc/openid4vci) take it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveCommand } from '../../src/cli/commands/serve.js'
import { runCli } from '../../src/cli/main.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { captureIo as io } from '../helpers/cli.js'
import { exampleInto } from '../helpers/examples.js'
import { openIdWalletKey, takeOffer } from '../helpers/openid-wallet.js'
import { decodeQrPng } from '../helpers/qr.js'
import { didAuthPresentation, walletDid, walletVerifyCredential } from '../helpers/wallet.js'

const dir = mkdtempSync(join(tmpdir(), 'microcred-wallet-e2e-'))

describe('award → wallet, by each route, through the CLI', () => {
  const stop = new AbortController()
  let served: Promise<number>
  let url: string
  let rowDir: string

  beforeAll(async () => {
    const keys = io()
    expect(await runCli(['keys', 'generate', '--alg', 'Ed25519', '--out', join(dir, 'issuer.key.json')], keys.io)).toBe(0)
    const server = io()
    served = serveCommand(['--key', join(dir, 'issuer.key.json'), '--wallet-state', join(dir, 'state'), '--port', '0', '--issuer-name', 'Springfield'], server.io, { signal: stop.signal })
    for (let i = 0; i < 200 && !server.out.stdout.includes('listening'); i++) await new Promise((r) => setTimeout(r, 25))
    url = /listening on (\S+)/.exec(server.out.stdout)![1]!
    writeFileSync(join(dir, 'roster.csv'), `name,email,did,template,award,awarded\nAna Rivera,ana@district.example.org,,${exampleInto(dir, 'templates/checking-understanding-gestures.json')},,yes\n`)
    const batch = io()
    const code = await runCli(
      ['issue', '--batch', join(dir, 'roster.csv'), '--key', join(dir, 'issuer.key.json'), '--issuer-name', 'Springfield', '--out', join(dir, 'out'), '--no-page', '--wallet-url', url, '--wallet-state', join(dir, 'state')],
      batch.io,
    )
    expect(code, batch.out.stderr).toBe(0)
    const log = JSON.parse(readFileSync(join(dir, 'out', 'issuance-log.jsonl'), 'utf8').trim())
    rowDir = join(dir, 'out', log.files[0].split('/')[0])
  })
  afterAll(async () => {
    stop.abort()
    expect(await served).toBe(0)
    rmSync(dir, { recursive: true, force: true })
  })

  it('listens on 127.0.0.1', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('VC-API: the QR code decodes to the LCW deep link; the wallet answers its challenge and gets the badge', async () => {
    const links = JSON.parse(readFileSync(join(rowDir, 'wallet.json'), 'utf8'))
    expect(decodeQrPng(readFileSync(join(rowDir, 'wallet-qr.png')))).toBe(links.lcw)
    const deepLink = new URL(links.lcw.replace('dccrequest://', 'https://deep-link/'))
    const exchangeUrl = deepLink.searchParams.get('vc_request_url')!
    const wallet = await walletDid()
    const vp = await didAuthPresentation({ signer: wallet, challenge: deepLink.searchParams.get('challenge')!, domain: new URL(exchangeUrl).host })
    const response = await fetch(exchangeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifiablePresentation: vp }) })
    expect(response.status).toBe(200)
    const credential = (await response.json()).verifiablePresentation.verifiableCredential[0]
    expect(credential.credentialSubject.id).toBe(wallet.did)
    expect(credential.issuer.id).toBe(deepLink.searchParams.get('issuer'))
    expect((await walletVerifyCredential(credential)).verified).toBe(true)
    expect((await verifyBadge(credential)).verified).toBe(true)
  })

  it('OpenID4VCI: the offer QR decodes to the offer; the OpenID wallet gets the badge as a VC-JWT', async () => {
    const links = JSON.parse(readFileSync(join(rowDir, 'wallet.json'), 'utf8'))
    expect(decodeQrPng(readFileSync(join(rowDir, 'openid-offer-qr.png')))).toBe(links.openIdOffer)
    const key = await openIdWalletKey('did')
    const response = await takeOffer(links.openIdOffer, 'OpenBadgeCredential_jwt_vc_json', key)
    const jwt = (response.credentialResponse.credentials?.[0] as { credential: string } | undefined)?.credential as string
    const report = await verifyBadge(jwt)
    expect(report.verified).toBe(true)
    expect(report.format).toBe('vc-jwt')
  })

  it('POST /verify answers with the report', async () => {
    const credential = readFileSync(join(rowDir, 'credential.json'))
    const report = await (await fetch(`${url}/verify`, { method: 'POST', body: credential })).json()
    expect(report.verified).toBe(true)
  })
})
