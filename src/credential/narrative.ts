import type { MicroCredentialTemplate } from '../model/template.js'

/** The human-readable criteria (markdown) of a micro-credential, generated from its template. */
export function criteriaNarrative(template: MicroCredentialTemplate): string {
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
    '**The educator submitted:**',
    ...(submission.overviewQuestions.length ? ['- Answers to overview questions about their context'] : []),
    ...artifacts,
    ...(submission.reflection ? [`- A reflection${submission.reflection.required ? '' : ' (optional)'}: ${submission.reflection.prompt}`] : []),
    '',
    `**Assessment.** Trained assessors scored the submission against a ${rubric.criteria.length}-criterion rubric; every criterion had to reach its required level.`,
  ]
  return lines.join('\n')
}
