// The credential page in real headless Chromium (Debian's, driven by playwright-core), opened from a
// file as `microcred page` writes it: a good badge shows "Verified"; an authentic badge whose issuer key
// or revocation status cannot be confirmed is amber, in words; a revoked or tampered one is red, in
// words, with the code in the details line; and a page opened from a file makes no network request.
// The banner cannot lie: an edited page, an expired status list or an unsafe link never shows green.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildBrowserBundle } from '../../scripts/browser-bundle.js'
import { renderBadgeSvg, renderPng } from '../../src/bake/default-image.js'
import { bakePng } from '../../src/bake/png.js'
import { issueEndorsement } from '../../src/recognition/endorsement.js'
import { generateIssuerKey } from '../../src/keys/issuer-keys.js'
import { renderCredentialPage } from '../../src/share/page.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { signerFromJwk } from '../../src/sign/signer.js'
import { DirectoryStore } from '../../src/status/directory-store.js'
import { allocateStatus, changeStatus, publishStatusLists } from '../../src/status/status-list.js'
import { cli } from '../helpers/cli.js'
import { ROOT } from '../helpers/examples.js'
import { awardedCredential, issuer } from '../helpers/issue.js'
import { CHROMIUM, hasChromium } from './chromium.js'

// `microcred page` inlines the built verifier from dist/, which the tests do not build: it gets the
// bundle this file builds instead.
const bundle = vi.hoisted(() => ({ script: '' }))
vi.mock('../../src/share/verifier-script.js', async (original) => ({ ...(await original<object>()), loadVerifierScript: async () => bundle.script }))

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
    bundle.script = verifierScript
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
    // Every state: nothing is fetched from a file, and the banner never shows a raw error.
    expect(requests).toEqual([])
    const status = (await page.textContent('#status')) ?? ''
    expect(status).not.toMatch(/Error:|ERR_OB_/)
    return { page, requests, dialogs, cspErrors, status, state: await page.locator('#status').getAttribute('class'), detail: (await page.textContent('#banner-detail')) ?? '' }
  }

  /** A signed badge with a revocation entry, and the issuer's signed lists (revoked or not). */
  async function revocable(id: string, { revoke = false, listsFrom = new Date() }: { revoke?: boolean; listsFrom?: Date } = {}) {
    const { key, signer } = await issuer()
    const store = await DirectoryStore.open(mkdtempSync(join(tmpdir(), 'microcred-page-status-')))
    const credentialStatus = await allocateStatus(store, { credentialId: id, baseUrl: 'https://district.example.org/status' })
    const signed = await signDataIntegrity(await awardedCredential(key, { id, credentialStatus }), { signer })
    if (revoke) await changeStatus(store, { credentialId: id, action: 'revoke', reason: 'Issued in error' })
    const lists = await publishStatusLists(store, { baseUrl: 'https://district.example.org/status', issuerId: key.issuerId, signer, validFrom: listsFrom })
    return { signed, key, store, lists, statusLists: new Map(lists.map((l) => [l.url, l.credential])) }
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
    expect(await page.locator('table tbody tr').last().textContent()).toBe('Total rubric score14 of 18 points')
    expect(await page.textContent('#banner-detail')).toBe('')
    // The file carries the image and the credential once each; the downloads appear once verified.
    const dataUrl = `data:image/png;base64,${Buffer.from(png).toString('base64')}`
    expect(html.split(dataUrl)).toHaveLength(2)
    expect(/<main id="content">([\s\S]*?)<\/main>/.exec(html)![1]).not.toContain('Download')
    expect(await page.locator('a[download="badge.png"]').getAttribute('href')).toBe(dataUrl)
    const jsonHref = (await page.locator('a[download="credential.json"]').getAttribute('href')) ?? ''
    expect(JSON.parse(Buffer.from(jsonHref.slice(jsonHref.indexOf(',') + 1), 'base64').toString('utf8'))).toEqual(signed)
    expect(requests).toEqual([])
    await page.screenshot({ path: join(artifacts, 'credential-page.png'), fullPage: true })
  }, 60_000)

  it('shows Not verified and the failing check for a tampered badge', async () => {
    const { key, signer } = await issuer()
    const signed = await signDataIntegrity(await awardedCredential(key), { signer })
    const tampered = { ...signed, name: 'Forged Credential' }
    const { page, status, state, detail } = await open(renderCredentialPage({ credential: tampered, verifierScript }), 'tampered')
    expect(state).toBe('failed')
    expect(status).toBe('Not verified — its signature does not match: the credential was changed after it was signed, or the signature is not valid')
    expect(detail).toMatch(/^Details: proof · ERR_OB_PROOF_INVALID — /)
    await page.screenshot({ path: join(artifacts, 'credential-page-tampered.png') })
  }, 60_000)

  it('amber, not green: a badge signed by a did:web key the page cannot confirm (no DID document is fetched)', async () => {
    const key = await generateIssuerKey({ identifier: { method: 'did:web', host: 'district.example.org' } })
    const signed = await signDataIntegrity(await awardedCredential(key), { signer: await signerFromJwk(key.privateJwk, { id: key.verificationMethod }) })
    const { status, state, detail, page } = await open(renderCredentialPage({ credential: signed, verifierScript }), 'unconfirmed-key')
    expect(state).toBe('unconfirmed')
    expect(status).toBe(
      "Signature intact, issuer not confirmed — this page cannot confirm that the key that signed it belongs to Springfield Public Schools (did:web:district.example.org); a verifier that looks up the issuer's published keys can",
    )
    expect(detail).toMatch(/^Details: key-binding · ERR_OB_KEY_UNCONFIRMED — /)
    await page.screenshot({ path: join(artifacts, 'credential-page-unconfirmed.png') })
  }, 60_000)

  it('amber, not red: an authentic badge whose status list the page does not carry (opened from a file)', async () => {
    const { signed } = await revocable('urn:uuid:30000000-0000-4000-8000-000000000002')
    const { status, state, detail, page } = await open(renderCredentialPage({ credential: signed, verifierScript }), 'status-unknown')
    expect(state).toBe('status-unknown')
    expect(status).toBe(
      "Signature and issuer check out; revocation status could not be checked: a page opened from a file does not go online to fetch the issuer's status list, and this page carries no copy of it",
    )
    expect(detail).toMatch(/^Details: status · ERR_OB_STATUS_UNCHECKED — /)
    expect(await page.textContent('#status-line')).toMatch(/^Status: could not be checked — checked \d{4}-/)
    await page.screenshot({ path: join(artifacts, 'credential-page-status-unknown.png') })
  }, 60_000)

  it('green with the embedded (signed) status list, which the status line names', async () => {
    const { signed, statusLists } = await revocable('urn:uuid:30000000-0000-4000-8000-000000000003')
    const { status, state, page } = await open(renderCredentialPage({ credential: signed, verifierScript, statusLists }), 'status-embedded')
    expect([state, status]).toEqual(['verified', 'Verified'])
    expect(await page.textContent('#status-line')).toMatch(/^Status: not revoked as of .*, from the copy of the list saved in this page — checked /)
  }, 60_000)

  it('red for a revoked badge, in words, as of the list that says so; the code is in the details line', async () => {
    const { signed, statusLists, lists } = await revocable('urn:uuid:30000000-0000-4000-8000-000000000000', { revoke: true })
    const { status, state, page, detail } = await open(renderCredentialPage({ credential: signed, verifierScript, statusLists }), 'revoked')
    expect(state).toBe('failed')
    const listDate = String(lists[0]!.credential.validFrom).slice(0, 10)
    expect(status).toBe(`Revoked by the issuer (recorded in their status list of ${listDate}). It is no longer valid. The status list does not say why; ask the issuer.`)
    expect(detail).toMatch(/^Details: status · ERR_OB_STATUS_REVOKED — revoked \(index \d+ of https:\/\/district\.example\.org\/status\//)
    expect(await page.textContent('#status-line')).toMatch(/^Status: revoked — checked \d{4}-\d\d-\d\dT/)
    await page.screenshot({ path: join(artifacts, 'credential-page-revoked.png') })
  }, 60_000)

  it('a revoked badge whose page holds an old list (from before the revocation, now expired) is not green: status unknown, with the date', async () => {
    const { key, signer } = await issuer()
    const store = await DirectoryStore.open(mkdtempSync(join(tmpdir(), 'microcred-page-old-list-')))
    const id = 'urn:uuid:30000000-0000-4000-8000-000000000001'
    const credentialStatus = await allocateStatus(store, { credentialId: id, baseUrl: 'https://district.example.org/status' })
    const signed = await signDataIntegrity(await awardedCredential(key, { id, credentialStatus, validFrom: new Date(Date.now() - 90 * 86400_000) }), { signer, created: new Date(Date.now() - 90 * 86400_000) })
    const old = await publishStatusLists(store, { baseUrl: 'https://district.example.org/status', issuerId: key.issuerId, signer, validFrom: new Date(Date.now() - 60 * 86400_000) })
    await changeStatus(store, { credentialId: id, action: 'revoke', reason: 'Issued in error' })
    const { status, state, detail } = await open(renderCredentialPage({ credential: signed, verifierScript, statusLists: new Map(old.map((l) => [l.url, l.credential])) }), 'old-list')
    expect(state).toBe('status-unknown')
    const expired = String(old[0]!.credential.validUntil).slice(0, 10)
    expect(status).toBe(
      `Signature and issuer check out; revocation status could not be checked: the issuer's status list available to this page expired on ${expired}, so it no longer says whether the badge was revoked`,
    )
    expect(detail).toContain('ERR_OB_STATUS_LIST_EXPIRED')
  }, 60_000)

  it('microcred page: without --status-lists amber (status unknown); with them green, and red once revoked', async () => {
    const work = mkdtempSync(join(tmpdir(), 'microcred-cli-page-'))
    const keyFile = join(work, 'issuer.key.json')
    expect((await cli('keys', 'generate', '--out', keyFile)).code).toBe(0)
    const state = join(work, 'state')
    const badge = join(work, 'badge.json')
    const template = join(ROOT, 'examples/templates/checking-understanding-gestures.json')
    const award = join(ROOT, 'examples/assessments/gestures-award.json')
    const base = 'https://d.example.org/status'
    expect((await cli('issue', template, award, '--key', keyFile, '--issuer-name', 'District', '--state', state, '--status-base-url', base, '--out', badge)).code).toBe(0)
    const lists = join(work, 'lists')
    expect((await cli('status', 'publish', '--state', state, '--key', keyFile, '--base-url', base, '--out', lists)).code).toBe(0)
    const write = async (name: string, ...extra: string[]) => {
      const out = join(work, `${name}.html`)
      const run = await cli('page', badge, '--out', out, ...extra)
      expect(run.code).toBe(0)
      return { html: readFileSync(out, 'utf8'), stderr: run.stderr }
    }
    const bare = await write('bare')
    expect(bare.stderr).toMatch(/^note: the page does not carry the status list https:\/\/d\.example\.org\/status\//)
    expect((await open(bare.html, 'cli-bare')).state).toBe('status-unknown')
    const withLists = await write('with-lists', '--status-lists', lists)
    expect(withLists.stderr).toBe('')
    expect((await open(withLists.html, 'cli-with-lists')).status).toBe('Verified')
    const credentialId = JSON.parse(readFileSync(badge, 'utf8')).id
    expect((await cli('status', 'revoke', credentialId, '--reason', 'Issued in error', '--state', state)).code).toBe(0)
    expect((await cli('status', 'publish', '--state', state, '--key', keyFile, '--base-url', base, '--out', lists)).code).toBe(0)
    const revoked = await open((await write('revoked', '--status-lists', lists)).html, 'cli-revoked')
    expect(revoked.state).toBe('failed')
    expect(revoked.status).toMatch(/^Revoked by the issuer/)
  }, 120_000)

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
    const { page, status, state, dialogs, detail } = await open(html, 'javascript-url')
    expect(state).toBe('failed')
    expect(status).toBe('Not verified — it contains an address that is not a web link, which a page must not follow')
    expect(detail).toContain('ERR_OB_URI_UNSAFE')
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0)
    await page.getByText('My portfolio').click()
    expect(dialogs).toEqual([])
  }, 60_000)
})
