// The credential page in real headless Chromium (Debian's, driven by playwright-core): a good badge
// shows "Verified", a tampered one shows which check failed, and the page makes no network request.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBrowserBundle } from '../../scripts/browser-bundle.js'
import { renderBadgeSvg, renderPng } from '../../src/bake/default-image.js'
import { bakePng } from '../../src/bake/png.js'
import { renderCredentialPage } from '../../src/share/page.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { DirectoryStore } from '../../src/status/directory-store.js'
import { allocateStatus, changeStatus, publishStatusLists } from '../../src/status/status-list.js'
import { ROOT } from '../helpers/examples.js'
import { awardedCredential, issuer } from '../helpers/issue.js'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium && process.env.CI) throw new Error('CI needs Debian chromium for the browser test (apt-get install -y chromium)')

describe.runIf(hasChromium)('credential page in headless Chromium', () => {
  let browser: Browser
  let verifierScript: string
  const dir = join(tmpdir(), `microcred-page-${process.pid}`)
  const artifacts = join(ROOT, 'test-output')

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true })
    mkdirSync(artifacts, { recursive: true })
    await buildBrowserBundle(join(dir, 'verifier.js'))
    verifierScript = readFileSync(join(dir, 'verifier.js'), 'utf8')
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
  }, 120_000)
  afterAll(async () => browser?.close())

  async function open(html: string, name: string) {
    const file = join(dir, `${name}.html`)
    writeFileSync(file, html)
    const page = await browser.newPage()
    const requests: string[] = []
    page.on('request', (r) => {
      if (!r.url().startsWith('data:') && r.url() !== `file://${file}`) requests.push(r.url())
    })
    await page.goto(`file://${file}`)
    await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'Verifying…', undefined, { timeout: 30_000 })
    return { page, requests, status: (await page.textContent('#status')) ?? '' }
  }

  it('shows Verified for a good badge, with no network request; keeps a screenshot', async () => {
    const { key, signer } = await issuer()
    const signed = await signDataIntegrity(await awardedCredential(key), { signer })
    const png = bakePng(await renderPng(renderBadgeSvg({ title: signed.name!, area: 'Formative Assessment', issuerName: 'Springfield Public Schools' })), JSON.stringify(signed))
    const { page, requests, status } = await open(renderCredentialPage({ credential: signed, bakedPng: png, verifierScript, certUrl: 'https://badges.example.org/c/1' }), 'good')
    expect(status).toBe('Verified')
    expect(await page.locator('#status').getAttribute('class')).toBe('verified')
    expect(await page.locator('a.linkedin').getAttribute('href')).toContain('linkedin.com/profile/add')
    expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toBe(signed.name)
    expect(await page.locator('table tbody tr').count()).toBe(6)
    expect(requests).toEqual([])
    await page.screenshot({ path: join(artifacts, 'credential-page.png'), fullPage: true })
  }, 60_000)

  it('shows Not verified and the failing check for a tampered badge', async () => {
    const { key, signer } = await issuer()
    const signed = await signDataIntegrity(await awardedCredential(key), { signer })
    const tampered = { ...signed, name: 'Forged Credential' }
    const { page, status } = await open(renderCredentialPage({ credential: tampered, verifierScript }), 'tampered')
    expect(status).toMatch(/^Not verified — proof: ERR_OB_PROOF_INVALID/)
    await page.screenshot({ path: join(artifacts, 'credential-page-tampered.png') })
  }, 60_000)

  it('checks status against the embedded (signed) status list: a revoked badge says so', async () => {
    const { key, signer } = await issuer()
    const store = await DirectoryStore.open(mkdtempSync(join(tmpdir(), 'microcred-page-status-')))
    const id = 'urn:uuid:30000000-0000-4000-8000-000000000000'
    const credentialStatus = await allocateStatus(store, { credentialId: id, baseUrl: 'https://district.example.org/status' })
    const signed = await signDataIntegrity(await awardedCredential(key, { id, credentialStatus }), { signer })
    await changeStatus(store, { credentialId: id, action: 'revoke', reason: 'Issued in error' })
    const lists = await publishStatusLists(store, { baseUrl: 'https://district.example.org/status', issuerId: key.issuerId, signer })
    const { status } = await open(renderCredentialPage({ credential: signed, verifierScript, statusLists: new Map(lists.map((l) => [l.url, l.credential])) }), 'revoked')
    expect(status).toMatch(/^Not verified — status: ERR_OB_STATUS_REVOKED/)
  }, 60_000)
})
