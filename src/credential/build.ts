import { v4 as uuidv4 } from 'uuid'
import { DecisionInvalid } from '../errors.js'
import type { FinalDecision } from '../assessment/finalize.js'
import { maximumPoints } from '../model/rubric.js'
import type { Submission } from '../model/submission.js'
import type { MicroCredentialTemplate } from '../model/template.js'
import { OB_V3_CONTEXT, OB_V3_EXTENSIONS_CONTEXT, VC_V2_CONTEXT } from './contexts.js'
import { hashIdentity } from './identity.js'
import { addIsoDuration } from '../internal/duration.js'
import { criteriaNarrative, overrideDisclosure } from './narrative.js'
import { OB_ACHIEVEMENT_CREDENTIAL_SCHEMA } from './ob-schema.js'
import type {
  Achievement,
  AchievementSubject,
  CredentialStatus,
  EndorsementCredential,
  Evidence,
  IdentifierEntry,
  Image,
  OpenBadgeCredential,
  Profile,
  Result,
  ResultDescription,
} from './types.js'

export { OB_ACHIEVEMENT_CREDENTIAL_SCHEMA }

/** An issuer or assessing organisation, before it becomes an OB 3.0 Profile. */
export interface ProfileInput {
  id: string
  name: string
  url?: string
  email?: string
  description?: string
  /** An https URL or `data:` URI of a PNG/SVG logo. */
  image?: string
  /** Other identifiers, e.g. `{ identifier: '12345', identifierType: 'ext:LinkedInOrganizationId' }`. */
  otherIdentifier?: { identifier: string; identifierType: string }[]
}

export interface BuildCredentialOptions {
  template: MicroCredentialTemplate
  /** The issuer of record's final decision; must be `awarded`. */
  decision: FinalDecision
  submission: Submission
  issuer: ProfileInput
  /** Who assessed on the issuer's behalf (`credentialSubject.source`). @default issuer */
  source?: ProfileInput
  /** @default `urn:uuid:` + random v4 */
  id?: string
  /** @default the decision's time */
  validFrom?: Date
  /** @default `validFrom` plus the template's `validityPeriod` (none without one) */
  validUntil?: Date
  /** Salt for the email identity hash. @default random (16 bytes hex) */
  identitySalt?: string
  /** Opt-in stable identity: derive the salt from this issuer secret and the email (see `HashIdentityOptions.saltSecret`). */
  identitySaltSecret?: string | Uint8Array
  /** Put the educator's plain name in `credentialSubject.name`? Off by default: the hashed email identifies. @default false */
  includeName?: boolean
  credentialStatus?: CredentialStatus
  /** Achievement image when the template has none (e.g. the default badge's data URI). */
  fallbackImage?: string
  /** Recognizers' signed endorsements of this achievement (embedded in `achievement.endorsement`). */
  achievementEndorsements?: EndorsementCredential[]
}

/**
 * Builds the unsigned OpenBadgeCredential for an awarded micro-credential: the template as the
 * Achievement (rubric → `resultDescription`s), the assessors' consensus as `result`s, the
 * submission's artifacts as `evidence`. Throws `ERR_OB_DECISION_INVALID` unless awarded.
 * @example
 * const credential = await buildCredential({ template, decision: final, submission, issuer: { id: key.issuerId, name: 'District' } })
 */
export async function buildCredential(options: BuildCredentialOptions): Promise<OpenBadgeCredential> {
  const { template, decision, submission, issuer, source = issuer, credentialStatus } = options
  if (decision.status !== 'awarded') throw new DecisionInvalid(`only an awarded decision becomes a credential (status is "${decision.status}")`)
  if (submission.templateId !== template.id)
    throw new DecisionInvalid(`the submission is for "${submission.templateId}", not for the template "${template.id}"`)
  // The issuer of record decided; the credential says so in its narrative. Signed by anyone else, it would
  // claim another party's decision (or contradict itself about who awarded it).
  if (decision.issuerOfRecord.id !== issuer.id)
    throw new DecisionInvalid(`the decision was made by the issuer of record "${decision.issuerOfRecord.id}", but the credential's issuer is "${issuer.id}"`)
  if (decision.issuerOfRecord.name !== issuer.name)
    throw new DecisionInvalid(`the decision names the issuer of record "${decision.issuerOfRecord.name}", but the credential's issuer is named "${issuer.name}"`)
  const validFrom = options.validFrom ?? new Date(decision.decidedAt)
  const validUntil = options.validUntil ?? (template.validityPeriod ? addIsoDuration(validFrom, template.validityPeriod) : undefined)
  if (validUntil && validUntil <= validFrom) throw new RangeError('"validUntil" must be after "validFrom"')

  const issuerProfile = profileOf(issuer)
  const achievement = achievementOf(template, issuerProfile, options.fallbackImage, decision)
  if (options.achievementEndorsements?.length) achievement.endorsement = structuredClone(options.achievementEndorsements)
  const subject: AchievementSubject = {
    ...(submission.educator.id ? { id: submission.educator.id } : {}),
    type: ['AchievementSubject'],
    ...(options.includeName ? { name: submission.educator.name } : {}),
    ...(submission.educator.email
      ? { identifier: [await hashIdentity(submission.educator.email, { identityType: 'emailAddress', ...saltOf(options.identitySalt), ...(options.identitySaltSecret !== undefined ? { saltSecret: options.identitySaltSecret } : {}) })] }
      : {}),
    achievement,
    // An award attested by the issuer of record without scored reviews claims no rubric results.
    ...(decision.decision.scoredReviewIds.length > 0 || decision.overridden ? { result: resultsOf(template, decision) } : {}),
    source: profileOf(source),
    ...(template.pdCredit ? { creditsEarned: template.pdCredit.hours } : {}),
    activityEndDate: toDateTime(new Date(submission.submittedAt)),
  }
  if (!subject.id && !subject.identifier)
    throw new DecisionInvalid('the educator needs an "id" (DID or URL) or an "email" so the credential names its holder')

  const evidence = evidenceOf(template, submission)
  const credential: OpenBadgeCredential = {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT, OB_V3_EXTENSIONS_CONTEXT],
    id: options.id ?? `urn:uuid:${uuidv4()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: template.title,
    description: template.competency.statement,
    issuer: issuerProfile,
    validFrom: toDateTime(validFrom),
    ...(validUntil ? { validUntil: toDateTime(validUntil) } : {}),
    awardedDate: toDateTime(new Date(decision.decidedAt)),
    credentialSubject: subject,
    ...(evidence.length > 0 ? { evidence } : {}),
    credentialSchema: [{ id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }],
    ...(credentialStatus ? { credentialStatus } : {}),
  }
  return credential
}

/** An OB 3.0 Profile from a profile input; `image` becomes an Image object. */
export function profileOf(input: ProfileInput): Profile {
  const otherIdentifier: IdentifierEntry[] | undefined = input.otherIdentifier?.map((o) => ({ type: 'IdentifierEntry', ...o }))
  return {
    id: input.id,
    type: ['Profile'],
    name: input.name,
    ...(input.url ? { url: input.url } : {}),
    ...(input.email ? { email: input.email } : {}),
    ...(input.description ? { description: input.description } : {}),
    ...(input.image ? { image: { id: input.image, type: 'Image' } } : {}),
    ...(otherIdentifier?.length ? { otherIdentifier } : {}),
  }
}

/** The ResultDescription id of a rubric criterion (and of the overall score, `total`). */
export function resultDescriptionId(template: MicroCredentialTemplate, criterionId: string): string {
  return `${template.id}#rubric-${criterionId}`
}

/** The RubricCriterionLevel id of a level of a criterion. */
export function rubricLevelId(template: MicroCredentialTemplate, criterionId: string, levelId: string): string {
  return `${template.id}#rubric-${criterionId}-${levelId}`
}

const TOTAL = 'total'

/** The ResultDescription that discloses an issuer-of-record override. */
const ISSUER_DECISION = 'issuer-decision'

/**
 * The achievement's description: the competency, then the credit with its unit. `creditsAvailable`
 * carries the number only, so the unit (clock hours, and what they count toward) is stated here.
 */
export function achievementDescription(template: MicroCredentialTemplate): string {
  const credit = template.pdCredit
  if (!credit) return template.competency.statement
  const type = credit.creditType ? ` toward ${credit.creditType}` : ''
  return `${template.competency.statement} Credit: ${credit.hours} professional-development clock hour${credit.hours === 1 ? '' : 's'}${type}.${credit.note ? ` ${credit.note}` : ''}`
}

function achievementOf(template: MicroCredentialTemplate, creator: Profile, fallbackImage: string | undefined, final: FinalDecision): Achievement {
  const imageId = template.image?.id ?? fallbackImage
  const image: Image | undefined = imageId
    ? { id: imageId, type: 'Image', caption: template.image?.caption ?? `${template.title} badge` }
    : undefined
  const resultDescription: ResultDescription[] = template.rubric.criteria.map((criterion) => ({
    id: resultDescriptionId(template, criterion.id),
    type: ['ResultDescription'],
    name: criterion.name,
    resultType: 'RubricCriterionLevel',
    requiredLevel: rubricLevelId(template, criterion.id, criterion.requiredLevel),
    rubricCriterionLevel: criterion.levels.map((level) => ({
      id: rubricLevelId(template, criterion.id, level.id),
      type: ['RubricCriterionLevel'],
      name: level.name,
      description: level.description,
      level: level.id,
      points: String(level.points),
    })),
  }))
  const maxTotal = maximumPoints(template.rubric)
  resultDescription.push({
    id: resultDescriptionId(template, TOTAL),
    type: ['ResultDescription'],
    name: 'Total rubric score',
    resultType: 'RubricScore',
    valueMin: '0',
    valueMax: String(maxTotal),
    ...(template.rubric.minimumTotal !== undefined ? { requiredValue: String(template.rubric.minimumTotal) } : {}),
  })
  if (final.overridden)
    resultDescription.push({ id: resultDescriptionId(template, ISSUER_DECISION), type: ['ResultDescription'], name: 'Issuer of record decision', resultType: 'Status' })
  return {
    id: template.id,
    type: ['Achievement'],
    achievementType: 'MicroCredential',
    name: template.title,
    description: achievementDescription(template),
    criteria: { narrative: criteriaNarrative(template, final) },
    ...(image ? { image } : {}),
    ...(template.alignments.length
      ? {
          alignment: template.alignments.map((a) => ({
            type: ['Alignment'] as ['Alignment'],
            targetName: a.targetName,
            targetUrl: a.targetUrl,
            ...(a.targetFramework ? { targetFramework: a.targetFramework } : {}),
            ...(a.targetCode ? { targetCode: a.targetCode } : {}),
            ...(a.targetDescription ? { targetDescription: a.targetDescription } : {}),
          })),
        }
      : {}),
    ...(template.tags.length ? { tag: [...template.tags] } : {}),
    ...(template.pdCredit ? { creditsAvailable: template.pdCredit.hours } : {}),
    creator,
    fieldOfStudy: template.competency.area,
    resultDescription,
    version: template.version,
  }
}

function resultsOf(template: MicroCredentialTemplate, final: FinalDecision): Result[] {
  const { decision } = final
  const override: Result[] = final.overridden
    ? [{ type: ['Result'], resultDescription: resultDescriptionId(template, ISSUER_DECISION), status: 'Completed', value: overrideDisclosure(final) }]
    : []
  // An award attested without scored reviews claims no rubric levels, only the disclosure.
  if (decision.scoredReviewIds.length === 0) return override
  const perCriterion: Result[] = decision.criteria.map((outcome) => ({
    type: ['Result'],
    resultDescription: resultDescriptionId(template, outcome.criterionId),
    achievedLevel: rubricLevelId(template, outcome.criterionId, outcome.levelId),
  }))
  return [...perCriterion, { type: ['Result'], resultDescription: resultDescriptionId(template, TOTAL), value: String(decision.total) }, ...override]
}

function evidenceOf(template: MicroCredentialTemplate, submission: Submission): Evidence[] {
  return submission.evidence.map((item) => {
    const artifact = template.submission.artifacts.find((a) => a.id === item.partId)
    const narrative = [item.digest ? `Content digest: \`${item.digest}\`` : '', `Media type: ${item.mediaType}`].filter(Boolean).join('\n\n')
    return {
      ...(item.url ? { id: item.url } : {}),
      type: ['Evidence'],
      name: item.name,
      ...(item.description ? { description: item.description } : artifact ? { description: artifact.description } : {}),
      ...(artifact ? { genre: artifact.name } : {}),
      narrative,
    }
  })
}

function saltOf(salt: string | undefined): { salt?: string } {
  return salt === undefined ? {} : { salt }
}

/** `YYYY-MM-DDTHH:MM:SSZ` (OB 3.0 DateTimeZ, no milliseconds). */
export function toDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date')
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
