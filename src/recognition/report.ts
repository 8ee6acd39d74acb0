import { stringify } from 'csv-stringify/sync'
import { evaluatePathway, type Pathway } from '../model/pathway.js'
import type { BadgeInput } from '../verify/parse-input.js'
import type { TrustList } from '../verify/trust-list.js'
import type { VerifyBadgeOptions } from '../verify/verify-badge.js'
import { badgeNamer, type CountingBadge, countingBadges, type ExcludedBadge, excludedAt, keepLatest } from './counting-badges.js'
import { type EducatorIdentity, type EducatorMatch, educatorMatcher, parseEducators } from './educators.js'

/** A recognition rule, e.g. "each MicroCredential counts 15 PD hours", "a completed pathway counts one salary step". */
export type RecognitionRule =
  | { kind: 'pd-hours'; achievementType?: string; hours?: number; useCreditsEarned?: boolean }
  | { kind: 'salary-step'; pathway: Pathway; steps: number }

export interface RecognitionRow {
  /** The educator's name in the recognizer's list, or the badges' subject id. */
  educator: string
  district: string
  /** The trust list's names of the issuers whose badges count for this educator. */
  organisations: string[]
  microCredentials: number
  pdHours: number
  salarySteps: number
  achievements: string[]
  /** The ids of the credentials that count. */
  credentials: string[]
}

export interface RecognitionReport {
  educators: RecognitionRow[]
  districts: { district: string; educators: number; microCredentials: number; pdHours: number; salarySteps: number }[]
  /** Every badge that does not count, with its reason code (not verified, untrusted, unmatched, duplicate…). */
  excluded: ExcludedBadge[]
}

export interface RecognitionReportOptions {
  /** The recognizer's approved issuers (`parseTrustList`): badges from anyone else count for nothing. */
  trust: TrustList
  /** The educators the recognizer knows (`parseEducators`); needed to tie badges that carry only a hashed email. @default [] */
  educators?: readonly EducatorIdentity[]
  verifyOptions?: VerifyBadgeOptions
  /** How reasons name the badges, by position (e.g. their file paths). @default "badge #N", counting from 1 */
  badgeNames?: readonly string[]
  /** The educator's district. @default the trust list's name of the issuer of their first counted badge */
  districtOf?: (educator: string, organisation: string) => string
}

/**
 * Evaluates recognition rules into a per-educator and per-district report. A badge counts when it
 * verifies (unrevoked, unexpired) with a confirmed issuer key, its issuer is on the trust list
 * and accepts its achievement, and it is tied to one educator (subject id, or a supplied email
 * matching its hashed identifier). Credit counts once per educator and achievement: copies of a
 * credential in other containers and earlier versions of a re-issued one are listed, not counted.
 * @example
 * const report = await recognitionReport(badges, [{ kind: 'pd-hours', achievementType: 'MicroCredential', hours: 15 }], {
 *   trust: parseTrustList(JSON.parse(trustJson)),
 *   educators: [{ name: 'Ana Rivera', emails: ['ana.rivera@example.org'] }],
 *   verifyOptions: { statusLists },
 * })
 */
export async function recognitionReport(badges: readonly BadgeInput[], rules: readonly RecognitionRule[], options: RecognitionReportOptions): Promise<RecognitionReport> {
  const { trust, verifyOptions = {}, districtOf } = options
  const match = educatorMatcher(parseEducators(options.educators ?? []))
  const { counting, excluded } = await countingBadges(badges, { trust, ...(verifyOptions && { verifyOptions }), ...(options.badgeNames && { badgeNames: options.badgeNames }) })

  const matches = new Map<CountingBadge, EducatorMatch>()
  for (const badge of counting) matches.set(badge, await match(badge.credentialSubject))
  // A subject id that a badge ties to one listed educator (by a supplied email) is theirs on their
  // id-only badges too: otherwise one educator's credit splits into two rows and counts twice.
  const idOwners = new Map<string, Set<EducatorIdentity>>()
  for (const [badge, found] of matches) {
    const id = badge.credentialSubject.id
    if (found.kind === 'listed' && typeof id === 'string') idOwners.set(id, (idOwners.get(id) ?? new Set()).add(found.educator))
  }
  const educatorOf = new Map<CountingBadge, { key: string; name: string }>()
  for (const badge of counting) {
    let found = matches.get(badge)!
    const owners = found.kind === 'subject-id' ? idOwners.get(found.id) : undefined
    if (owners?.size === 1) found = { kind: 'listed', educator: [...owners][0]! }
    if (found.kind === 'unmatched') excluded.push({ ...excludedAt(badge), code: 'ERR_OB_RECIPIENT_UNMATCHED', reason: `cannot be tied to one educator: ${found.message}` })
    else educatorOf.set(badge, found.kind === 'listed' ? { key: `listed\n${found.educator.name}`, name: found.educator.name } : { key: `id\n${found.id}`, name: found.id })
  }
  const tied = counting.filter((b) => educatorOf.has(b))
  const { kept, superseded } = keepLatest(
    tied,
    (b) => `${educatorOf.get(b)!.key}\n${b.achievementId}`,
    (b) => educatorOf.get(b)!.name,
    badgeNamer(options.badgeNames),
  )
  excluded.push(...superseded)

  const byEducator = new Map<string, { row: RecognitionRow; achievementIds: string[] }>()
  for (const badge of kept) {
    const { key, name } = educatorOf.get(badge)!
    const entry = byEducator.get(key) ?? {
      row: { educator: name, district: districtOf?.(name, badge.organisation) ?? badge.organisation, organisations: [], microCredentials: 0, pdHours: 0, salarySteps: 0, achievements: [], credentials: [] },
      achievementIds: [],
    }
    const { row } = entry
    entry.achievementIds.push(badge.achievementId)
    row.achievements.push(badge.achievementName)
    row.credentials.push(badge.credentialId)
    if (!row.organisations.includes(badge.organisation)) row.organisations.push(badge.organisation)
    if (badge.achievementType === 'MicroCredential') row.microCredentials++
    for (const rule of rules) {
      if (rule.kind !== 'pd-hours') continue
      if (rule.achievementType && badge.achievementType !== rule.achievementType) continue
      row.pdHours += rule.useCreditsEarned && badge.creditsEarned !== undefined ? badge.creditsEarned : (rule.hours ?? 0)
    }
    byEducator.set(key, entry)
  }
  for (const { row, achievementIds } of byEducator.values())
    for (const rule of rules) if (rule.kind === 'salary-step' && evaluatePathway(rule.pathway, achievementIds).complete) row.salarySteps += rule.steps

  const educators = [...byEducator.values()].map((e) => e.row).sort((a, b) => a.district.localeCompare(b.district) || a.educator.localeCompare(b.educator))
  const districts = new Map<string, RecognitionReport['districts'][number]>()
  for (const row of educators) {
    const d = districts.get(row.district) ?? { district: row.district, educators: 0, microCredentials: 0, pdHours: 0, salarySteps: 0 }
    d.educators++
    d.microCredentials += row.microCredentials
    d.pdHours += row.pdHours
    d.salarySteps += row.salarySteps
    districts.set(row.district, d)
  }
  return { educators, districts: [...districts.values()], excluded: excluded.sort((a, b) => a.index - b.index) }
}

/** Cells a spreadsheet would run as a formula (OWASP CSV injection): `=`, `+`, `-`, `@`, tab, CR. */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * The per-educator rows as CSV that is safe to open: RFC 4180 quoting (including a bare `\r`)
 * by csv-stringify, and every text cell that a spreadsheet would run as a formula prefixed with `'`.
 * @example
 * await writeFile('recognition.csv', recognitionCsv(report))
 */
export function recognitionCsv(report: RecognitionReport): string {
  return stringify(
    report.educators.map((r) => [r.educator, r.district, r.microCredentials, r.pdHours, r.salarySteps, r.achievements.join('; ')]),
    {
      header: true,
      columns: ['educator', 'district', 'micro_credentials', 'pd_hours', 'salary_steps', 'achievements'],
      cast: { string: (value) => (FORMULA_START.test(value) ? `'${value}` : value) },
    },
  )
}
