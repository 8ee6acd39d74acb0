import type { CheckResult } from '../report.js'

export interface ValidityOptions {
  /** The verifier's clock. @default new Date() */
  now?: Date
  /** Tolerated clock difference, in seconds. @default 300 */
  maxClockSkew?: number
}

/** `validFrom` ≤ now ≤ `validUntil` (VCDM 1.1: `issuanceDate`/`expirationDate`), with skew. */
export function checkValidity(credential: Record<string, unknown>, { now = new Date(), maxClockSkew = 300 }: ValidityOptions): CheckResult {
  const from = credential.validFrom ?? credential.issuanceDate
  const until = credential.validUntil ?? credential.expirationDate
  const skew = maxClockSkew * 1000
  const at = now.toISOString()
  if (typeof from === 'string') {
    const t = Date.parse(from)
    if (Number.isNaN(t)) return { id: 'validity', status: 'failed', code: 'ERR_OB_SCHEMA_INVALID', message: `"validFrom" (${from}) is not a date` }
    if (t - skew > now.getTime())
      return { id: 'validity', status: 'failed', code: 'ERR_OB_CREDENTIAL_NOT_YET_VALID', message: `the current date time (${at}) is before "validFrom" (${from})` }
  }
  if (typeof until === 'string') {
    const t = Date.parse(until)
    if (Number.isNaN(t)) return { id: 'validity', status: 'failed', code: 'ERR_OB_SCHEMA_INVALID', message: `"validUntil" (${until}) is not a date` }
    if (t + skew < now.getTime())
      return { id: 'validity', status: 'failed', code: 'ERR_OB_CREDENTIAL_EXPIRED', message: `the credential expired: the current date time (${at}) is after "validUntil" (${until})` }
  }
  return { id: 'validity', status: 'passed', message: `valid at ${at}${typeof until === 'string' ? ` (until ${until})` : ''}` }
}
