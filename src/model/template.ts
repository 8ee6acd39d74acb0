import type { MicroCredentialTemplate, MicroCredentialTemplateInput } from './schema/template.js'

export type {
  ArtifactKind,
  ArtifactRequirement,
  ArtifactRequirementInput,
  Competency,
  MicroCredentialTemplate,
  MicroCredentialTemplateInput,
  NextStep,
  OverviewQuestion,
  PdCredit,
  ReflectionRequirement,
  ReflectionRequirementInput,
  ResearchCitation,
  Resource,
  StandardAlignment,
  SubmissionGuidelines,
  SubmissionGuidelinesInput,
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
 * The template with its defaults filled in: lists left out become `[]`, an artifact or reflection
 * that does not say otherwise is required. The input is not changed.
 */
export function withTemplateDefaults(template: MicroCredentialTemplateInput): MicroCredentialTemplate {
  const { resources = [], relatedCompetencies = [], alignments = [], tags = [], submission, ...rest } = template
  const { overviewQuestions = [], artifacts, reflection, ...guidelines } = submission
  return {
    ...rest,
    resources,
    relatedCompetencies,
    alignments,
    tags,
    submission: {
      ...guidelines,
      overviewQuestions,
      artifacts: artifacts.map(({ required = true, ...artifact }) => ({ ...artifact, required })),
      ...(reflection ? { reflection: { ...reflection, required: reflection.required ?? true } } : {}),
    },
  }
}

/**
 * Type-checks a template written in code (unknown properties included) and fills in its defaults
 * (see `withTemplateDefaults`).
 * @example
 * const t = defineTemplate({ id: 'https://example.org/mc/1', version: '1.0', ... })
 */
export function defineTemplate(template: MicroCredentialTemplateInput): MicroCredentialTemplate {
  return withTemplateDefaults(template)
}
