import { type MicroCredentialTemplate, submissionPartIds } from './template.js'

/** Stable codes of template lint findings. */
export type LintCode =
  | 'competency-not-demonstrable'
  | 'part-not-scored'
  | 'criterion-scores-unknown-part'
  | 'research-missing'
  | 'research-no-url'
  | 'research-not-free'
  | 'research-outdated'
  | 'too-few-method-components'
  | 'too-many-method-components'
  | 'too-few-artifacts'
  | 'too-many-artifacts'
  | 'related-unresolved'
  | 'criterion-no-passing-level'
  | 'criterion-passes-everything'

export interface LintFinding {
  code: LintCode
  severity: 'error' | 'warning'
  /** JSON path into the template. */
  path: string
  message: string
}

export interface LintTemplateOptions {
  /** Research older than this many years (before `now`) is flagged. @default 10 */
  researchMaxAgeYears?: number
  /** The clock used for research recency. @default new Date() */
  now?: Date
  /** Granularity bounds on method components. @default { min: 2, max: 6 } */
  methodComponents?: { min: number; max: number }
  /** Granularity bounds on artifacts. @default { min: 1, max: 5 } */
  artifacts?: { min: number; max: number }
  /** Template ids known to exist; when given, `relatedCompetencies` must resolve in it. */
  catalog?: Iterable<string>
}

export interface LintTemplateResult {
  /** True when no finding is an error. */
  ok: boolean
  findings: LintFinding[]
}

/**
 * Checks a parsed template against Digital Promise's "five key questions" of a good
 * micro-credential: one demonstrable competency, research-backed method, every submission part
 * scored, sensible granularity, and a passing level for every criterion.
 * @example
 * const { ok, findings } = lintTemplate(template, { catalog: templates.map((t) => t.id) })
 */
export function lintTemplate(
  template: MicroCredentialTemplate,
  {
    researchMaxAgeYears = 10,
    now = new Date(),
    methodComponents = { min: 2, max: 6 },
    artifacts = { min: 1, max: 5 },
    catalog,
  }: LintTemplateOptions = {},
): LintTemplateResult {
  const findings: LintFinding[] = []
  const add = (code: LintCode, severity: LintFinding['severity'], path: string, message: string) =>
    findings.push({ code, severity, path, message })
  const { criteria } = template.rubric

  // 1. One discrete, demonstrable skill: a required artifact and a criterion that scores it.
  const requiredArtifacts = template.submission.artifacts.filter((a) => a.required)
  const scoredParts = new Set(criteria.flatMap((c) => c.parts))
  if (!requiredArtifacts.some((a) => scoredParts.has(a.id)))
    add(
      'competency-not-demonstrable',
      'error',
      '/submission/artifacts',
      'no required artifact is scored by a rubric criterion, so the competency is never demonstrated',
    )

  // 2. Every part scored, every criterion scoring a real part.
  const parts = submissionPartIds(template)
  for (const part of parts)
    if (!scoredParts.has(part)) add('part-not-scored', 'error', partPath(template, part), `submission part "${part}" is not scored by any rubric criterion`)
  const known = new Set(parts)
  criteria.forEach((criterion, i) => {
    criterion.parts.forEach((part, j) => {
      if (!known.has(part))
        add('criterion-scores-unknown-part', 'error', `/rubric/criteria/${i}/parts/${j}`, `criterion "${criterion.id}" scores "${part}", which is not a submission part`)
    })
  })

  // 3. Research: cited with a URL, free online, current.
  if (template.research.length === 0) add('research-missing', 'error', '/research', 'no supporting research is cited')
  const oldest = now.getUTCFullYear() - researchMaxAgeYears
  template.research.forEach((r, i) => {
    const at = `/research/${i}`
    if (!r.url) add('research-no-url', 'error', at, `"${r.citation}" has no URL`)
    if (!r.freeOnline) add('research-not-free', 'warning', `${at}/freeOnline`, `"${r.citation}" is not free online`)
    if (r.year < oldest)
      add('research-outdated', 'warning', `${at}/year`, `"${r.citation}" (${r.year}) is older than ${researchMaxAgeYears} years`)
  })

  // 4. Granularity.
  const nComponents = template.methodComponents.length
  if (nComponents < methodComponents.min)
    add('too-few-method-components', 'warning', '/methodComponents', `${nComponents} method component(s); at least ${methodComponents.min} expected`)
  if (nComponents > methodComponents.max)
    add('too-many-method-components', 'warning', '/methodComponents', `${nComponents} method components; at most ${methodComponents.max} keep it one competency`)
  const nArtifacts = template.submission.artifacts.length
  if (nArtifacts < artifacts.min)
    add('too-few-artifacts', 'warning', '/submission/artifacts', `${nArtifacts} artifact(s); at least ${artifacts.min} expected`)
  if (nArtifacts > artifacts.max)
    add('too-many-artifacts', 'warning', '/submission/artifacts', `${nArtifacts} artifacts; at most ${artifacts.max} keep it one competency`)

  // 5. Related competencies resolve.
  if (catalog) {
    const ids = new Set(catalog)
    template.relatedCompetencies.forEach((id, i) => {
      if (!ids.has(id)) add('related-unresolved', 'error', `/relatedCompetencies/${i}`, `"${id}" is not in the catalog`)
    })
  }

  // Every criterion has a passing level that is not the lowest (otherwise it scores nothing).
  criteria.forEach((criterion, i) => {
    const index = criterion.levels.findIndex((l) => l.id === criterion.requiredLevel)
    if (index < 0)
      add('criterion-no-passing-level', 'error', `/rubric/criteria/${i}/requiredLevel`, `"${criterion.requiredLevel}" is not a level of "${criterion.id}"`)
    else if (index === 0)
      add('criterion-passes-everything', 'warning', `/rubric/criteria/${i}/requiredLevel`, `the lowest level passes "${criterion.id}", so it cannot fail`)
  })

  return { ok: !findings.some((f) => f.severity === 'error'), findings }
}

function partPath(template: MicroCredentialTemplate, part: string): string {
  const q = template.submission.overviewQuestions.findIndex((x) => x.id === part)
  if (q >= 0) return `/submission/overviewQuestions/${q}`
  const a = template.submission.artifacts.findIndex((x) => x.id === part)
  if (a >= 0) return `/submission/artifacts/${a}`
  return '/submission/reflection'
}
