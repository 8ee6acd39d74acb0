// The browser build of `microcred` (the `browser` condition of the root export): everything in the
// root entry that runs without Node — template model, linting, review decisions, pathways,
// credential building, verification. Left out because they need Node: batch issuance, key files,
// the worker pool, the directory state store, the audit trail (node:crypto hashes), signing from a
// private JWK, the default PNG renderer. Keep this list in step with src/index.ts.
export { cohensKappa, type InterRaterAgreementOptions, type InterRaterAgreementResult, interRaterAgreement, type RaterPairAgreement } from '../assessment/agreement.js'
export {
  type CriterionFeedback,
  type CriterionOutcome,
  type DecideAwardOptions,
  DEFAULT_POLICY,
  type Decision,
  type DecisionOutcome,
  decideAssessment,
  decideAward,
  type ResolvedPolicy,
  resolvePolicy,
  type UnmetCriterion,
} from '../assessment/decide.js'
export { type FinalDecision, type FinalizeDecisionOptions, finalizeDecision, type IssuerAction, type IssuerOfRecord, recommendedAction } from '../assessment/finalize.js'
export { type BuildCredentialOptions, buildCredential, OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, type ProfileInput, profileOf, resultDescriptionId, rubricLevelId } from '../credential/build.js'
export { overrideDisclosure } from '../credential/narrative.js'
export type * from '../credential/types.js'
export { type LintCode, type LintFinding, type LintTemplateOptions, type LintTemplateResult, lintTemplate } from '../model/lint-template.js'
export { parseAssessmentInput, parsePathway, parseReview, parseSubmission, parseTemplate } from '../model/parse.js'
export { evaluatePathway, type Pathway, type PathwayGap, type PathwayProgress, type PathwayRule } from '../model/pathway.js'
export type { AssessmentInput, CriterionScore, DecisionPolicy, Recommendation, Review, Reviewer, ReviewerRole } from '../model/review.js'
export { levelIndex, maximumPoints, type Rubric, type RubricCriterion, type RubricCriterionLevel, requiredLevelIndex } from '../model/rubric.js'
export type { Educator, EvidenceItem, OverviewAnswer, Submission } from '../model/submission.js'
export {
  type ArtifactKind,
  type ArtifactRequirement,
  type ArtifactRequirementInput,
  type Competency,
  defineTemplate,
  type MicroCredentialTemplate,
  type MicroCredentialTemplateInput,
  type PdCredit,
  REFLECTION_PART_ID,
  type ReflectionRequirement,
  type ReflectionRequirementInput,
  type ResearchCitation,
  type Resource,
  type StandardAlignment,
  type SubmissionGuidelines,
  type SubmissionGuidelinesInput,
  submissionPartIds,
  withTemplateDefaults,
} from '../model/template.js'
export * from '../verify/index.js'
