// microcred: educator micro-credentials, from template and review to verifiable Open Badges 3.0.
// Curated barrel: named exports only; `export type` for types.

export {
  type AuditAction,
  type AuditActor,
  type AuditEvent,
  type AuditEventInput,
  type AuditHead,
  type AuditTrail,
  appendAuditEvent,
  auditHead,
  type FindAuditTamperOptions,
  findAuditTamper,
  parseAuditTrail,
} from './assessment/audit-trail.js'
export { type Assessment, assessSubmission, type IncompleteSubmission } from './assessment/assess.js'
export { type AssertAttemptFollowsTrailOptions, assertAttemptFollowsTrail, submissionReceivedEvent } from './assessment/attempt-history.js'
export { credentialIdOfDecision, type DecisionRecord, finalFromRecord, type RecordDecisionOptions, recordDecision } from './assessment/decision-record.js'
export { assertSubmissionFits, type CompletenessResult, checkCompleteness, type MissingPart } from './assessment/completeness.js'
export { cohensKappa, type InterRaterAgreementOptions, type InterRaterAgreementResult, interRaterAgreement, type RaterPairAgreement } from './assessment/agreement.js'
export {
  assertAttemptAllowed,
  assertReviewsFit,
  type CriterionFeedback,
  type CriterionOutcome,
  type DecideAwardOptions,
  DEFAULT_NEXT_STEP,
  DEFAULT_POLICY,
  type Decision,
  type DecisionOutcome,
  decideAssessment,
  decideAward,
  type Distance,
  nextStepText,
  type ResolvedPolicy,
  resolvePolicy,
  type UnmetCriterion,
} from './assessment/decide.js'
export { type FinalDecision, type FinalizeDecisionOptions, finalizeDecision, type IssuerAction, type IssuerOfRecord, recommendedAction } from './assessment/finalize.js'
export { achievementDescription, type BuildCredentialOptions, buildCredential, OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, type ProfileInput, profileOf, resultDescriptionId, rubricLevelId } from './credential/build.js'
export { overrideDisclosure } from './credential/narrative.js'
export { deriveIdentitySalt, type HashIdentityOptions, hashIdentity, identityHashOf, matchesIdentity } from './credential/identity.js'
export type * from './credential/types.js'
// Schema checking has one verb: validateCredential (checkObSchema and validateAgainstObSchema stay internal).
export { assertJsonLdSafe, OB_SCHEMA_URLS, type ObSchemaName, validateCredential } from './credential/validate.js'
export { type IssueCredentialOptions, issueCredential, issueCredentialJwt } from './issue.js'
export { type GenerateIssuerKeyOptions, generateIssuerKey, type IssuerIdentifierMethod, type IssuerKey, issuerKeyFromJwk } from './keys/issuer-keys.js'
export { type PrivateJwk, type PublicJwk, SIGNING_ALGORITHMS, type SigningAlgorithm } from './keys/jwk.js'
export { readKeyFile, writeKeyFile } from './keys/key-file.js'
export { writeFileAtomic } from './io/atomic-write.js'
export { type LintCode, type LintFinding, type LintTemplateOptions, type LintTemplateResult, lintTemplate } from './model/lint-template.js'
export { parseAssessmentInput, parseIssuerProfile, parsePathway, parseReview, parseSubmission, parseTemplate } from './model/parse.js'
export type { IssuerProfile } from './model/schema/issuer-profile.js'
export { evaluatePathway, type Pathway, type PathwayGap, type PathwayProgress, type PathwayRule, type UnmetRule, unmetRules } from './model/pathway.js'
export type { AssessmentInput, CriterionScore, DecisionPolicy, Recommendation, Review, Reviewer, ReviewerRole } from './model/review.js'
export { levelIndex, maximumPoints, type Rubric, type RubricCriterion, type RubricCriterionLevel, requiredLevelIndex } from './model/rubric.js'
export type { Educator, EvidenceItem, OverviewAnswer, Submission } from './model/submission.js'
export {
  type ArtifactKind,
  type ArtifactRequirement,
  type ArtifactRequirementInput,
  type Competency,
  defineTemplate,
  type MicroCredentialTemplate,
  type MicroCredentialTemplateInput,
  type NextStep,
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
} from './model/template.js'
export { assertSignerIsIssuer, type SignDataIntegrityOptions, signDataIntegrity } from './sign/data-integrity.js'
export { type Signer, signerFromJwk } from './sign/signer.js'
export { type SignVcJwtOptions, signVcJwt } from './sign/vc-jwt.js'
export type { FetchLike, RemoteOptions } from './internal/safe-fetch.js'
// The verifier's surface (contexts, loader, errors, key resolution, verifyBadge and its report) is
// `microcred/verify`'s: one list serves both entries.
export * from './verify/index.js'
export { assertRosterIssuable, type BatchOptions, type BatchProgress, type BatchRowFailure, type BatchSummary, issueBatch, MICROCRED_UUID_NAMESPACE } from './batch/batch-issue.js'
export { type CheckRosterInputsOptions, checkRosterInputs, type RowNotAwarded } from './batch/roster-check.js'
export type { RosterFolder } from './batch/roster-path.js'
export { IssuanceLog, type IssuanceRecord } from './batch/issuance-log.js'
export { parseRoster, type RosterRow } from './batch/roster.js'
export { type IssueEndorsementOptions, issueEndorsement } from './recognition/endorsement.js'
export { type CountingBadge, type CountingBadgesOptions, countingBadges, type ExcludedBadge, type ExclusionCode } from './recognition/counting-badges.js'
export { type EducatorIdentity, type EducatorMatch, type EducatorMatcher, educatorMatcher, parseEducators, parseEducatorsCsv } from './recognition/educators.js'
export {
  type CheckPathwayOptions,
  checkPathway,
  type IssuePathwayCredentialOptions,
  issuePathwayCredential,
  type PathwayCheck,
  type PathwayRecipient,
} from './recognition/pathway-credential.js'
export { type RecognitionReport, type RecognitionReportOptions, type RecognitionRow, type RecognitionRule, recognitionCsv, recognitionReport } from './recognition/report.js'
export { addDataIntegrityProof } from './sign/data-integrity.js'
export { DEFAULT_LIST_LENGTH, DirectoryStore, type DirectoryStoreOptions } from './status/directory-store.js'
export { type OpenStateStoreOptions, openStateStore, withStateStore } from './status/open-store.js'
export { type ReadStatusListsOptions, readStatusLists } from './status/read-status-lists.js'
export { type AllocateStatusOptions, allocateStatus, changeStatus, type ChangeStatusOptions, type PublishStatusListsOptions, publishStatusLists, STATUS_LIST_VALID_FOR_SECONDS, statusEntryOf } from './status/status-list.js'
export type { IssuerStateStore, StatusAction, StatusAllocation, StatusChange, StatusListState, StatusPurpose } from './status/store.js'
export { type CredentialPool, type CredentialPoolOptions, createCredentialPool, type PooledReport } from './pool/worker-pool.js'
export { ecdsaSignatureFromDer } from './sign/ecdsa-der.js'
export { multibaseFromJwk } from './keys/multikey.js'
