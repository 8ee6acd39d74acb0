// The published credential page in real headless Chromium, served by microcred serve's server on
// loopback: its QR code (read from a screenshot by jsqr) decodes to the wallet deep link, and the
// page asks nothing of any other origin.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBrowserBundle } from '../../scripts/browser-bundle.js'
import { createExchangeService } from '../../src/exchange/exchanges.js'
import { MemoryExchangeStore } from '../../src/exchange/store.js'
import { publishIssuerSite } from '../../src/publish/site.js'
import { type RunningServer, serveIssuer } from '../../src/server/serve.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { awardedCredential, issuer } from '../helpers/issue.js'
import { decodeQrPng } from '../helpers/qr.js'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium && process.env.CI) throw new Error('CI needs Debian chromium for the browser test (apt-get install -y chromium)')

describe.runIf(hasChromium)('published page with a wallet QR code, in headless Chromium', () => {
  let browser: Browser
  let server: RunningServer
  const dir = mkdtempSync(join(tmpdir(), 'microcred-wallet-page-'))
  let lcw: string
  let pageUrl: string

  beforeAll(async () => {
    await buildBrowserBundle(join(dir, 'verifier.js'))
    const { key, signer } = await issuer()
    const unsigned = await awardedCredential(key)
    const exchanges = createExchangeService({ store: new MemoryExchangeStore(), signer, exchangesUrl: 'https://district.example.org/exchanges' })
    const { links } = await exchanges.createExchange(unsigned)
    lcw = links.lcw
    const site = join(dir, 'site')
    mkdirSync(site)
    const credential = await signDataIntegrity(unsigned, { signer })
    server = await serveIssuer({ siteDir: site })
    await publishIssuerSite({
      outDir: site,
      baseUrl: server.url,
      key,
      profile: { name: 'Springfield Public Schools' },
      credentials: [{ credential, wallet: { lcw, learnCard: links.learnCard } }],
      verifierScript: readFileSync(join(dir, 'verifier.js'), 'utf8'),
    })
    pageUrl = `${server.url}/credentials/5b0f3a0e-8d0c-4b7e-9a65-0c6f0a1d2e3f/index.html`
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('the QR code on the page decodes to the LCW deep link; the page verifies and stays on its origin', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1400 } })
    const foreign: string[] = []
    page.on('request', (r) => {
      const url = r.url()
      if (!url.startsWith('data:') && !url.startsWith(server.url)) foreign.push(url)
    })
    const response = await page.goto(pageUrl)
    expect(response?.status()).toBe(200)
    await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'Verifying…', undefined, { timeout: 30_000 })
    expect(await page.textContent('#status')).toBe('Verified')
    const shot = await page.locator('#wallet-qr').screenshot()
    expect(decodeQrPng(shot)).toBe(lcw)
    expect(await page.locator('#wallet-deep-link').getAttribute('href')).toBe(lcw)
    expect(foreign).toEqual([])
  }, 60_000)
})
