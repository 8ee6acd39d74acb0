import { ValidationError, type ValidationProblem } from '../errors.js'
import type { Submission } from '../model/submission.js'
import { type MicroCredentialTemplate, REFLECTION_PART_ID } from '../model/template.js'

/** A part of the submission guidelines that the submission leaves out. */
export interface MissingPart {
  partId: string
  kind: 'overview-question' | 'artifact' | 'reflection'
  /** The question's prompt, the artifact's name, or "Reflection". */
  name: string
}

/** Whether a submission holds everything its template's guidelines require. */
export type CompletenessResult = { complete: true } | { complete: false; missing: MissingPart[]; message: string }

/**
 * Checks a submission against its template's submission guidelines before any scoring: every
 * overview question answered, every required artifact present, the reflection where required.
 * Blank answers count as missing. An incomplete submission goes back to the educator and uses no attempt.
 * @example
 * const check = checkCompleteness(template, submission)
 * if (!check.complete) console.log(check.message)
 */
export function checkCompleteness(template: MicroCredentialTemplate, submission: Submission): CompletenessResult {
  const { overviewQuestions, artifacts, reflection } = template.submission
  const answered = new Set(submission.overviewAnswers.filter((a) => a.answer.trim()).map((a) => a.questionId))
  const evidenced = new Set(submission.evidence.map((e) => e.partId))
  const missing: MissingPart[] = [
    ...overviewQuestions.filter((q) => !answered.has(q.id)).map((q) => ({ partId: q.id, kind: 'overview-question' as const, name: q.prompt })),
    ...artifacts.filter((a) => a.required && !evidenced.has(a.id)).map((a) => ({ partId: a.id, kind: 'artifact' as const, name: a.name })),
    ...(reflection?.required && !submission.reflection?.trim()
      ? [{ partId: REFLECTION_PART_ID, kind: 'reflection' as const, name: 'Reflection' }]
      : []),
  ]
  if (missing.length === 0) return { complete: true }
  const label = { 'overview-question': 'Answer the overview question', artifact: 'Add the artifact', reflection: 'Add the reflection' } as const
  const message = [
    `Your submission is not complete yet, so it has not been scored and this attempt (${submission.attempt}) is not used up. Please add:`,
    ...missing.map((m) => `  - ${label[m.kind]}: ${m.kind === 'reflection' ? (reflection?.prompt ?? m.name) : m.name}`),
  ].join('\n')
  return { complete: false, missing, message }
}

/**
 * Checks that a submission belongs to the template: same template id and (when the submission names
 * one) version, answers and evidence only for the template's own parts, each question answered once.
 * Throws `ERR_OB_SUBMISSION_INVALID` listing every problem.
 */
export function assertSubmissionFits(template: MicroCredentialTemplate, submission: Submission): void {
  const problems: ValidationProblem[] = []
  if (submission.templateId !== template.id)
    problems.push({ path: '/templateId', message: `"${submission.templateId}" is not the template "${template.id}"` })
  if (submission.templateVersion !== undefined && submission.templateVersion !== template.version)
    problems.push({ path: '/templateVersion', message: `"${submission.templateVersion}" is not the template's version "${template.version}"` })
  const questions = new Set(template.submission.overviewQuestions.map((q) => q.id))
  const seen = new Set<string>()
  submission.overviewAnswers.forEach((a, i) => {
    if (!questions.has(a.questionId)) problems.push({ path: `/overviewAnswers/${i}/questionId`, message: `"${a.questionId}" is not an overview question of the template` })
    else if (seen.has(a.questionId)) problems.push({ path: `/overviewAnswers/${i}/questionId`, message: `"${a.questionId}" is answered twice` })
    seen.add(a.questionId)
  })
  const artifacts = new Set(template.submission.artifacts.map((a) => a.id))
  submission.evidence.forEach((e, i) => {
    if (!artifacts.has(e.partId)) problems.push({ path: `/evidence/${i}/partId`, message: `"${e.partId}" is not an artifact of the template` })
  })
  if (problems.length > 0) throw new ValidationError('ERR_OB_SUBMISSION_INVALID', 'submission', problems)
}
