import { v4 as uuidv4 } from 'uuid'
import { type ProfileInput, profileOf, toDateTime } from '../credential/build.js'
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from '../credential/contexts.js'
import { hashIdentity } from '../credential/identity.js'
import type { Evidence, OpenBadgeCredential, SignedCredential } from '../credential/types.js'
import { PathwayIncomplete, type PathwayRuleFailure } from '../errors.js'
import { collectTemplates, evaluatePathway, type Pathway, type PathwayProgress, unmetRules } from '../model/pathway.js'
import { signDataIntegrity } from '../sign/data-integrity.js'
import type { Signer } from '../sign/signer.js'
import type { BadgeInput } from '../verify/parse-input.js'
import type { VerificationReport } from '../verify/report.js'
import type { TrustList } from '../verify/trust-list.js'
import type { VerifyBadgeOptions } from '../verify/verify-badge.js'
import { badgeNamer, type CountingBadge, countingBadges, type ExcludedBadge, excludedAt, keepLatest } from './counting-badges.js'
import { educatorMatcher, parseEducators } from './educators.js'

/** Whose pathway it is: their subject id, the emails the recognizer knows for them, or both. */
export interface PathwayRecipient {
  /** The subject id (DID, URL) the member badges carry. */
  id?: string
  /** Emails matched against members' hashed `identifier`s (needed for badges without a subject id). */
  emails?: readonly string[]
}

export interface CheckPathwayOptions {
  /** The recognizer's approved issuers: members from anyone else do not count. */
  trust: TrustList
  /** Every counted member must belong to this educator. */
  recipient: PathwayRecipient
  verifyOptions?: VerifyBadgeOptions
  /** How reasons name the badges, by position (e.g. their file paths). @default "badge #N", counting from 1 */
  badgeNames?: readonly string[]
}

export interface PathwayCheck {
  progress: PathwayProgress
  /** The members that count, by achievement (template) id: one per achievement, the latest. */
  verified: { achievementId: string; credentialId: string; name: string; report: VerificationReport }[]
  /** Badges that do not count, each with its reason code. */
  rejected: ExcludedBadge[]
  /** Each unmet rule with its path in the pathway and why (empty when complete). */
  unmet: PathwayRuleFailure[]
}

/**
 * Evaluates a pathway for one educator. A member counts when it verifies with a confirmed issuer
 * key, comes from an approved issuer for an accepted achievement, is unrevoked and unexpired, and
 * belongs to the recipient (by subject id, or by an email matching its hashed identifier). Members
 * that do not count are skipped, so a valid alternative still satisfies an n-of rule.
 * @example
 * const check = await checkPathway(pathway, badges, { trust, recipient: { emails: ['ana@example.org'] }, verifyOptions: { statusLists } })
 * if (!check.progress.complete) console.log(check.unmet)
 */
export async function checkPathway(pathway: Pathway, badges: readonly BadgeInput[], options: CheckPathwayOptions): Promise<PathwayCheck> {
  const { trust, recipient, verifyOptions = {}, badgeNames } = options
  const nameOf = badgeNamer(badgeNames)
  const emails = recipient?.emails ?? []
  if (!recipient || (!recipient.id && emails.length === 0)) throw new TypeError('the pathway recipient needs an id or an email')
  const members = collectTemplates(pathway.rule)
  const { counting, excluded } = await countingBadges(badges, { trust, verifyOptions, ...(badgeNames && { badgeNames }) })
  const label = String(recipient.id ?? emails[0])
  const matches = educatorMatcher(parseEducators([{ name: label, ...(recipient.id !== undefined && { ids: [recipient.id] }), ...(emails.length > 0 && { emails }) }]))
  const rejected = [...excluded]
  const theirs: CountingBadge[] = []
  for (const badge of counting) {
    const match = await matches(badge.credentialSubject)
    if (match.kind !== 'listed') {
      const whose = match.kind === 'subject-id' ? `it was issued to "${match.id}"` : match.message
      rejected.push({ ...excludedAt(badge), code: 'ERR_OB_RECIPIENT_UNMATCHED', reason: `not the recipient's badge: ${whose}` })
    } else if (!members.has(badge.achievementId)) {
      rejected.push({ ...excludedAt(badge), code: 'ERR_OB_NOT_PATHWAY_MEMBER', reason: `"${badge.achievementName}" is not a member of "${pathway.name}"` })
    } else theirs.push(badge)
  }
  const { kept, superseded } = keepLatest(
    theirs,
    (b) => b.achievementId,
    () => label,
    nameOf,
  )
  rejected.push(...superseded)
  rejected.sort((a, b) => a.index - b.index)
  const earned = kept.map((b) => b.achievementId)
  const progress = evaluatePathway(pathway, earned)
  return {
    progress,
    verified: kept.map((b) => ({ achievementId: b.achievementId, credentialId: b.credentialId, name: b.achievementName, report: b.report })),
    rejected,
    unmet: progress.complete ? [] : explainUnmet(pathway, earned, rejected, nameOf),
  }
}

/** Each unmet rule with the reason its member did not count (the first rejected badge for that achievement), or that none was given. */
function explainUnmet(pathway: Pathway, earned: readonly string[], rejected: readonly ExcludedBadge[], nameOf: (index: number) => string): PathwayRuleFailure[] {
  return unmetRules(pathway, earned).map((rule): PathwayRuleFailure => {
    if (rule.kind === 'n-of') return { path: rule.path, code: 'ERR_OB_PATHWAY_INCOMPLETE', message: `needs ${rule.needed} more of its ${rule.of} options` }
    const reason = rejected.find((r) => r.achievement === rule.template)
    return reason
      ? { path: rule.path, template: rule.template, code: reason.code, message: `${reason.credentialId ?? nameOf(reason.index)}: ${reason.reason}` }
      : { path: rule.path, template: rule.template, code: 'ERR_OB_PATHWAY_MEMBER_MISSING', message: `no badge for ${rule.template}` }
  })
}

export interface IssuePathwayCredentialOptions extends CheckPathwayOptions {
  pathway: Pathway
  /** The educator's member badges (any form `verifyBadge` accepts). */
  badges: readonly BadgeInput[]
  issuer: ProfileInput
  signer: Signer
  /** @default now */
  validFrom?: Date
  /** Salt the recipient's hashed email identifiers with this issuer secret (stable identity); random otherwise. */
  identitySaltSecret?: string | Uint8Array
}

/**
 * Issues the pathway's OB 3.0 credential once the pathway is complete on the recipient's counting
 * badges: the achievement names its members, the evidence references each member credential.
 * Refuses with `ERR_OB_PATHWAY_INCOMPLETE` (a {@link PathwayIncomplete} whose `unmet` names each
 * failing rule by path and code) otherwise.
 * @example
 * const credential = await issuePathwayCredential({ pathway, badges, trust, recipient: { id: 'did:example:ana' }, issuer, signer, verifyOptions: { statusLists } })
 */
export async function issuePathwayCredential(options: IssuePathwayCredentialOptions): Promise<SignedCredential> {
  const { pathway, badges, issuer, signer, recipient, verifyOptions = {}, validFrom = new Date() } = options
  const check = await checkPathway(pathway, badges, options)
  if (!check.progress.complete) throw new PathwayIncomplete(pathway.name, check.unmet)
  const emails = recipient.emails ?? []
  const identifier = await Promise.all(
    emails.map((email) => hashIdentity(email, options.identitySaltSecret !== undefined ? { saltSecret: options.identitySaltSecret } : {})),
  )
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
      ...(identifier.length > 0 ? { identifier } : {}),
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
