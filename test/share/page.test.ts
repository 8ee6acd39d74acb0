// The credential page as built in Node: the baked image must carry this credential, the CSP allows
// exactly the page's own script and style by hash, and the banner logic never shows a claimed key
// (or a failed check) as "Verified".
import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { renderBadgeSvg, renderPng } from '../../src/bake/default-image.js'
import { bakePng } from '../../src/bake/png.js'
import type { OpenBadgeCredential } from '../../src/credential/types.js'
import { renderCredentialPage } from '../../src/share/page.js'
import { bannerOf, statusLineOf } from '../../src/share/page-view.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import type { CheckResult, VerificationReport } from '../../src/verify/report.js'
import { awardedCredential, issuer } from '../helpers/issue.js'

let signed: OpenBadgeCredential
let other: OpenBadgeCredential
let image: Uint8Array
const verifierScript = 'window.microcred = { mountCredentialPage: async () => {} } // </script> inside'

beforeAll(async () => {
  const { key, signer } = await issuer()
  signed = await signDataIntegrity(await awardedCredential(key), { signer })
  other = await signDataIntegrity(await awardedCredential(key, { id: 'urn:uuid:99999999-0000-4000-8000-000000000000' }), { signer })
  image = await renderPng(renderBadgeSvg({ title: 'x', area: 'y', issuerName: 'z' }))
}, 60_000)

describe('renderCredentialPage', () => {
  it('refuses a baked PNG that carries another credential: ERR_OB_PAGE_IMAGE_MISMATCH', () => {
    expect(() => renderCredentialPage({ credential: signed, verifierScript, bakedPng: bakePng(image, JSON.stringify(other)) })).toThrow(expect.objectContaining({ code: 'ERR_OB_PAGE_IMAGE_MISMATCH' }))
  })
  it('refuses a PNG with no credential baked in: ERR_OB_PAGE_IMAGE_MISMATCH', () => {
    expect(() => renderCredentialPage({ credential: signed, verifierScript, bakedPng: image })).toThrow(expect.objectContaining({ code: 'ERR_OB_PAGE_IMAGE_MISMATCH' }))
  })
  it('refuses bytes that are not a PNG: ERR_OB_PAGE_IMAGE_MISMATCH', () => {
    expect(() => renderCredentialPage({ credential: signed, verifierScript, bakedPng: new TextEncoder().encode('<svg/>') })).toThrow(expect.objectContaining({ code: 'ERR_OB_PAGE_IMAGE_MISMATCH' }))
  })
  it('accepts the PNG of this very credential (key order aside)', () => {
    const reordered = Object.fromEntries(Object.entries(signed).reverse())
    expect(renderCredentialPage({ credential: signed, verifierScript, bakedPng: bakePng(image, JSON.stringify(reordered)) })).toContain('data:image/png;base64,')
  })
  it("CSP: no 'unsafe-inline'; every inline script and the style are allowed by their sha256", () => {
    const html = renderCredentialPage({ credential: signed, verifierScript })
    const csp = /content="(default-src[^"]*)"/.exec(html)![1]!
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).toContain("default-src 'none'")
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!)
    expect(scripts).toHaveLength(2)
    for (const script of scripts) expect(csp).toContain(hash(script))
    expect(scripts[0]).not.toMatch(/<\/script/i)
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!
    expect(csp).toContain(`style-src ${hash(style)}`)
  })
  it('the static copy is marked unverified until the browser has verified it', () => {
    const html = renderCredentialPage({ credential: signed, verifierScript })
    expect(html).toMatch(/<div id="status" class="pending"[^>]*>Not verified yet/)
    expect(html).toContain('id="static-notice"')
  })
})

const report = (verified: boolean, issuerKeyConfirmed: boolean, checks: CheckResult[], credential?: unknown) => ({ verified, issuerKeyConfirmed, checks, credential }) as unknown as VerificationReport

const LIST = 'https://district.example.org/status/1'
const withStatus = { id: 'urn:uuid:1', credentialStatus: { id: `${LIST}#5`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '5', statusListCredential: LIST } }
const notBundled: CheckResult = { id: 'status', status: 'failed', code: 'ERR_OB_STATUS_UNCHECKED', message: `status could not be determined (failing closed): "${LIST}" is not bundled and remote loading is off` }

describe('bannerOf', () => {
  const ok: CheckResult = { id: 'proof', status: 'passed', message: 'ok' }
  const unconfirmed = { id: 'key-binding', status: 'failed', code: 'ERR_OB_KEY_UNCONFIRMED', message: 'not confirmed' } as unknown as CheckResult
  it('green only when verified with a confirmed key', () => {
    expect(bannerOf(report(true, true, [ok]))).toEqual({ state: 'verified', text: 'Verified', detail: '' })
  })
  it('amber, with the reason, when the key is only claimed (warning policy)', () => {
    const banner = bannerOf(report(true, false, [ok, { id: 'key-binding', status: 'warning', code: 'WARN_OB_KEY_UNCONFIRMED', message: 'the key came inline' }]))
    expect(banner.state).toBe('unconfirmed')
    expect(banner.text).toBe("Signature intact, issuer not confirmed — this page cannot confirm that the key that signed it belongs to the issuer; a verifier that looks up the issuer's published keys can")
    expect(banner.detail).toBe('key-binding · WARN_OB_KEY_UNCONFIRMED — the key came inline')
  })
  it('amber when the only failure is an unconfirmed key (failing policy)', () => {
    expect(bannerOf(report(false, false, [ok, unconfirmed])).state).toBe('unconfirmed')
  })
  it('amber, not red, when the badge is authentic but its status could not be checked: the reason in words, the code in the details', () => {
    const banner = bannerOf(report(false, true, [ok, notBundled], withStatus), { statusUnavailable: new Map([[LIST, "a page opened from a file does not go online to fetch the issuer's status list"]]) })
    expect(banner.state).toBe('status-unknown')
    expect(banner.text).toBe("Signature and issuer check out; revocation status could not be checked: a page opened from a file does not go online to fetch the issuer's status list, and this page carries no copy of it")
    expect(banner.detail).toContain('ERR_OB_STATUS_UNCHECKED')
    expect(banner.text).not.toContain('ERR_OB')
  })
  it('an expired status list is "could not be checked" (amber, with its date), never green', () => {
    const expired: CheckResult = { id: 'status', status: 'failed', code: 'ERR_OB_STATUS_LIST_EXPIRED', message: 'status could not be determined (failing closed): the status list expired' }
    const banner = bannerOf(report(false, true, [ok, expired], withStatus), { statusLists: new Map([[LIST, { validFrom: '2026-01-01T00:00:00Z', validUntil: '2026-01-31T00:00:00Z' }]]) })
    expect(banner.state).toBe('status-unknown')
    expect(banner.text).toContain('expired on 2026-01-31')
  })
  it('an unconfirmed key and an unknown status: amber, naming both; the text never says the issuer checks out', () => {
    const banner = bannerOf(report(false, false, [ok, unconfirmed, notBundled], withStatus))
    expect(banner.state).toBe('unconfirmed')
    expect(banner.text).toMatch(/^Signature intact, issuer not confirmed — .*\. Revocation status could not be checked either: /)
    expect(banner.text).not.toContain('check out')
    expect(banner.detail.split('\n')).toHaveLength(2)
  })
  it('red when anything else failed too, even beside an unknown status', () => {
    const broken: CheckResult = { id: 'proof', status: 'failed', code: 'ERR_OB_PROOF_INVALID', message: 'the signature does not verify' }
    const banner = bannerOf(report(false, true, [broken, notBundled], withStatus))
    expect(banner.state).toBe('failed')
    expect(banner.text).toMatch(/^Not verified — its signature does not match/)
    expect(banner.detail).toBe('proof · ERR_OB_PROOF_INVALID — the signature does not verify')
  })
  it('revoked: said in words, as of the list that says so, with the code in the details', () => {
    const revoked: CheckResult = { id: 'status', status: 'failed', code: 'ERR_OB_STATUS_REVOKED', message: `revoked (index 5 of ${LIST} as of 2026-03-01T00:00:00.000Z)` }
    const banner = bannerOf(report(false, false, [unconfirmed, revoked], withStatus), { statusLists: new Map([[LIST, { validFrom: '2026-03-01T00:00:00Z' }]]) })
    expect(banner.state).toBe('failed')
    expect(banner.text).toBe('Revoked by the issuer (recorded in their status list of 2026-03-01). It is no longer valid. The status list does not say why; ask the issuer.')
    expect(banner.detail).toBe(`status · ERR_OB_STATUS_REVOKED — ${revoked.message}`)
  })
  it('revoked on a 1EdTech revocation list: with its reason', () => {
    const url = 'https://district.example.org/revocations'
    const credential = { id: 'urn:uuid:1', credentialStatus: { id: url, type: '1EdTechRevocationList' } }
    const revoked: CheckResult = { id: 'status', status: 'failed', code: 'ERR_OB_STATUS_REVOKED', message: "revoked by the issuer's 1EdTech revocation list: Issued in error" }
    const banner = bannerOf(report(false, true, [revoked], credential), { statusLists: new Map([[url, { revokedCredential: [{ id: 'urn:uuid:1', revocationReason: 'Issued in error' }] }]]) })
    expect(banner.text).toBe('Revoked by the issuer: Issued in error. It is no longer valid.')
  })
  it('red for an altered page or a mismatched image, even when the credential verified', () => {
    expect(bannerOf(report(true, true, [ok]), { altered: true }).state).toBe('failed')
    expect(bannerOf(report(true, true, [ok]), { imageMismatch: true }).state).toBe('failed')
  })
  it('the status line says as of when it was checked, and from which list', () => {
    const at = new Date('2026-11-30T10:00:00.123Z')
    const passed: CheckResult = { id: 'status', status: 'passed', message: 'not revoked as of 2026-11-29T00:00:00.000Z' }
    expect(statusLineOf(passed, at)).toBe('Status: not revoked as of 2026-11-29T00:00:00.000Z — checked 2026-11-30T10:00:00Z')
    expect(statusLineOf(passed, at, 'live')).toBe('Status: not revoked as of 2026-11-29T00:00:00.000Z, read from the issuer just now — checked 2026-11-30T10:00:00Z')
    expect(statusLineOf({ id: 'status', status: 'skipped', message: 'no credentialStatus' }, at)).toMatch(/no revocation status/)
    expect(statusLineOf(notBundled, at)).toBe('Status: could not be checked — checked 2026-11-30T10:00:00Z')
    expect(statusLineOf({ id: 'status', status: 'failed', code: 'ERR_OB_STATUS_REVOKED', message: 'revoked (index 5 of …)' }, at)).toBe('Status: revoked — checked 2026-11-30T10:00:00Z')
  })
})

describe('renderCredentialPage: live status', () => {
  const csp = (html: string) => /content="(default-src[^"]*)"/.exec(html)![1]!
  const pageData = (html: string) => JSON.parse(/<script type="application\/json" id="page-data">(.*?)<\/script>/.exec(html)![1]!)
  const entry = (url: string) => ({ id: `${url}#5`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '5', statusListCredential: url })
  const page = (credentialStatus: unknown, options: Partial<Parameters<typeof renderCredentialPage>[0]> = {}) =>
    renderCredentialPage({ credential: { ...signed, credentialStatus } as OpenBadgeCredential, verifierScript, ...options })

  it('a page without status entries may connect nowhere', () => {
    const html = renderCredentialPage({ credential: signed, verifierScript })
    expect(csp(html)).not.toContain('connect-src')
    expect(pageData(html).liveStatus).toBeUndefined()
  })
  it('an https status list: connect-src names exactly its origin, never *', () => {
    const html = page(entry('https://district.example.org/status/1'))
    expect(csp(html)).toMatch(/; connect-src https:\/\/district\.example\.org;/)
    expect(csp(html)).not.toContain('*')
    expect(pageData(html).liveStatus).toBe(true)
  })
  it("an http list only on the page's own origin ('self'); elsewhere none", () => {
    expect(csp(page(entry('http://127.0.0.1:8080/status/1'), { certUrl: 'http://127.0.0.1:8080/ab/' }))).toContain("connect-src 'self';")
    expect(csp(page(entry('http://127.0.0.1:8080/status/1'), { certUrl: 'https://badges.example.org/ab/' }))).not.toContain('connect-src')
    expect(csp(page(entry('http://127.0.0.1:8080/status/1')))).not.toContain('connect-src')
  })
  it('a status URL that could bend the policy is never put in it', () => {
    for (const url of ["https://a.example.org;script-src 'unsafe-inline'/x", 'https://user:pw@a.example.org/x', 'javascript:alert(1)', 'https://[::1]/x'])
      expect(csp(page(entry(url)))).not.toContain('connect-src')
  })
  it('liveStatus: false keeps the page offline', () => {
    const html = page(entry('https://district.example.org/status/1'), { liveStatus: false })
    expect(csp(html)).not.toContain('connect-src')
    expect(pageData(html).liveStatus).toBeUndefined()
  })
  it('embeds only the status lists the credential names', () => {
    const lists = new Map<string, unknown>([
      ['https://district.example.org/status/1', { id: 'https://district.example.org/status/1' }],
      ['https://district.example.org/status/2', { id: 'https://district.example.org/status/2' }],
    ])
    const embedded = JSON.parse(/id="status-lists">(.*?)<\/script>/.exec(page(entry('https://district.example.org/status/1'), { statusLists: lists }))![1]!)
    expect(Object.keys(embedded)).toEqual(['https://district.example.org/status/1'])
  })
})

describe('rubric results', () => {
  it('shows each level with its points out of the criterion’s best level, and the total out of its maximum', () => {
    const html = renderCredentialPage({ credential: signed, verifierScript })
    expect(html).toContain('<td>Proficient <span class="muted">— 3 of 4 points</span></td><td>Proficient</td>')
    expect(html).toContain('<th scope="row">Total rubric score</th><td>14 of 18 points</td>')
  })
})
