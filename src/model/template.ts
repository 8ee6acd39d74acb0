import type { MicroCredentialTemplate } from './schema/template.js'

export type {
  ArtifactKind,
  ArtifactRequirement,
  Competency,
  MicroCredentialTemplate,
  NextStep,
  OverviewQuestion,
  PdCredit,
  ReflectionRequirement,
  ResearchCitation,
  Resource,
  StandardAlignment,
  SubmissionGuidelines,
  TemplateImage,
} from './schema/template.js'

/** The part id under which the reflection is scored. */
export const REFLECTION_PART_ID = 'reflection'

/** Every submission part id of a template: overview questions, artifacts and (if any) the reflection. */
export function submissionPartIds(template: MicroCredentialTemplate): string[] {
  const { overviewQuestions, artifacts, reflection } = template.submission
  return [
    ...overviewQuestions.map((q) => q.id),
    ...artifacts.map((a) => a.id),
    ...(reflection ? [REFLECTION_PART_ID] : []),
  ]
}

/**
 * Identity helper that type-checks a template literal in code.
 * @example
 * const t = defineTemplate({ id: 'https://example.org/mc/1', version: '1.0', ... })
 */
export function defineTemplate<const T extends MicroCredentialTemplate>(template: T): T {
  return template
}
