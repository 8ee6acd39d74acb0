import { type Static, Type } from '@sinclair/typebox'
import { LocalIdSchema } from './rubric.js'
import { SubmissionSchema } from './submission.js'
import { NextStepSchema } from './template.js'

const NonEmpty = Type.String({ minLength: 1 })

/** Who reviewed: trained assessors score; peer reviewers give feedback only (unless the policy counts them). */
export const ReviewerRoleSchema = Type.Union([Type.Literal('assessor'), Type.Literal('peer-reviewer')])
export type ReviewerRole = Static<typeof ReviewerRoleSchema>

export const ReviewerSchema = Type.Object(
  { id: NonEmpty, name: NonEmpty, role: ReviewerRoleSchema },
  { additionalProperties: false },
)
export type Reviewer = Static<typeof ReviewerSchema>

/** The level a reviewer gave one criterion, with growth-based feedback. */
export const CriterionScoreSchema = Type.Object(
  { criterionId: LocalIdSchema, levelId: LocalIdSchema, feedback: NonEmpty },
  { additionalProperties: false },
)
export type CriterionScore = Static<typeof CriterionScoreSchema>

export const RecommendationSchema = Type.Union([Type.Literal('award'), Type.Literal('resubmit')])
export type Recommendation = Static<typeof RecommendationSchema>

/** One reviewer's scoring of one submission. */
export const ReviewSchema = Type.Object(
  {
    id: NonEmpty,
    submissionId: NonEmpty,
    reviewer: ReviewerSchema,
    scores: Type.Array(CriterionScoreSchema, { minItems: 1 }),
    recommendation: RecommendationSchema,
    reviewedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'https://microcred.dev/schemas/review.schema.json', additionalProperties: false },
)
export type Review = Static<typeof ReviewSchema>

/** How reviews combine into a decision. Every field has a default (see `DEFAULT_POLICY`). */
export const DecisionPolicySchema = Type.Object(
  {
    /**
     * How assessors' levels combine per criterion:
     * `lowest` (the lowest level given), `majority` (the highest level a strict majority reached; a
     * tie goes to one more assessor), `mean` (mean of points against the required level's points),
     * `unanimous` (every assessor must agree on pass/fail; a split goes to another assessor until
     * `maxAssessors` have scored, then the lowest level decides).
     */
    combine: Type.Optional(
      Type.Union([Type.Literal('lowest'), Type.Literal('majority'), Type.Literal('mean'), Type.Literal('unanimous')]),
    ),
    /** Minimum summed points across criteria (after combining), in addition to each criterion passing. */
    minimumTotal: Type.Optional(Type.Number({ minimum: 0 })),
    /** Attempts allowed before a failing submission is denied. */
    maxAttempts: Type.Optional(Type.Integer({ minimum: 1 })),
    /**
     * Close-call margin, in levels. When scoring reviewers split on pass/fail, the policy's combined
     * level fails, and every failing score is at most this many levels below the required level,
     * the split is a close call and another assessor is asked (`needs-review`) while fewer than
     * `maxAssessors` have scored; then the combined level stands. A failing score
     * further below is decisive. (`unanimous` sends every split to another assessor.) Defined this way
     * so that raising any score can never worsen the outcome.
     */
    closeCallMargin: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Scored reviews needed before deciding. */
    minAssessors: Type.Optional(Type.Integer({ minimum: 1 })),
    /**
     * The most assessors a submission is sent to. Once this many have scored it, the policy decides
     * (a split is no longer sent to another assessor); `needs-review` only while fewer have.
     */
    maxAssessors: Type.Optional(Type.Integer({ minimum: 1 })),
    /** The next step a denied educator is given (coach, contact, when to start over); overrides the template's. */
    nextStep: Type.Optional(NextStepSchema),
    /** Whether peer reviewers' levels count like assessors'. Their feedback is always kept. */
    countPeerReviews: Type.Optional(Type.Boolean()),
  },
  { $id: 'https://microcred.dev/schemas/policy.schema.json', additionalProperties: false },
)
export type DecisionPolicy = Static<typeof DecisionPolicySchema>

/** The input of `microcred assess`: a submission, its reviews and optionally a policy. */
export const AssessmentInputSchema = Type.Object(
  {
    submission: SubmissionSchema,
    reviews: Type.Array(ReviewSchema),
    policy: Type.Optional(DecisionPolicySchema),
  },
  { $id: 'https://microcred.dev/schemas/assessment.schema.json', additionalProperties: false },
)
export type AssessmentInput = Static<typeof AssessmentInputSchema>
