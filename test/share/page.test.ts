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

const report = (verified: boolean, issuerKeyConfirmed: boolean, checks: CheckResult[]) => ({ verified, issuerKeyConfirmed, checks }) as unknown as VerificationReport

describe('bannerOf', () => {
  const ok: CheckResult = { id: 'proof', status: 'passed', message: 'ok' }
  it('green only when verified with a confirmed key', () => {
    expect(bannerOf(report(true, true, [ok]))).toEqual({ state: 'verified', text: 'Verified' })
  })
  it('amber, with the reason, when the key is only claimed (warning policy)', () => {
    const banner = bannerOf(report(true, false, [ok, { id: 'key-binding', status: 'warning', code: 'WARN_OB_KEY_UNCONFIRMED', message: 'the key came inline' }]))
    expect(banner.state).toBe('unconfirmed')
    expect(banner.text).toContain('the key came inline')
    expect(banner.text).not.toMatch(/^Verified/)
  })
  it('amber when the only failure is an unconfirmed key (failing policy)', () => {
    const unconfirmed = { id: 'key-binding', status: 'failed', code: 'ERR_OB_KEY_UNCONFIRMED', message: 'not confirmed' } as unknown as CheckResult
    expect(bannerOf(report(false, false, [ok, unconfirmed])).state).toBe('unconfirmed')
  })
  it('red when anything else failed too', () => {
    const unconfirmed = { id: 'key-binding', status: 'failed', code: 'ERR_OB_KEY_UNCONFIRMED', message: 'not confirmed' } as unknown as CheckResult
    const revoked: CheckResult = { id: 'status', status: 'failed', code: 'ERR_OB_STATUS_REVOKED', message: 'revoked' }
    expect(bannerOf(report(false, false, [unconfirmed, revoked])).state).toBe('failed')
  })
  it('red for an altered page or a mismatched image, even when the credential verified', () => {
    expect(bannerOf(report(true, true, [ok]), { altered: true }).state).toBe('failed')
    expect(bannerOf(report(true, true, [ok]), { imageMismatch: true }).state).toBe('failed')
  })
  it('the status line says as of when it was checked', () => {
    const at = new Date('2026-11-30T10:00:00.123Z')
    expect(statusLineOf({ id: 'status', status: 'passed', message: 'not revoked as of 2026-11-29T00:00:00.000Z' }, at)).toBe('Status: not revoked as of 2026-11-29T00:00:00.000Z — checked 2026-11-30T10:00:00Z')
    expect(statusLineOf({ id: 'status', status: 'skipped', message: 'no credentialStatus' }, at)).toMatch(/no revocation status/)
  })
})
