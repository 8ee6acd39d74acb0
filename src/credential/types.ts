/**
 * Open Badges 3.0 data model types (1EdTech OB 3.0 §B, VC Data Model 2.0), as microcred emits
 * them: every 0..* property is an array. Open extension points use `(string & {})` unions.
 */

declare const brand: unique symbol
/** A value validated once and trusted afterwards; only a parser or signer makes one. */
export type Brand<T, B extends string> = T & { readonly [brand]: B }

/** OB 3.0 AchievementType enumeration, or an `ext:` extension. */
export type AchievementType =
  | 'Achievement'
  | 'ApprenticeshipCertificate'
  | 'Assessment'
  | 'Assignment'
  | 'AssociateDegree'
  | 'Award'
  | 'Badge'
  | 'BachelorDegree'
  | 'Certificate'
  | 'CertificateOfCompletion'
  | 'Certification'
  | 'CommunityService'
  | 'Competency'
  | 'Course'
  | 'CoCurricular'
  | 'Degree'
  | 'Diploma'
  | 'DoctoralDegree'
  | 'Fieldwork'
  | 'GeneralEducationDevelopment'
  | 'JourneymanCertificate'
  | 'LearningProgram'
  | 'License'
  | 'Membership'
  | 'ProfessionalDoctorate'
  | 'QualityAssuranceCredential'
  | 'MasterCertificate'
  | 'MasterDegree'
  | 'MicroCredential'
  | 'ResearchDoctorate'
  | 'SecondarySchoolDiploma'
  | `ext:${string}`

export type ResultType =
  | 'GradePointAverage'
  | 'LetterGrade'
  | 'Percent'
  | 'PerformanceLevel'
  | 'PredictedScore'
  | 'RawScore'
  | 'Result'
  | 'RubricCriterion'
  | 'RubricCriterionLevel'
  | 'RubricScore'
  | 'ScaledScore'
  | 'Status'
  | `ext:${string}`

export interface Image {
  id: string
  type: 'Image'
  caption?: string
}

export interface IdentifierEntry {
  type: 'IdentifierEntry'
  identifier: string
  identifierType: string
}

export interface Profile {
  id: string
  type: ['Profile', ...string[]] | string[]
  name?: string
  url?: string
  email?: string
  description?: string
  image?: Image
  otherIdentifier?: IdentifierEntry[]
  endorsement?: EndorsementCredential[]
  [extension: string]: unknown
}

export interface Alignment {
  type: ['Alignment']
  targetName: string
  targetUrl: string
  targetCode?: string
  targetDescription?: string
  targetFramework?: string
  targetType?: string
}

/** OB 3.0 RubricCriterionLevel (the serialized form of a rubric level). */
export interface ObRubricCriterionLevel {
  id: string
  type: ['RubricCriterionLevel']
  name: string
  description?: string
  level?: string
  points?: string
  alignment?: Alignment[]
}

export interface ResultDescription {
  id: string
  type: ['ResultDescription']
  name: string
  resultType: ResultType
  requiredLevel?: string
  requiredValue?: string
  rubricCriterionLevel?: ObRubricCriterionLevel[]
  allowedValue?: string[]
  valueMin?: string
  valueMax?: string
  alignment?: Alignment[]
}

export interface Result {
  type: ['Result']
  resultDescription?: string
  achievedLevel?: string
  value?: string
  status?: 'Completed' | 'Enrolled' | 'Failed' | 'InProgress' | 'OnHold' | 'Provisional' | 'Withdrew'
  alignment?: Alignment[]
}

export interface Criteria {
  id?: string
  narrative?: string
}

export interface Achievement {
  id: string
  type: ['Achievement']
  name: string
  description: string
  criteria: Criteria
  achievementType?: AchievementType
  alignment?: Alignment[]
  creator?: Profile
  creditsAvailable?: number
  endorsement?: EndorsementCredential[]
  humanCode?: string
  image?: Image
  inLanguage?: string
  resultDescription?: ResultDescription[]
  tag?: string[]
  version?: string
  related?: { id: string; type: ['Related']; version?: string }[]
  [extension: string]: unknown
}

export interface IdentityObject {
  type: 'IdentityObject'
  hashed: boolean
  identityHash: string
  identityType: string
  salt?: string
}

export interface AchievementSubject {
  id?: string
  type: ['AchievementSubject']
  achievement: Achievement
  identifier?: IdentityObject[]
  result?: Result[]
  source?: Profile
  creditsEarned?: number
  activityEndDate?: string
  image?: Image
  narrative?: string
  [extension: string]: unknown
}

export interface Evidence {
  id?: string
  type: ['Evidence']
  name?: string
  description?: string
  narrative?: string
  genre?: string
  audience?: string
}

export interface CredentialSchema {
  id: string
  type: string
}

export interface CredentialStatus {
  id: string
  type: string
  [property: string]: unknown
}

/** An embedded Data Integrity proof. */
export interface DataIntegrityProof {
  type: string
  cryptosuite?: string
  created?: string
  verificationMethod: string
  proofPurpose: string
  proofValue: string
  [property: string]: unknown
}

/** An unsigned OB 3.0 OpenBadgeCredential (W3C VC 2.0). */
export interface OpenBadgeCredential {
  '@context': string[]
  id: string
  type: string[]
  issuer: Profile
  validFrom: string
  validUntil?: string
  awardedDate?: string
  name?: string
  description?: string
  image?: Image
  credentialSubject: AchievementSubject
  evidence?: Evidence[]
  endorsement?: EndorsementCredential[]
  credentialSchema?: CredentialSchema[]
  credentialStatus?: CredentialStatus
  proof?: DataIntegrityProof[]
  [extension: string]: unknown
}

/** An EndorsementCredential (a recognizer's endorsement of an achievement, profile or credential). */
export interface EndorsementCredential {
  '@context': string[]
  id: string
  type: string[]
  name: string
  issuer: Profile
  validFrom: string
  validUntil?: string
  credentialSubject: { id: string; type: ['EndorsementSubject']; endorsementComment?: string }
  proof?: DataIntegrityProof[]
  [extension: string]: unknown
}

/** A credential that passed the 1EdTech schema and JSON-LD checks before signing. */
export type ValidatedCredential = Brand<OpenBadgeCredential, 'Validated'>

/** A credential carrying at least one embedded proof, as made by `signDataIntegrity`. */
export type SignedCredential = Brand<OpenBadgeCredential & { proof: DataIntegrityProof[] }, 'Signed'>

/** A compact JWS (VC-JWT) of an OB 3.0 credential. */
export type CompactJwt = Brand<string, 'CompactJwt'>
