import type { AnyObError, ObErrorCode } from '../errors.js'
import { obError } from '../internal/ob-error.js'
import type { OpenBadgeCredential } from '../credential/types.js'

/**
 * The checks, in the order the 1EdTech validator runs them; `issuer-trust` (only with a trust list)
 * and `jwt-claims` (only for a VC-JWT) are microcred's own.
 */
export type CheckId =
  | 'parse'
  | 'context'
  | 'jsonld'
  | 'type'
  | 'schema'
  | 'subject'
  | 'issuer'
  | 'proof'
  | 'jwt-claims'
  | 'key-binding'
  | 'issuer-trust'
  | 'validity'
  | 'status'
  | 'endorsements'

export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'warning'

export interface CheckResult {
  id: CheckId
  status: CheckStatus
  /** Set when the check failed or warns. */
  code?: ObErrorCode | WarningCode
  message: string
}

/** Codes of warnings: the credential is still verified. */
export type WarningCode =
  | 'WARN_OB_KEY_UNCONFIRMED'
  | 'WARN_OB_LEGACY_FORMAT'
  | 'WARN_OB_CONTEXT_VERSION'
  | 'WARN_OB_SINGLETON_ACCEPTED'
  | 'WARN_OB_JWT_CLAIM_MISSING'
  | 'WARN_OB_JWT_HEADER'
  | 'WARN_OB_RESULT_LINK'
  | 'WARN_OB_STATUS_UNCHECKED'
  | 'WARN_OB_STATUS_UNSIGNED'
  | 'WARN_OB_SCHEMA_NOT_CHECKED'
  | 'WARN_OB_ENDORSEMENT_UNVERIFIED'
  | 'WARN_OB_SUBJECT_UNIDENTIFIED'

/** Where the credential came from and how it is proved. */
export type BadgeFormat = 'data-integrity' | 'vc-jwt' | 'unknown'
export type BadgeContainer = 'object' | 'json' | 'jwt' | 'png' | 'svg' | 'unknown'

/** An endorsement verified along with the credential. */
export interface EndorsementReport {
  id: string | undefined
  /** Where it was embedded: `credential`, `achievement` or `issuer`. */
  embeddedIn: 'credential' | 'achievement' | 'issuer'
  endorser: string | undefined
  comment: string | undefined
  /**
   * The endorsement verified, names what it is embedded in, and its signing key is confirmed as the
   * endorser's — in conformance mode too: an endorsement is a trust claim, so a key that merely
   * claims the endorser never makes it verified.
   */
  verified: boolean
  /** Its signing key is confirmed as the endorser's (see `VerificationReport.issuerKeyConfirmed`). */
  issuerKeyConfirmed: boolean
  checks: CheckResult[]
}

interface ReportBase {
  format: BadgeFormat
  container: BadgeContainer
  /** The credential as read (the JWT payload's credential for VC-JWT); undefined when unreadable. */
  credential: OpenBadgeCredential | undefined
  issuer: { id: string; name?: string } | undefined
  /**
   * True only when the signing key is confirmed to belong to the issuer: the issuer's own did:key, a
   * key pinned by the caller, or a key the issuer's own DID document / profile lists under
   * `assertionMethod`. `verified` implies it, except in conformance mode (`acceptClaimedKey`), where a
   * verified credential with `false` here has an intact proof by a key that merely *claims* the issuer.
   */
  issuerKeyConfirmed: boolean
  /**
   * With a trust list (option `trust`): the list's entry for the issuer — its id and the list's name
   * for it, never the badge's own claim — when the `issuer-trust` check passed (the issuer is on the
   * list, accepts the achievement, and the signing key is confirmed as the issuer's). Absent otherwise.
   */
  trustedIssuer?: { id: string; name: string }
  checks: CheckResult[]
  endorsements: EndorsementReport[]
}

/** The outcome of `verifyBadge`: never thrown, always a report. */
export type VerificationReport = (ReportBase & { verified: true; errors: [] }) | (ReportBase & { verified: false; errors: AnyObError[] })

/** The first failed check, if any. */
export function firstFailure(report: Pick<ReportBase, 'checks'>): CheckResult | undefined {
  return report.checks.find((c) => c.status === 'failed')
}

/** Errors of every failed check, each an instance of its code's class (`instanceof ProofInvalid` holds). */
export function errorsOf(checks: readonly CheckResult[]): AnyObError[] {
  return checks
    .filter((c) => c.status === 'failed')
    .map((c) => obError((c.code as ObErrorCode | undefined) ?? 'ERR_OB_GENERIC', `${c.id}: ${c.message}`))
}
