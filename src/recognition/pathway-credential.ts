import { v4 as uuidv4 } from 'uuid'
import { type ProfileInput, profileOf, toDateTime } from '../credential/build.js'
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from '../credential/contexts.js'
import type { AchievementSubject, Evidence, OpenBadgeCredential, SignedCredential } from '../credential/types.js'
import { obError } from '../errors.js'
import { collectTemplates, evaluatePathway, type Pathway, type PathwayProgress } from '../model/pathway.js'
import { signDataIntegrity } from '../sign/data-integrity.js'
import type { Signer } from '../sign/signer.js'
import type { BadgeInput } from '../verify/parse-input.js'
import { firstFailure, type VerificationReport } from '../verify/report.js'
import { type VerifyBadgeOptions, verifyBadge } from '../verify/verify-badge.js'

export interface PathwayCheck {
  progress: PathwayProgress
  /** Members that verified, by achievement (template) id. */
  verified: { achievementId: string; credentialId: string; name: string; report: VerificationReport }[]
  /** Badges that did not verify, with the failing check. */
  rejected: { credentialId: string | undefined; reason: string }[]
}

/**
 * Verifies the member badges and evaluates the pathway on the verified ones only: a revoked,
 * expired or tampered badge does not count.
 */
export async function checkPathway(pathway: Pathway, badges: readonly BadgeInput[], verifyOptions: VerifyBadgeOptions = {}): Promise<PathwayCheck> {
  const members = collectTemplates(pathway.rule)
  const verified: PathwayCheck['verified'] = []
  const rejected: PathwayCheck['rejected'] = []
  for (const badge of badges) {
    const report = await verifyBadge(badge, verifyOptions)
    const achievementId = report.credential?.credentialSubject?.achievement?.id
    if (!report.verified) {
      const failure = firstFailure(report)
      rejected.push({ credentialId: report.credential?.id, reason: failure ? `${failure.id}: ${failure.code ?? ''} ${failure.message}`.trim() : 'not verified' })
      continue
    }
    if (achievementId && members.has(achievementId))
      verified.push({ achievementId, credentialId: report.credential!.id, name: String(report.credential!.name ?? achievementId), report })
  }
  return { progress: evaluatePathway(pathway, verified.map((v) => v.achievementId)), verified, rejected }
}

export interface IssuePathwayCredentialOptions {
  pathway: Pathway
  /** The educator's member badges (any form `verifyBadge` accepts). */
  badges: readonly BadgeInput[]
  issuer: ProfileInput
  signer: Signer
  /** The educator: the same subject id the members carry, or their identifier. */
  recipient: Pick<AchievementSubject, 'id' | 'identifier'>
  verifyOptions?: VerifyBadgeOptions
  /** @default now */
  validFrom?: Date
}

/**
 * Issues the pathway's OB 3.0 credential once the pathway is complete on verified badges: the
 * achievement names its members, the evidence references each member credential. Refuses
 * (`ERR_OB_INPUT_INVALID`) when any given badge fails verification or the pathway is incomplete.
 */
export async function issuePathwayCredential(options: IssuePathwayCredentialOptions): Promise<SignedCredential> {
  const { pathway, badges, issuer, signer, recipient, verifyOptions = {}, validFrom = new Date() } = options
  const check = await checkPathway(pathway, badges, verifyOptions)
  if (check.rejected.length > 0)
    throw obError('ERR_OB_INPUT_INVALID', `a member badge failed verification (${check.rejected.map((r) => `${r.credentialId ?? '?'}: ${r.reason}`).join('; ')})`)
  if (!check.progress.complete) throw obError('ERR_OB_INPUT_INVALID', `the pathway "${pathway.name}" is not complete on verified badges`)
  const subjectIds = new Set(check.verified.map((v) => v.report.credential?.credentialSubject?.id).filter(Boolean))
  if (recipient.id && [...subjectIds].some((id) => id !== recipient.id))
    throw obError('ERR_OB_INPUT_INVALID', 'the member badges were not all issued to this recipient')
  const evidence: Evidence[] = check.verified.map((v) => ({
    id: v.credentialId,
    type: ['Evidence'],
    name: v.name,
    description: `Member micro-credential, verified on ${toDateTime(verifyOptions.now ?? new Date())}`,
    genre: 'MicroCredential',
  }))
  const credential: OpenBadgeCredential = {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: `urn:uuid:${uuidv4()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: pathway.name,
    issuer: profileOf(issuer),
    validFrom: toDateTime(validFrom),
    credentialSubject: {
      ...(recipient.id ? { id: recipient.id } : {}),
      ...(recipient.identifier ? { identifier: recipient.identifier } : {}),
      type: ['AchievementSubject'],
      achievement: {
        id: pathway.id,
        type: ['Achievement'],
        achievementType: 'LearningProgram',
        name: pathway.name,
        description: pathway.description ?? `Completion of the ${pathway.name} pathway of micro-credentials.`,
        criteria: { narrative: `Earned verified micro-credentials:\n${check.verified.map((v) => `- ${v.name}`).join('\n')}` },
      },
    },
    evidence,
  }
  return signDataIntegrity(credential, { signer, created: validFrom })
}
