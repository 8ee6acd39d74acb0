// What a credential page does in the reader's browser (bundled into the browser verifier): verify the
// embedded credential, then show only what that credential says, with a banner that is green only
// when the badge verified, its issuer's key is confirmed, and the page was not altered.
import { canonicalJson } from '../internal/canonical-json.js'
import type { VerificationReport } from '../verify/report.js'
import { verifyBadge } from '../verify/verify-badge.js'
import { bannerOf, type StatusSource, statusLineOf } from './page-banner.js'
import { type CredentialPageData, renderCredentialContent } from './page-content.js'
import { fetchStatusLists, type LiveStatusOutcome, statusListsToUse, statusListUrls } from './page-status.js'

export { type Banner, type BannerState, bannerOf, type PageFindings, statusLineOf } from './page-banner.js'

/** What the page says beside the credential, as embedded by `renderCredentialPage`. */
type EmbeddedPageData = CredentialPageData & { imageInContent?: boolean; liveStatus?: boolean }

/**
 * Each "Endorsed by" entry says whether its endorsement verified: an endorsement is a claim of its
 * own, and a badge's green banner says nothing about it. The entries are the achievement's
 * endorsements in order, as the report lists them.
 */
function markEndorsements(content: HTMLElement, report: VerificationReport): void {
  const verdicts = report.endorsements.filter((e) => e.embeddedIn === 'achievement')
  content.querySelectorAll('#endorsement li').forEach((item, i) => {
    const verdict = verdicts[i]
    const failed = verdict?.checks.find((c) => c.status === 'failed')
    const mark = item.ownerDocument.createElement('span')
    mark.className = verdict?.verified ? 'verified' : 'unverified'
    // The endorser's name is its own claim (as the issuer's is): say whose key signed.
    mark.textContent = verdict?.verified
      ? ` ✓ endorsement verified, signed by ${verdict.endorser ?? 'its endorser'}`
      : ` — endorsement not verified: ${!verdict ? 'not checked' : failed ? `${failed.code ?? failed.id}` : verdict.issuerKeyConfirmed ? 'it does not name this achievement' : 'the endorser’s key is not confirmed'}`
    item.append(mark)
  })
}

/** The page data, with the badge image read from the static copy where the page left it there. */
function pageData(doc: Document, content: HTMLElement): { data: CredentialPageData; liveStatus: boolean } {
  const { imageInContent, liveStatus = false, ...data } = (readJson(doc, 'page-data') ?? {}) as EmbeddedPageData
  const image = imageInContent ? content.querySelector('img')?.getAttribute('src') : undefined
  return { data: image ? { ...data, image } : data, liveStatus }
}

/** Does the data-URL image carry exactly this credential? */
async function imageCarries(image: string, credential: unknown): Promise<boolean> {
  try {
    const base64 = image.slice(image.indexOf(',') + 1)
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0))
    const { isPng, unbakePngCredential } = await import('../bake/png.js')
    if (!isPng(bytes)) return false
    return canonicalJson(JSON.parse(unbakePngCredential(bytes))) === canonicalJson(credential)
  } catch {
    return false
  }
}

const readJson = (doc: Document, id: string): unknown => JSON.parse(doc.getElementById(id)?.textContent ?? 'null')

/**
 * The status lists to verify with: those embedded in the page and, when the page was made with live
 * status and is served over http(s), fresh ones read from the credential's own status list addresses
 * (nothing else is fetched: the verifier runs offline). Says why a list is missing, and where each came from.
 */
async function statusListsFor(doc: Document, credential: unknown, liveStatus: boolean) {
  const embedded = new Map(Object.entries((readJson(doc, 'status-lists') ?? {}) as Record<string, unknown>))
  const urls = statusListUrls(credential)
  const served = doc.location.protocol === 'https:' || doc.location.protocol === 'http:'
  const live: Map<string, LiveStatusOutcome> =
    served && !liveStatus
      ? new Map(urls.map((url) => [url, { notFetched: "this page was made without permission to fetch the issuer's status list" }]))
      : await fetchStatusLists(urls, doc.location.href)
  const lists = statusListsToUse(embedded, live)
  const unavailable = new Map<string, string>()
  for (const [url, outcome] of live) if ('notFetched' in outcome) unavailable.set(url, outcome.notFetched)
  const first = urls.find((url) => lists.has(url))
  const fetched = first === undefined ? undefined : live.get(first)
  const source: StatusSource | undefined = first === undefined ? undefined : fetched && 'fetched' in fetched && lists.get(first) === fetched.fetched ? 'live' : 'embedded'
  return { lists, unavailable, source }
}

/**
 * Verifies the credential embedded in a page made by `renderCredentialPage` and renders the page
 * from it: banner (with its details line), status line (as of when it was checked), checks and content.
 * @example
 * await microcred.mountCredentialPage(document)
 */
export async function mountCredentialPage(doc: Document): Promise<VerificationReport> {
  const banner = doc.getElementById('status')!
  const bannerDetail = doc.getElementById('banner-detail')
  const statusLine = doc.getElementById('status-line')
  const content = doc.getElementById('content')!
  const checks = doc.getElementById('checks')
  const credential = readJson(doc, 'credential')
  const { data, liveStatus } = pageData(doc, content)
  const status = await statusListsFor(doc, credential, liveStatus)
  const checkedAt = new Date()
  const report = await verifyBadge(credential as Record<string, unknown>, { statusLists: status.lists, now: checkedAt })
  const shown = report.credential ?? credential
  const imageMismatch = data.image !== undefined && !(await imageCarries(data.image, shown))
  const fresh = renderCredentialContent(shown, imageMismatch ? { ...(data.certUrl ? { certUrl: data.certUrl } : {}) } : data)
  // Compare as the browser serializes both, so only a real edit of the static copy counts.
  const expected = doc.createElement('template')
  expected.innerHTML = renderCredentialContent(shown, { ...data, downloads: false })
  const altered = expected.innerHTML !== content.innerHTML
  content.innerHTML = fresh
  markEndorsements(content, report)
  doc.getElementById('static-notice')?.remove()
  for (const c of report.checks) {
    const li = doc.createElement('li')
    li.textContent = `${c.status} · ${c.id}${c.code ? ` · ${c.code}` : ''} — ${c.message}`
    checks?.appendChild(li)
  }
  const { state, text, detail } = bannerOf(report, { altered, imageMismatch, statusLists: status.lists, statusUnavailable: status.unavailable })
  banner.className = state
  banner.textContent = text
  if (bannerDetail) bannerDetail.textContent = detail ? `Details: ${detail}` : ''
  if (statusLine) statusLine.textContent = statusLineOf(report.checks.find((c) => c.id === 'status'), checkedAt, status.source)
  return report
}
