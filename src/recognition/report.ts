import { checkPathway } from './pathway-credential.js'
import type { Pathway } from '../model/pathway.js'
import type { BadgeInput } from '../verify/parse-input.js'
import { type VerifyBadgeOptions, verifyBadge } from '../verify/verify-badge.js'

/** A recognition rule, e.g. "each MicroCredential counts 15 PD hours", "a completed pathway counts one salary step". */
export type RecognitionRule =
  | { kind: 'pd-hours'; achievementType?: string; hours?: number; useCreditsEarned?: boolean }
  | { kind: 'salary-step'; pathway: Pathway; steps: number }

export interface RecognitionRow {
  educator: string
  district: string
  microCredentials: number
  pdHours: number
  salarySteps: number
  achievements: string[]
}

export interface RecognitionReport {
  educators: RecognitionRow[]
  districts: { district: string; educators: number; microCredentials: number; pdHours: number; salarySteps: number }[]
  /** Badges left out, and why (not verified, revoked, expired…). */
  excluded: { credentialId: string | undefined; reason: string }[]
}

/**
 * Evaluates recognition rules over badges, counting only verified, unrevoked, unexpired ones,
 * into a per-educator and per-district report. The district defaults to the issuer's name.
 */
export async function recognitionReport(
  badges: readonly BadgeInput[],
  rules: readonly RecognitionRule[],
  { verifyOptions = {}, districtOf }: { verifyOptions?: VerifyBadgeOptions; districtOf?: (educator: string, issuerName: string) => string } = {},
): Promise<RecognitionReport> {
  const byEducator = new Map<string, RecognitionRow & { badges: BadgeInput[] }>()
  const excluded: RecognitionReport['excluded'] = []
  for (const badge of badges) {
    const report = await verifyBadge(badge, verifyOptions)
    const credential = report.credential
    if (!report.verified || !credential) {
      const failure = report.checks.find((c) => c.status === 'failed')
      excluded.push({ credentialId: credential?.id, reason: failure ? `${failure.id}: ${failure.code}` : 'not verified' })
      continue
    }
    const subject = credential.credentialSubject
    const educator = subject.id ?? subject.identifier?.[0]?.identityHash ?? 'unknown'
    const issuerName = credential.issuer.name ?? credential.issuer.id
    const row = byEducator.get(educator) ?? {
      educator,
      district: districtOf?.(educator, issuerName) ?? issuerName,
      microCredentials: 0,
      pdHours: 0,
      salarySteps: 0,
      achievements: [],
      badges: [],
    }
    row.badges.push(badge)
    row.achievements.push(subject.achievement.name)
    if (subject.achievement.achievementType === 'MicroCredential') row.microCredentials++
    for (const rule of rules) {
      if (rule.kind !== 'pd-hours') continue
      if (rule.achievementType && subject.achievement.achievementType !== rule.achievementType) continue
      row.pdHours += rule.useCreditsEarned && typeof subject.creditsEarned === 'number' ? subject.creditsEarned : (rule.hours ?? 0)
    }
    byEducator.set(educator, row)
  }
  for (const row of byEducator.values())
    for (const rule of rules)
      if (rule.kind === 'salary-step' && (await checkPathway(rule.pathway, row.badges, verifyOptions)).progress.complete) row.salarySteps += rule.steps

  const educators = [...byEducator.values()].map(({ badges: _badges, ...row }) => row).sort((a, b) => a.district.localeCompare(b.district) || a.educator.localeCompare(b.educator))
  const districts = new Map<string, RecognitionReport['districts'][number]>()
  for (const row of educators) {
    const d = districts.get(row.district) ?? { district: row.district, educators: 0, microCredentials: 0, pdHours: 0, salarySteps: 0 }
    d.educators++
    d.microCredentials += row.microCredentials
    d.pdHours += row.pdHours
    d.salarySteps += row.salarySteps
    districts.set(row.district, d)
  }
  return { educators, districts: [...districts.values()], excluded }
}

/** The per-educator rows as CSV (RFC 4180 quoting). */
export function recognitionCsv(report: RecognitionReport): string {
  const quote = (v: unknown) => {
    const s = String(v)
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const lines = [['educator', 'district', 'micro_credentials', 'pd_hours', 'salary_steps', 'achievements'].join(',')]
  for (const r of report.educators) lines.push([r.educator, r.district, r.microCredentials, r.pdHours, r.salarySteps, r.achievements.join('; ')].map(quote).join(','))
  return `${lines.join('\n')}\n`
}
