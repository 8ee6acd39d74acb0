// What a credential page's banner says about a verification report, in words a reader understands,
// with the check and its code kept in a details line. Green only for a verified badge whose issuer key
// is confirmed; amber for an authentic badge with something unconfirmed (the issuer's key, or its
// revocation status); red for a real failure (revoked, altered, expired, forged…). The verdict itself
// is verifyBadge's, which fails closed: this only decides how a report is shown.
import { asArray, isRecord } from '../internal/ids.js'
import type { CheckResult, VerificationReport } from '../verify/report.js'
import { statusListUrls, validFromOf } from './page-status.js'

/**
 * The banner's state: green (`verified`), amber (`unconfirmed`: the issuer's key is not confirmed;
 * `status-unknown`: authentic, but whether it was revoked could not be checked), or red (`failed`).
 */
export type BannerState = 'verified' | 'unconfirmed' | 'status-unknown' | 'failed'

export interface Banner {
  state: BannerState
  /** The headline, in plain words. */
  text: string
  /** The check(s) behind it, with their codes (empty when verified). */
  detail: string
}

export interface PageFindings {
  /** The page's static text differs from what the credential renders to. */
  altered?: boolean
  /** The badge image carries another credential (or none). */
  imageMismatch?: boolean
  /** The status lists the verifier was given, by URL (their dates go into the words). */
  statusLists?: ReadonlyMap<string, unknown>
  /** Why the page has no status list for a URL the credential names (it was not fetched, or failed to be). */
  statusUnavailable?: ReadonlyMap<string, string>
}

/** Status outcomes that are facts about the badge; any other status failure means "could not be checked". */
const STATUS_FOUND = new Set(['ERR_OB_STATUS_REVOKED', 'ERR_OB_STATUS_SUSPENDED'])

/** A status check that failed because the status could not be determined (not because it was revoked). */
export function isStatusUnknown(check: CheckResult | undefined): boolean {
  return check?.id === 'status' && check.status === 'failed' && !STATUS_FOUND.has(check.code ?? '')
}

const detailOf = (checks: readonly (CheckResult | undefined)[]) =>
  checks
    .filter((c): c is CheckResult => c !== undefined)
    .map((c) => `${c.id}${c.code ? ` · ${c.code}` : ''} — ${c.message}`)
    .join('\n')

/**
 * The banner for a report. "Verified" needs a verified report with a confirmed issuer key; a key
 * that is only claimed, or a status that could not be checked, is amber with the reason; anything
 * else is red, in words, with the failed check and its code in `detail`.
 */
export function bannerOf(report: VerificationReport, findings: PageFindings = {}): Banner {
  if (findings.altered) return { state: 'failed', text: 'Not verified — the text of this page was changed after it was made; shown below is what the signed credential says', detail: '' }
  if (findings.imageMismatch) return { state: 'failed', text: 'Not verified — the badge image on this page carries a different credential', detail: '' }
  const failed = report.checks.filter((c) => c.status === 'failed')
  const keyBinding = report.checks.find((c) => c.id === 'key-binding')
  const keyUnconfirmed = failed.find((c) => c.id === 'key-binding' && (c.code as string | undefined) === 'ERR_OB_KEY_UNCONFIRMED')
  const statusUnknown = failed.find(isStatusUnknown)
  const realFailure = failed.find((c) => c !== keyUnconfirmed && c !== statusUnknown)
  if (realFailure) return { state: 'failed', text: failureText(realFailure, report.credential, findings), detail: detailOf([realFailure]) }
  const unknownStatus = statusUnknown ? statusUnknownReason(statusUnknown, report.credential, findings) : undefined
  if (keyUnconfirmed || (report.verified && !report.issuerKeyConfirmed)) {
    const text = `Signature intact, issuer not confirmed — this page cannot confirm that the key that signed it belongs to ${issuerOf(report)}; a verifier that looks up the issuer's published keys can`
    return { state: 'unconfirmed', text: unknownStatus ? `${text}. Revocation status could not be checked either: ${unknownStatus}` : text, detail: detailOf([keyBinding, statusUnknown]) }
  }
  if (unknownStatus) return { state: 'status-unknown', text: `Signature and issuer check out; revocation status could not be checked: ${unknownStatus}`, detail: detailOf([statusUnknown]) }
  if (report.verified) return { state: 'verified', text: 'Verified', detail: '' }
  return { state: 'failed', text: 'Not verified', detail: '' }
}

const issuerOf = ({ issuer }: VerificationReport) => (issuer ? (issuer.name ? `${issuer.name} (${issuer.id})` : issuer.id) : 'the issuer')

const day = (time: number) => new Date(time).toISOString().slice(0, 10)

/** Why the status could not be checked, for the reader (the verifier's message stays in the details). */
function statusUnknownReason(check: CheckResult, credential: unknown, { statusLists, statusUnavailable }: PageFindings): string {
  const urls = statusListUrls(credential)
  const missing = urls.find((url) => !statusLists?.has(url))
  const list = statusLists?.get(urls.find((url) => statusLists.has(url)) ?? '')
  switch (check.code) {
    case 'ERR_OB_STATUS_LIST_EXPIRED': {
      const until = isRecord(list) && typeof list.validUntil === 'string' ? Date.parse(list.validUntil) : Number.NaN
      return `the issuer's status list available to this page ${Number.isNaN(until) ? 'has expired' : `expired on ${day(until)}`}, so it no longer says whether the badge was revoked`
    }
    case 'ERR_OB_STATUS_LIST_NOT_YET_VALID':
      return "the issuer's status list is dated in the future; check this device's clock"
    case 'ERR_OB_STATUS_LIST_INVALID':
    case 'ERR_OB_STATUS_LIST_TOO_LARGE':
      return "the status list this page found is not one to trust (see the details)"
  }
  if (missing !== undefined) {
    const why = statusUnavailable?.get(missing)
    return why ? `${why}, and this page carries no copy of it` : "this page carries no copy of the issuer's status list and may not fetch one"
  }
  return "this page cannot read the badge's kind of status entry (see the details)"
}

/** The red banner's words for a failed check. */
function failureText(check: CheckResult, credential: VerificationReport['credential'], { statusLists }: PageFindings): string {
  if (check.id === 'status') return statusFoundText(check, credential, statusLists)
  return `Not verified — ${FAILURE_BY_CODE[check.code ?? ''] ?? FAILURE_BY_CHECK[check.id] ?? 'it is not a well-formed Open Badges 3.0 credential'}`
}

const FAILURE_BY_CODE: Record<string, string> = {
  ERR_OB_CREDENTIAL_EXPIRED: 'the badge has expired',
  ERR_OB_CREDENTIAL_NOT_YET_VALID: 'the badge is not valid yet',
  ERR_OB_PROOF_MISSING: 'the credential is not signed',
  ERR_OB_PROOF_CREATED_IN_FUTURE: 'its signature is dated in the future',
  ERR_OB_KEY_NOT_ISSUER: 'it was signed with a key that is not the issuer’s',
  ERR_OB_URI_UNSAFE: 'it contains an address that is not a web link, which a page must not follow',
}

const FAILURE_BY_CHECK: Partial<Record<CheckResult['id'], string>> = {
  parse: 'this page does not hold a readable credential',
  proof: 'its signature does not match: the credential was changed after it was signed, or the signature is not valid',
  'jwt-claims': 'its signed envelope does not match the credential inside',
  'key-binding': 'nothing binds the signing key to the issuer',
  endorsements: 'an endorsement it carries does not verify',
}

/** "Revoked by the issuer…" / "Suspended by the issuer…": what the issuer's list says, and as of when. */
function statusFoundText(check: CheckResult, credential: unknown, statusLists: ReadonlyMap<string, unknown> | undefined): string {
  const verb = check.code === 'ERR_OB_STATUS_SUSPENDED' ? 'Suspended' : 'Revoked'
  const { reason, asOf } = statusFacts(credential, statusLists)
  const recorded = asOf === undefined ? '' : ` (recorded in their status list of ${day(asOf)})`
  const why = reason ? `: ${reason}` : ''
  const consequence = verb === 'Suspended' ? 'It is not valid while suspended.' : 'It is no longer valid.'
  return `${verb} by the issuer${why}${recorded}. ${consequence}${reason ? '' : ' The status list does not say why; ask the issuer.'}`
}

/** The reason (a 1EdTech revocation list carries one; a Bitstring list never does) and the list's date. */
function statusFacts(credential: unknown, statusLists: ReadonlyMap<string, unknown> | undefined): { reason?: string; asOf?: number } {
  const id = isRecord(credential) ? credential.id : undefined
  for (const url of statusListUrls(credential)) {
    const list = statusLists?.get(url)
    if (!isRecord(list)) continue
    const revoked = asArray(list.revokedCredential)
      .filter(isRecord)
      .find((r) => r.id === id && r.revoked !== false)
    const reason = typeof revoked?.revocationReason === 'string' && revoked.revocationReason.trim() ? revoked.revocationReason.trim() : undefined
    const asOf = validFromOf(list)
    return { ...(reason ? { reason } : {}), ...(Number.isFinite(asOf) ? { asOf } : {}) }
  }
  return {}
}

/** Where the status list behind a status line came from. */
export type StatusSource = 'live' | 'embedded'

/** The status line: what the status check found, from which list, and when it was checked. */
export function statusLineOf(status: CheckResult | undefined, checkedAt: Date, source?: StatusSource): string {
  if (!status || (status.status === 'skipped' && status.message === 'no credentialStatus')) return 'This badge carries no revocation status.'
  const checked = `checked ${checkedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`
  if (isStatusUnknown(status)) return `Status: could not be checked — ${checked}`
  // The banner says what was found, the details line the verifier's words.
  if (status.status === 'failed') return `Status: ${status.code === 'ERR_OB_STATUS_SUSPENDED' ? 'suspended' : 'revoked'} — ${checked}`
  const from = status.status === 'passed' && source ? (source === 'live' ? ', read from the issuer just now' : ', from the copy of the list saved in this page') : ''
  return `Status: ${status.message}${from} — ${checked}`
}
