import { type Static, Type } from '@sinclair/typebox'
import { LocalIdSchema, RubricSchema } from './rubric.js'

const Uri = Type.String({ format: 'uri' })
const NonEmpty = Type.String({ minLength: 1 })

/** A cited piece of research behind the key method (Digital Promise: cited, current, free online). */
export const ResearchCitationSchema = Type.Object(
  {
    citation: NonEmpty,
    url: Type.Optional(Uri),
    year: Type.Integer({ minimum: 1800, maximum: 2200 }),
    freeOnline: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type ResearchCitation = Static<typeof ResearchCitationSchema>

/** A resource that helps educators learn the method. */
export const ResourceSchema = Type.Object(
  { title: NonEmpty, url: Uri, description: Type.Optional(Type.String()) },
  { additionalProperties: false },
)
export type Resource = Static<typeof ResourceSchema>

/** Kinds of evidence an artifact may accept. */
export const ArtifactKindSchema = Type.Union([
  Type.Literal('lesson-plan'),
  Type.Literal('video'),
  Type.Literal('audio'),
  Type.Literal('student-work'),
  Type.Literal('assessment'),
  Type.Literal('reflection'),
  Type.Literal('document'),
  Type.Literal('image'),
  Type.Literal('link'),
])
export type ArtifactKind = Static<typeof ArtifactKindSchema>

/** An overview question the educator answers about their context. */
export const OverviewQuestionSchema = Type.Object(
  { id: LocalIdSchema, prompt: NonEmpty },
  { additionalProperties: false },
)
export type OverviewQuestion = Static<typeof OverviewQuestionSchema>

/** A work example / artifact the educator submits as evidence. */
export const ArtifactRequirementSchema = Type.Object(
  {
    id: LocalIdSchema,
    name: NonEmpty,
    description: NonEmpty,
    accepts: Type.Array(ArtifactKindSchema, { minItems: 1, uniqueItems: true }),
    /** Whether a submission must include it. @default true */
    required: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
)
/** An artifact as written in a template file (`required` may be left out). */
export type ArtifactRequirementInput = Static<typeof ArtifactRequirementSchema>
/** An artifact as `parseTemplate` returns it: `required` filled in. */
export interface ArtifactRequirement extends ArtifactRequirementInput {
  required: boolean
}

/** The closing reflection; its part id is always `reflection`. */
export const ReflectionRequirementSchema = Type.Object(
  {
    /** Whether a submission must include it. @default true */
    required: Type.Optional(Type.Boolean({ default: true })),
    prompt: NonEmpty,
  },
  { additionalProperties: false },
)
/** A reflection as written in a template file (`required` may be left out). */
export type ReflectionRequirementInput = Static<typeof ReflectionRequirementSchema>
/** A reflection as `parseTemplate` returns it: `required` filled in. */
export interface ReflectionRequirement extends ReflectionRequirementInput {
  required: boolean
}

/** What the educator must submit. */
export const SubmissionGuidelinesSchema = Type.Object(
  {
    /** @default [] */
    overviewQuestions: Type.Optional(Type.Array(OverviewQuestionSchema, { default: [] })),
    artifacts: Type.Array(ArtifactRequirementSchema, { minItems: 1 }),
    reflection: Type.Optional(ReflectionRequirementSchema),
  },
  { additionalProperties: false },
)
/** Submission guidelines as written in a template file. */
export type SubmissionGuidelinesInput = Static<typeof SubmissionGuidelinesSchema>
/** Submission guidelines as `parseTemplate` returns them: every default filled in. */
export interface SubmissionGuidelines extends Omit<SubmissionGuidelinesInput, 'overviewQuestions' | 'artifacts' | 'reflection'> {
  overviewQuestions: OverviewQuestion[]
  artifacts: ArtifactRequirement[]
  reflection?: ReflectionRequirement
}

/** Alignment to a standard, mapped to OB 3.0 `Alignment`. */
export const StandardAlignmentSchema = Type.Object(
  {
    targetName: NonEmpty,
    targetUrl: Uri,
    targetFramework: Type.Optional(NonEmpty),
    targetCode: Type.Optional(NonEmpty),
    targetDescription: Type.Optional(NonEmpty),
  },
  { additionalProperties: false },
)
export type StandardAlignment = Static<typeof StandardAlignmentSchema>

/**
 * Professional-development credit the micro-credential is worth. `hours` are always clock hours
 * (they become `creditsAvailable`/`creditsEarned`); `creditType` names what they count toward.
 */
export const PdCreditSchema = Type.Object(
  {
    hours: Type.Number({ exclusiveMinimum: 0 }),
    creditType: Type.Optional(NonEmpty),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type PdCredit = Static<typeof PdCreditSchema>

/** The competency certified: one discrete, demonstrable skill. */
export const CompetencySchema = Type.Object(
  {
    statement: NonEmpty,
    /** Competency area (category), e.g. "Formative Assessment"; drives the default badge colour. */
    area: NonEmpty,
  },
  { additionalProperties: false },
)
export type Competency = Static<typeof CompetencySchema>

/** An ISO 8601 duration of whole years, months, weeks and/or days, e.g. `P2Y`, `P18M`, `P90D`. */
export const IsoDurationSchema = Type.String({ pattern: '^P(?=\\d)(?:\\d+Y)?(?:\\d+M)?(?:\\d+W)?(?:\\d+D)?$', maxLength: 32 })

/**
 * What an educator does after a denial (attempts exhausted): the programme configures it, so the
 * educator is pointed at support rather than a dead end.
 */
export const NextStepSchema = Type.Object(
  {
    /** What to do next, written for the educator, e.g. "Book a coaching session before you start over." */
    message: NonEmpty,
    /** Who coaches, e.g. "Your building's instructional coach". */
    coach: Type.Optional(NonEmpty),
    /** How to reach the programme: an email address or a URL. */
    contact: Type.Optional(NonEmpty),
    /** How long after the denial a new submission may start (ISO 8601 duration, e.g. `P3M`). */
    startOverAfter: Type.Optional(IsoDurationSchema),
  },
  { additionalProperties: false },
)
export type NextStep = Static<typeof NextStepSchema>

/** A badge image: an https URL or a `data:` URI. */
export const TemplateImageSchema = Type.Object(
  { id: Type.String({ pattern: '^(https://|data:image/)' }), caption: Type.Optional(Type.String()) },
  { additionalProperties: false },
)
export type TemplateImage = Static<typeof TemplateImageSchema>

/**
 * A micro-credential template (Digital Promise model), as a file holds it. What a micro-credential
 * must have is required (competency, key method and its components, rationale, research, submission
 * guidelines, rubric); lists that may be empty may be left out. Validate untrusted JSON with
 * `parseTemplate()`, which fills in the defaults.
 */
export const MicroCredentialTemplateSchema = Type.Object(
  {
    id: Uri,
    version: Type.String({ pattern: '^\\d+\\.\\d+(\\.\\d+)?$' }),
    title: NonEmpty,
    competency: CompetencySchema,
    keyMethod: NonEmpty,
    methodComponents: Type.Array(NonEmpty, { minItems: 1 }),
    supportingRationale: NonEmpty,
    research: Type.Array(ResearchCitationSchema),
    /** @default [] */
    resources: Type.Optional(Type.Array(ResourceSchema, { default: [] })),
    submission: SubmissionGuidelinesSchema,
    rubric: RubricSchema,
    /** Ids of templates for related competencies (a stack / pathway neighbourhood). @default [] */
    relatedCompetencies: Type.Optional(Type.Array(Uri, { uniqueItems: true, default: [] })),
    /** @default [] */
    alignments: Type.Optional(Type.Array(StandardAlignmentSchema, { default: [] })),
    /** @default [] */
    tags: Type.Optional(Type.Array(NonEmpty, { uniqueItems: true, default: [] })),
    image: Type.Optional(TemplateImageSchema),
    pdCredit: Type.Optional(PdCreditSchema),
    /** How long an awarded credential stays valid (ISO 8601 duration, e.g. `P2Y`); becomes `validUntil`. */
    validityPeriod: Type.Optional(IsoDurationSchema),
    /** The next step a denied educator is given (a policy's `nextStep` takes precedence). */
    nextStep: Type.Optional(NextStepSchema),
  },
  { $id: 'https://microcred.dev/schemas/template.schema.json', additionalProperties: false },
)
/** A template as written in a file or in code: the lists that may be empty may be left out. */
export type MicroCredentialTemplateInput = Static<typeof MicroCredentialTemplateSchema>
/**
 * A template as `parseTemplate` and `defineTemplate` return it, what the rest of the API takes:
 * every list present (`[]` when left out), every artifact's and the reflection's `required` set.
 */
export interface MicroCredentialTemplate extends Omit<MicroCredentialTemplateInput, 'resources' | 'relatedCompetencies' | 'alignments' | 'tags' | 'submission'> {
  resources: Resource[]
  /** Ids of templates for related competencies (a stack / pathway neighbourhood). */
  relatedCompetencies: string[]
  alignments: StandardAlignment[]
  tags: string[]
  submission: SubmissionGuidelines
}
