import { sha256 } from '@noble/hashes/sha2.js'
import { isPng, unbakePngCredential } from '../bake/png.js'
import type { OpenBadgeCredential } from '../credential/types.js'
import { PageImageMismatch } from '../errors.js'
import { base64 } from '../internal/base64.js'
import { canonicalJson } from '../internal/canonical-json.js'
import { type CredentialPageData, renderCredentialContent } from './page-content.js'
import { openGraphImage } from './page-sections.js'
import { statusConnectSources, statusListUrls } from './page-status.js'
import { type WalletOffer, walletOfferHtml } from './wallet-offer.js'

export interface CredentialPageOptions {
  /** The credential with its embedded proof (what the page verifies, shows and offers as JSON). */
  credential: OpenBadgeCredential
  /**
   * The browser verifier (`microcred/browser-verifier`): its text, inlined so the page needs no
   * network; or, for many pages, one shared copy: `{ src, integrity }` loads it from `src` with
   * Subresource Integrity (`integrity` is its `sha384-…` digest, see `sharedVerifierScript`).
   */
  verifierScript: string | VerifierScriptReference
  /** The baked PNG, shown and offered for download. It must carry this very credential (`ERR_OB_PAGE_IMAGE_MISMATCH`). */
  bakedPng?: Uint8Array
  /** Where this page will be published; used for Open Graph and the LinkedIn button. */
  certUrl?: string
  /**
   * Signed status list credentials by URL, embedded so the page can check status without a request
   * (only the lists the credential names are embedded). A page opened from a file shows the status as
   * of these lists (and says so); once a list's `validUntil` has passed it says the status could not be
   * checked (amber, never green): republish pages, or serve them with `liveStatus`, to update.
   */
  statusLists?: ReadonlyMap<string, unknown>
  /**
   * When the page is served over http(s), read the credential's status lists fresh from the addresses
   * the credential names — an https address, or the page's own origin (`certUrl`) — and nowhere else:
   * its CSP `connect-src` lists exactly those origins, and the verifier fetches nothing but those lists
   * (no DID document, no context), without cookies or referrer. A newer embedded list is kept; a page
   * opened from a file never goes online. A status host on another origin must allow it with CORS
   * (`Access-Control-Allow-Origin: *`; the lists are public). @default true
   */
  liveStatus?: boolean
  /** The badge image's public https URL, for `og:image`. @default the achievement's https image, else `badge.png` beside a directory `certUrl` */
  imageUrl?: string
  /** A wallet offer (deep link + QR code) shown as an "Add to your wallet" block. */
  wallet?: WalletOffer
}

/** A verifier script loaded from a URL instead of inlined, pinned by its Subresource Integrity digest. */
export interface VerifierScriptReference {
  /** Where the page loads it from: relative to the page (same origin) or an absolute https URL. */
  src: string
  /** `sha384-` + the base64 SHA-384 of the script's bytes. */
  integrity: string
}

const esc = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** JSON safe inside `<script>`: no `</script>`, no HTML comment openers. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')

/** A CSP source for an inline script or style: `'sha256-…'` of its exact text. */
const hashSource = (text: string) => `'sha256-${base64(sha256(new TextEncoder().encode(text)))}'`

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.5}
header{display:flex;gap:1.5rem;align-items:center}header img{width:160px;height:160px}
h1{margin:.2rem 0;font-size:1.8rem}.muted{color:#555}
#status{padding:.8rem 1rem;border-radius:.5rem;font-weight:600;margin:1rem 0 .3rem;background:#eee}
#status.verified{background:#e3f4e6;color:#14532d;border:2px solid #1e7b3a}#status.failed{background:#fde8e8;color:#7f1d1d;border:2px solid #b42318}
#status.unconfirmed,#status.status-unknown,#status.not-checked{background:#fff4d6;color:#713f12;border:2px solid #b7791f}
#banner-detail{margin:0 0 .3rem;font-size:.85rem;white-space:pre-line;overflow-wrap:anywhere}#status-line{margin:0 0 1rem;color:#444}
.notice{padding:.5rem 1rem;border:2px dashed #b42318;color:#7f1d1d}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ddd}
.actions a{display:inline-block;margin:.3rem .5rem .3rem 0;padding:.5rem .9rem;border-radius:.4rem;background:#1f4e79;color:#fff;text-decoration:none}
.actions a.linkedin{background:#0a66c2}details{margin-top:1rem}
`

/**
 * The page data the browser re-renders with. The baked PNG is already in the static copy (its image),
 * so it is not repeated here: the verifier reads it from there and checks that it carries the
 * credential, as it would any other copy. The download links are added only once it has verified.
 */
function pageDataJson({ image, ...rest }: CredentialPageData): CredentialPageData & { imageInContent?: true } {
  return image === undefined ? rest : { ...rest, imageInContent: true }
}

/**
 * Runs the bundled verifier on the page; the only other script, so its hash is fixed. A verifier the
 * browser did not run leaves no global: opened from a file, a shared verifier cannot pass its
 * integrity check (files are not CORS resources), which is said in words, amber; otherwise it is red.
 * The pin is never dropped: an unpinned script does not run, from a file either.
 * Nothing is green unless the verifier ran and said so; an error is never shown raw in the banner.
 */
const BOOTSTRAP = `(function () {
  var status = document.getElementById('status')
  var detail = document.getElementById('banner-detail')
  function show(state, text, more) {
    status.className = state
    status.textContent = text
    if (detail) detail.textContent = more ? 'Details: ' + more : ''
  }
  function stopped(error) {
    show('failed', 'Not verified — the verifier stopped before it could finish, so nothing on this page was checked', String(error && error.name ? error.name + ': ' + error.message : error))
  }
  if (typeof microcred === 'undefined' || typeof microcred.mountCredentialPage !== 'function') {
    if (location.protocol === 'file:' && document.querySelector('script[src][integrity]')) show('not-checked', 'Not checked — this page was opened from a file, and its verifier only runs when the page is opened from its web address. Open it from there to verify the badge.', 'nothing below has been checked (signature, issuer, dates and revocation status alike): it is the page as it was written. A browser does not run the shared verifier script from a file, as it cannot confirm that script is the one this page was made with. To check the badge without a web server, verify its credential.json or badge.png with microcred verify.')
    else show('failed', 'Not verified — this page’s verifier did not load (it is missing, or is not the copy this page was made with), so nothing on it was checked', 'the shared verifier script failed to load or failed its integrity check')
    return
  }
  try { microcred.mountCredentialPage(document).catch(stopped) } catch (error) { stopped(error) }
})()`

/** Refuses a baked image that carries anything but this credential. */
function assertCarries(png: Uint8Array, credential: OpenBadgeCredential): void {
  let baked: unknown
  try {
    if (!isPng(png)) throw new Error('it is not a PNG')
    baked = JSON.parse(unbakePngCredential(png))
  } catch (cause) {
    throw new PageImageMismatch(`the badge image does not carry this credential: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
  if (canonicalJson(baked) !== canonicalJson(credential))
    throw new PageImageMismatch(`the badge image carries another credential (${JSON.stringify(String((baked as { id?: unknown }).id))}, not ${JSON.stringify(credential.id)})`)
}

/** The `<script>` that runs the verifier, and the CSP `script-src` source that allows exactly it. */
function verifierTag(verifierScript: string | VerifierScriptReference): { tag: string; scriptSrc: string } {
  if (typeof verifierScript === 'string') {
    const inline = verifierScript.replace(/<\/script/gi, '<\\/script')
    return { tag: `<script>${inline}</script>`, scriptSrc: hashSource(inline) }
  }
  const { src, integrity } = verifierScript
  if (!/^sha(256|384|512)-[A-Za-z0-9+/]+={0,2}$/.test(integrity)) throw new TypeError(`verifierScript.integrity must be a Subresource Integrity digest such as "sha384-…" (got "${integrity}")`)
  const absolute = /^https:\/\//i.test(src) ? new URL(src).origin : undefined
  if (!absolute && /^[a-z][a-z0-9+.-]*:/i.test(src)) throw new TypeError(`verifierScript.src must be a relative URL or an https URL (got "${src}")`)
  return { tag: `<script src="${esc(src)}" integrity="${esc(integrity)}"${absolute ? ' crossorigin="anonymous"' : ''}></script>`, scriptSrc: absolute ?? "'self'" }
}

/**
 * One self-contained HTML page per badge: badge image, achievement, criteria, rubric results,
 * evidence, issuer, dates, Open Graph tags, the credential embedded, downloads, an "Add to
 * LinkedIn" button, and in-browser verification. The reader's browser verifies the embedded
 * credential and renders everything shown from it; the static text is a no-JavaScript copy marked
 * as unverified, and an edit to it turns the banner red. The CSP allows only the page's own two
 * scripts and style by hash (no `'unsafe-inline'`) and no network request but the shared verifier
 * script's, when `verifierScript` is a `{ src, integrity }` reference (pinned by its digest), and,
 * with `liveStatus`, the credential's own status lists from exactly their origins. The banner is green
 * only for a verified badge with a confirmed issuer key; amber when the key is not confirmed or the
 * revocation status could not be checked; red for a real failure, in words, with the code below.
 * @example
 * const html = renderCredentialPage({ credential, bakedPng, verifierScript, certUrl: 'https://badges.example.org/c/1' })
 */
export function renderCredentialPage({ credential, verifierScript, bakedPng, certUrl, statusLists, imageUrl, wallet, liveStatus = true }: CredentialPageOptions): string {
  if (bakedPng) assertCarries(bakedPng, credential)
  const connectSrc = liveStatus ? statusConnectSources(credential, certUrl) : []
  const data = pageData(bakedPng, certUrl)
  const ogImage = openGraphImage(credential, { imageUrl, certUrl, hasPng: bakedPng !== undefined })
  const verifier = verifierTag(verifierScript)
  return `<!doctype html>
<html lang="en">
<head>
${headTags(credential, contentSecurityPolicy(verifier.scriptSrc, connectSrc), certUrl, ogImage)}</head>
<body>
${STATUS_BANNER}
<main id="content">${renderCredentialContent(credential, { ...data, downloads: false })}</main>
${wallet ? walletOfferHtml(wallet) : ''}
<details><summary>Verification checks</summary><ul id="checks"></ul></details>
${embeddedData(credential, data, connectSrc.length > 0, statusLists)}
${verifier.tag}
<script>${BOOTSTRAP}</script>
</body>
</html>
`
}

/** What the static copy shows besides the credential: the baked image (as a data URI) and where the page lives. */
function pageData(bakedPng: Uint8Array | undefined, certUrl: string | undefined): CredentialPageData {
  return {
    ...(bakedPng ? { image: `data:image/png;base64,${base64(bakedPng)}` } : {}),
    ...(certUrl ? { certUrl } : {}),
  }
}

/**
 * Only the page's own scripts (the verifier and the bootstrap) and style run, and nothing is fetched
 * but a shared verifier and, from exactly their origins, the credential's status lists.
 */
function contentSecurityPolicy(verifierScriptSrc: string, connectSrc: readonly string[]): string {
  const connect = connectSrc.length > 0 ? `; connect-src ${connectSrc.join(' ')}` : ''
  return `default-src 'none'; script-src ${verifierScriptSrc} ${hashSource(BOOTSTRAP)}; style-src ${hashSource(STYLE)}; img-src data:${connect}; base-uri 'none'; form-action 'none'`
}

/** The `<head>` content: the CSP, the title, Open Graph and description tags, and the style. */
function headTags(credential: OpenBadgeCredential, csp: string, certUrl: string | undefined, ogImage: string | undefined): string {
  const achievement = credential.credentialSubject?.achievement ?? {}
  const name = credential.name ?? achievement.name
  return `<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(name)} — ${esc(credential.issuer?.name ?? credential.issuer?.id)}</title>
<meta property="og:type" content="website">
<meta property="og:title" content="${esc(name)}">
<meta property="og:description" content="${esc(achievement.description)}">
${certUrl ? `<meta property="og:url" content="${esc(certUrl)}">\n` : ''}${ogImage ? `<meta property="og:image" content="${esc(ogImage)}">\n` : ''}<meta name="description" content="${esc(achievement.description)}">
<style>${STYLE}</style>
`
}

/** Shown until the verifier has run (and, without JavaScript, for good): not verified yet, a static copy. */
const STATUS_BANNER = `<div id="status" class="pending" role="status" aria-live="polite">Not verified yet: this page checks the badge in your browser with JavaScript</div>
<p id="banner-detail" class="muted"></p>
<p id="status-line"></p>
<p id="static-notice" class="notice">Static copy, not verified: what follows is the page as it was written. With JavaScript on, it is replaced by what the verified credential says.</p>`

/**
 * What the verifier reads: the credential, the page data (and whether it may read status lists
 * live) and the embedded status lists the credential names, as JSON safe inside `<script>`.
 */
function embeddedData(credential: OpenBadgeCredential, data: CredentialPageData, liveStatus: boolean, statusLists: ReadonlyMap<string, unknown> | undefined): string {
  const named = statusListUrls(credential).flatMap((url) => (statusLists?.has(url) ? [[url, statusLists.get(url)] as const] : []))
  return `<script type="application/ld+json" id="credential">${scriptJson(credential)}</script>
<script type="application/json" id="page-data">${scriptJson({ ...pageDataJson(data), ...(liveStatus ? { liveStatus } : {}) })}</script>
<script type="application/json" id="status-lists">${scriptJson(Object.fromEntries(named))}</script>`
}
