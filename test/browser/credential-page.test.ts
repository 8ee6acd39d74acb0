// The credential page in real headless Chromium (Debian's, driven by playwright-core): a good badge
// shows "Verified", a tampered one shows which check failed, and the page makes no network request.
// The banner cannot lie: an edited page, an expired status list or an unsafe link never shows green.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBrowserBundle } from '../../scripts/browser-bundle.js'
import { renderBadgeSvg, renderPng } from '../../src/bake/default-image.js'
import { bakePng } from '../../src/bake/png.js'
import { issueEndorsement } from '../../src/recognition/endorsement.js'
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
    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    const cspErrors: string[] = []
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text())
    })
    const requests: string[] = []
    page.on('request', (r) => {
      if (!r.url().startsWith('data:') && r.url() !== `file://${file}`) requests.push(r.url())
    })
    await page.goto(`file://${file}`)
    await page.waitForFunction(() => document.getElementById('status')?.className !== 'pending', undefined, { timeout: 30_000 })
    return { page, requests, dialogs, cspErrors, status: (await page.textContent('#status')) ?? '', state: await page.locator('#status').getAttribute('class') }
  }

  it('shows Verified for a good badge, with no network request; keeps a screenshot', async () => {
    const { key, signer } = await issuer()
    const signed = await signDataIntegrity(await awardedCredential(key), { signer })
    const png = bakePng(await renderPng(renderBadgeSvg({ title: signed.name!, area: 'Formative Assessment', issuerName: 'Springfield Public Schools' })), JSON.stringify(signed))
    const html = renderCredentialPage({ credential: signed, bakedPng: png, verifierScript, certUrl: 'https://badges.example.org/c/1' })
    expect(html).not.toContain('unsafe-inline')
    const { page, requests, status, cspErrors } = await open(html, 'good')
    expect(status).toBe('Verified')
    expect(cspErrors).toEqual([])
    expect(await page.locator('#static-notice').count()).toBe(0)
    expect(await page.textContent('#status-line')).toMatch(/carries no revocation status/)
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
    const { status, state, page } = await open(renderCredentialPage({ credential: signed, verifierScript, statusLists: new Map(lists.map((l) => [l.url, l.credential])) }), 'revoked')
    expect(status).toMatch(/^Not verified — status: ERR_OB_STATUS_REVOKED/)
    expect(state).toBe('failed')
    expect(await page.textContent('#status-line')).toMatch(/^Status: .*revoked .* — checked \d{4}-\d\d-\d\dT/)
  }, 60_000)

  it('a revoked badge whose page holds an old list (from before the revocation, now expired) is not green', async () => {
    const { key, signer } = await issuer()
    const store = await DirectoryStore.open(mkdtempSync(join(tmpdir(), 'microcred-page-old-list-')))
    const id = 'urn:uuid:30000000-0000-4000-8000-000000000001'
    const credentialStatus = await allocateStatus(store, { credentialId: id, baseUrl: 'https://district.example.org/status' })
    const signed = await signDataIntegrity(await awardedCredential(key, { id, credentialStatus, validFrom: new Date(Date.now() - 90 * 86400_000) }), { signer, created: new Date(Date.now() - 90 * 86400_000) })
    const old = await publishStatusLists(store, { baseUrl: 'https://district.example.org/status', issuerId: key.issuerId, signer, validFrom: new Date(Date.now() - 60 * 86400_000) })
    await changeStatus(store, { credentialId: id, action: 'revoke', reason: 'Issued in error' })
    const { status, state } = await open(renderCredentialPage({ credential: signed, verifierScript, statusLists: new Map(old.map((l) => [l.url, l.credential])) }), 'old-list')
    expect(state).toBe('failed')
    expect(status).toMatch(/ERR_OB_STATUS_LIST_EXPIRED/)
  }, 60_000)

  it('editing the visible text of a good page never keeps a green banner; the signed text is shown instead', async () => {
    const { key, signer } = await issuer()
    const signed = await signDataIntegrity(await awardedCredential(key), { signer })
    const html = renderCredentialPage({ credential: signed, verifierScript })
    const edited = html.replace(`<h1>${signed.name}</h1>`, '<h1>Doctorate in Everything</h1>')
    expect(edited).not.toBe(html)
    const { page, status, state } = await open(edited, 'edited')
    expect(state).toBe('failed')
    expect(status).toMatch(/text of this page was changed/)
    expect(await page.textContent('h1')).toBe(signed.name)
  }, 60_000)

  it('each "Endorsed by" entry says whether its endorsement verified: a forged one is marked, not shown as the endorser’s word', async () => {
    const { key, signer } = await issuer()
    const { key: state, signer: stateSigner } = await issuer('EdDSA', 'state')
    const unsigned = await awardedCredential(key)
    const achievementId = String(unsigned.credentialSubject.achievement.id)
    const genuine = await issueEndorsement({ endorser: { id: state.issuerId, name: 'State Department of Education' }, subjectId: achievementId, comment: 'Approved for 15 relicensure hours.', signer: stateSigner, validFrom: new Date('2026-01-01T00:00:00Z') })
    // Its comment raised after signing: the endorser never said this.
    const forged = { ...genuine, credentialSubject: { ...genuine.credentialSubject, endorsementComment: 'Approved for 150 relicensure hours.' } }
    const credential = { ...unsigned, credentialSubject: { ...unsigned.credentialSubject, achievement: { ...unsigned.credentialSubject.achievement, endorsement: [genuine, forged] } } }
    const signed = await signDataIntegrity(credential as typeof unsigned, { signer })
    const { page, state: banner } = await open(renderCredentialPage({ credential: signed, verifierScript }), 'endorsements')
    expect(banner).toBe('verified')
    const items = await page.locator('#endorsement li').allTextContents()
    expect(items).toHaveLength(2)
    expect(items[0]).toMatch(/15 relicensure hours.*✓ endorsement verified, signed by did:key:z6Mk/)
    expect(items[0]).toContain(state.issuerId)
    expect(items[1]).toMatch(/150 relicensure hours.*not verified.*ERR_OB_PROOF_INVALID/)
  }, 60_000)

  it('a javascript: evidence URL is never a link, and the badge does not verify (ERR_OB_URI_UNSAFE)', async () => {
    const { key, signer } = await issuer()
    const base = await awardedCredential(key)
    const hostile = { ...base, evidence: [{ id: 'javascript:alert(document.domain)', type: ['Evidence'], name: 'My portfolio' }] }
    const signed = await signDataIntegrity(hostile as typeof base, { signer })
    const html = renderCredentialPage({ credential: signed, verifierScript })
    expect(html).not.toMatch(/href="\s*javascript:/i)
    const { page, status, state, dialogs } = await open(html, 'javascript-url')
    expect(state).toBe('failed')
    expect(status).toMatch(/ERR_OB_URI_UNSAFE/)
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0)
    await page.getByText('My portfolio').click()
    expect(dialogs).toEqual([])
  }, 60_000)
})
