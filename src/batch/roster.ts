import { parse } from 'csv-parse/sync'
import { ValidationError, type ValidationProblem } from '../errors.js'

/** One row of a batch roster (CSV with a header line). */
export interface RosterRow {
  /** 1-based line number of the row in the file (after the header). */
  row: number
  name: string
  email?: string
  did?: string
  /** Path of the template JSON, relative to the roster. */
  template: string
  /** Path of an assessment (submission + reviews) JSON, relative to the roster. */
  award?: string
  /** The issuer of record attests the award directly (no reviews in the file). */
  awarded: boolean
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'x'])

/**
 * Parses a roster: columns `name`, `email` and/or `did`, `template`, and `award` (an assessment
 * file) or `awarded` (true/yes/1). Throws `ERR_OB_INPUT_INVALID` listing every bad row.
 * @example
 * const rows = parseRoster('name,email,template,awarded\nAna,ana@x.org,gestures.json,yes\n')
 */
export function parseRoster(csv: string): RosterRow[] {
  let records: Record<string, string>[]
  try {
    records = parse(csv, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true })
  } catch (cause) {
    throw new ValidationError('ERR_OB_INPUT_INVALID', 'roster', [{ path: '', message: (cause as Error).message }], { cause })
  }
  const problems: ValidationProblem[] = []
  const rows = records.map((r, i): RosterRow => {
    const at = `/${i + 1}`
    if (!r.name) problems.push({ path: `${at}/name`, message: 'is required' })
    if (!r.email && !r.did) problems.push({ path: `${at}/email`, message: 'give an email or a did' })
    if (r.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(r.email)) problems.push({ path: `${at}/email`, message: `"${r.email}" is not an email address` })
    if (r.did && !/^(did:[a-z0-9]+:|https:\/\/)/.test(r.did)) problems.push({ path: `${at}/did`, message: `"${r.did}" is not a DID or https URL` })
    if (!r.template) problems.push({ path: `${at}/template`, message: 'is required' })
    const awarded = TRUE.has((r.awarded ?? '').toLowerCase())
    if (!r.award && !awarded) problems.push({ path: `${at}/award`, message: 'give an assessment file in "award" or set "awarded" to yes' })
    return {
      row: i + 1,
      name: r.name ?? '',
      template: r.template ?? '',
      awarded,
      ...(r.email ? { email: r.email } : {}),
      ...(r.did ? { did: r.did } : {}),
      ...(r.award ? { award: r.award } : {}),
    }
  })
  if (problems.length > 0) throw new ValidationError('ERR_OB_INPUT_INVALID', 'roster', problems)
  return rows
}
