import { type Static, Type } from '@sinclair/typebox'
import { LocalIdSchema } from './rubric.js'

const NonEmpty = Type.String({ minLength: 1 })
const DateTime = Type.String({ format: 'date-time' })

/** The educator who earns the micro-credential. */
export const EducatorSchema = Type.Object(
  {
    /** A DID or URL for the educator (becomes `credentialSubject.id`). */
    id: Type.Optional(Type.String({ format: 'uri' })),
    name: NonEmpty,
    email: Type.Optional(Type.String({ format: 'email' })),
  },
  { additionalProperties: false },
)
export type Educator = Static<typeof EducatorSchema>

/** One piece of submitted evidence for an artifact requirement. */
export const EvidenceItemSchema = Type.Object(
  {
    /** Id of the artifact requirement this satisfies. */
    partId: LocalIdSchema,
    name: NonEmpty,
    /** Where the evidence lives (https URL); give `url` and/or `digest`. */
    url: Type.Optional(Type.String({ format: 'uri' })),
    /** Content digest, e.g. `sha256-<base64>` (Subresource Integrity form). */
    digest: Type.Optional(Type.String({ pattern: '^sha(256|384|512)-[A-Za-z0-9+/=]+$' })),
    mediaType: Type.String({ pattern: '^[a-z]+/[A-Za-z0-9.+-]+$' }),
    description: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type EvidenceItem = Static<typeof EvidenceItemSchema>

/** An answer to one overview question. */
export const OverviewAnswerSchema = Type.Object(
  { questionId: LocalIdSchema, answer: NonEmpty },
  { additionalProperties: false },
)
export type OverviewAnswer = Static<typeof OverviewAnswerSchema>

/** An educator's attempt at a micro-credential. */
export const SubmissionSchema = Type.Object(
  {
    id: NonEmpty,
    templateId: Type.String({ format: 'uri' }),
    templateVersion: Type.Optional(NonEmpty),
    educator: EducatorSchema,
    /** 1 for the first attempt, 2 for the first resubmission, … */
    attempt: Type.Integer({ minimum: 1 }),
    submittedAt: DateTime,
    overviewAnswers: Type.Array(OverviewAnswerSchema),
    evidence: Type.Array(EvidenceItemSchema),
    reflection: Type.Optional(NonEmpty),
  },
  { $id: 'https://microcred.dev/schemas/submission.schema.json', additionalProperties: false },
)
export type Submission = Static<typeof SubmissionSchema>
