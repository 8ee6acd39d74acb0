// What a credential page does in the reader's browser (bundled into the browser verifier): verify the
// embedded credential, then show only what that credential says, with a banner that is green only
// when the badge verified, its issuer's key is confirmed, and the page was not altered.
import { canonicalJson } from '../internal/canonical-json.js'
import type { CheckResult, VerificationReport } from '../verify/report.js'
import { verifyBadge } from '../verify/verify-badge.js'
import { type CredentialPageData, renderCredentialContent } from './page-content.js'

/** The banner's state: green, amber (intact but the issuer is not confirmed), or red. */
export type BannerState = 'verified' | 'unconfirmed' | 'failed'

export interface PageFindings {
  /** The page's static text differs from what the credential renders to. */
  altered?: boolean
  /** The badge image carries another credential (or none). */
  imageMismatch?: boolean
}

/**
 * The banner for a report. "Verified" needs a verified report with a confirmed issuer key; a key that
 * is only claimed is amber, with the reason; anything else is red, naming the failed check.
 */
export function bannerOf(report: VerificationReport, { altered = false, imageMismatch = false }: PageFindings = {}): { state: BannerState; text: string } {
  if (altered) return { state: 'failed', text: 'Not verified — the text of this page was changed after it was made; shown below is what the signed credential says' }
  if (imageMismatch) return { state: 'failed', text: 'Not verified — the badge image on this page carries a different credential' }
  const failed = report.checks.filter((c) => c.status === 'failed')
  const keyBinding = report.checks.find((c) => c.id === 'key-binding')
  const onlyUnconfirmed = failed.length > 0 && failed.every((c) => c.id === 'key-binding' && (c.code as string | undefined) === 'ERR_OB_KEY_UNCONFIRMED')
  if ((report.verified && !report.issuerKeyConfirmed) || onlyUnconfirmed)
    return { state: 'unconfirmed', text: `Signature intact, issuer not confirmed — ${keyBinding?.message ?? 'the signing key is not confirmed as the issuer’s'}` }
  if (report.verified) return { state: 'verified', text: 'Verified' }
  const first = failed[0]
  return { state: 'failed', text: first ? `Not verified — ${first.id}: ${first.code ? `${first.code}: ` : ''}${first.message}` : 'Not verified' }
}

/** The status line: what the status check found and when it was checked. */
export function statusLineOf(status: CheckResult | undefined, checkedAt: Date): string {
  if (!status || (status.status === 'skipped' && status.message === 'no credentialStatus')) return 'This badge carries no revocation status.'
  return `Status: ${status.message} — checked ${checkedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`
}

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
function pageData(doc: Document, content: HTMLElement): CredentialPageData {
  const { imageInContent, ...data } = (readJson(doc, 'page-data') ?? {}) as CredentialPageData & { imageInContent?: boolean }
  const image = imageInContent ? content.querySelector('img')?.getAttribute('src') : undefined
  return image ? { ...data, image } : data
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
 * Verifies the credential embedded in a page made by `renderCredentialPage` and renders the page
 * from it: banner, status line (as of when it was checked), checks and content.
 * @example
 * await microcred.mountCredentialPage(document)
 */
export async function mountCredentialPage(doc: Document): Promise<VerificationReport> {
  const banner = doc.getElementById('status')!
  const statusLine = doc.getElementById('status-line')
  const content = doc.getElementById('content')!
  const checks = doc.getElementById('checks')
  const credential = readJson(doc, 'credential')
  const data = pageData(doc, content)
  const statusLists = new Map(Object.entries((readJson(doc, 'status-lists') ?? {}) as Record<string, unknown>))
  const checkedAt = new Date()
  const report = await verifyBadge(credential as Record<string, unknown>, { statusLists, now: checkedAt })
  const shown = report.credential ?? credential
  const imageMismatch = data.image !== undefined && !(await imageCarries(data.image, shown))
  const fresh = renderCredentialContent(shown, imageMismatch ? { ...(data.certUrl ? { certUrl: data.certUrl } : {}) } : data)
  // Compare as the browser serializes both, so only a real edit of the static copy counts.
  const expected = doc.createElement('template')
  expected.innerHTML = renderCredentialContent(shown, data)
  const altered = expected.innerHTML !== content.innerHTML
  content.innerHTML = fresh
  markEndorsements(content, report)
  doc.getElementById('static-notice')?.remove()
  for (const c of report.checks) {
    const li = doc.createElement('li')
    li.textContent = `${c.status} · ${c.id}${c.code ? ` · ${c.code}` : ''} — ${c.message}`
    checks?.appendChild(li)
  }
  const { state, text } = bannerOf(report, { altered, imageMismatch })
  banner.className = state
  banner.textContent = text
  if (statusLine) statusLine.textContent = statusLineOf(report.checks.find((c) => c.id === 'status'), checkedAt)
  return report
}
