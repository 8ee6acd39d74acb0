import type { FinalDecision } from '../assessment/finalize.js'
import type { MicroCredentialTemplate } from '../model/template.js'

/**
 * The human-readable criteria (markdown) of a micro-credential, generated from its template. With
 * an overridden final decision it discloses the override, so the signed credential never claims a
 * rule (every criterion at its required level) that its own results contradict.
 */
export function criteriaNarrative(template: MicroCredentialTemplate, final?: FinalDecision): string {
  const { competency, keyMethod, methodComponents, submission, rubric } = template
  const artifacts = submission.artifacts.map((a) => `- **${a.name}**${a.required ? '' : ' (optional)'}: ${a.description}`)
  const lines = [
    `**Competency.** ${competency.statement}`,
    '',
    `**Key method.** ${keyMethod}`,
    '',
    '**Method components.**',
    ...methodComponents.map((c, i) => `${i + 1}. ${c}`),
    '',
    '**To earn it, an educator submits:**',
    ...(submission.overviewQuestions.length ? ['- Answers to overview questions about their context'] : []),
    ...artifacts,
    ...(submission.reflection ? [`- A reflection${submission.reflection.required ? '' : ' (optional)'}: ${submission.reflection.prompt}`] : []),
    '',
    `**Assessment.** Trained assessors score the submission against a ${rubric.criteria.length}-criterion rubric; every criterion has to reach its required level${rubric.minimumTotal !== undefined ? ` and the total ${rubric.minimumTotal} points` : ''}, unless the issuer of record decides otherwise and says so in the credential.`,
    ...(final?.overridden ? ['', `**Issuer of record decision.** ${overrideDisclosure(final)}`] : []),
  ]
  return lines.join('\n')
}

/** One sentence a reader of the credential can trust: who decided against (or without) the assessors' recommendation, and why. */
export function overrideDisclosure(final: FinalDecision): string {
  const { decision, issuerOfRecord, decidedAt, reason } = final
  const verb = final.status === 'awarded' ? 'awarded' : final.status === 'denied' ? 'denied' : 'reopened'
  const basis =
    decision.scoredReviewIds.length === 0
      ? 'without scored assessor reviews'
      : decision.outcome === 'needs-review'
        ? 'while the assessors had not reached a recommendation'
        : `over the assessors' "${decision.outcome}" recommendation`
  const unmet = decision.criteria.filter((c) => !c.met).map((c) => `"${c.criterionName}"`)
  const results =
    decision.scoredReviewIds.length > 0 && unmet.length > 0
      ? ` The rubric results are the assessors' levels; ${unmet.join(', ')} did not reach the required level.`
      : ''
  return `${issuerOfRecord.name} ${verb} this on ${decidedAt.slice(0, 10)} ${basis}. Reason: ${(reason ?? 'none given').trim().replace(/[.!?]+$/, '')}.${results}`
}
