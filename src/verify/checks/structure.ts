import { OB_CONTEXT_VERSIONS, OB_V3_CONTEXT, VC_V1_CONTEXT, VC_V2_CONTEXT } from '../../credential/contexts.js'
import { asArray, isRecord } from '../../internal/ids.js'
import type { CheckResult } from '../report.js'

const OB_CONTEXT_ALIASES = new Set([
  'https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld',
  'https://imsglobal.github.io/openbadges-specification/ob_v3p0.html',
])
const CREDENTIAL_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential']

/** `@context`: VC (v2, or v1 with a warning) first, an OB 3.0 context second (OB 3.0 §B.1.2). */
export function checkContext(credential: Record<string, unknown>): CheckResult {
  const contexts = asArray(credential['@context'])
  const [first, second] = contexts
  if (first !== VC_V2_CONTEXT && first !== VC_V1_CONTEXT)
    return { id: 'context', status: 'failed', code: 'ERR_OB_CONTEXT_INVALID', message: `@context[0] must be "${VC_V2_CONTEXT}" (got ${JSON.stringify(first)})` }
  const obContext = contexts.find((c) => typeof c === 'string' && (c in OB_CONTEXT_VERSIONS || OB_CONTEXT_ALIASES.has(c)))
  if (typeof obContext !== 'string')
    return { id: 'context', status: 'failed', code: 'ERR_OB_CONTEXT_INVALID', message: 'no Open Badges 3.0 context in @context' }
  if (second !== obContext)
    return { id: 'context', status: 'failed', code: 'ERR_OB_CONTEXT_INVALID', message: `the Open Badges context must come second in @context (found "${obContext}" later)` }
  if (first === VC_V1_CONTEXT)
    return { id: 'context', status: 'warning', code: 'WARN_OB_LEGACY_FORMAT', message: 'VC Data Model 1.1 credential (OB 3.0 issues VC 2.0)' }
  if (obContext !== OB_V3_CONTEXT)
    return { id: 'context', status: 'warning', code: 'WARN_OB_CONTEXT_VERSION', message: `older Open Badges context "${obContext}"; ${OB_V3_CONTEXT} is current` }
  return { id: 'context', status: 'passed', message: 'VC 2.0 and OB 3.0.3 contexts in order' }
}

/** `type` includes VerifiableCredential and an OB credential type. */
export function checkType(credential: Record<string, unknown>): CheckResult {
  const types = asArray(credential.type)
  const obType = CREDENTIAL_TYPES.find((t) => types.includes(t))
  if (!types.includes('VerifiableCredential') || !obType)
    return {
      id: 'type',
      status: 'failed',
      code: 'ERR_OB_TYPE_INVALID',
      message: `type must include "VerifiableCredential" and one of ${CREDENTIAL_TYPES.map((t) => `"${t}"`).join(', ')} (got ${JSON.stringify(credential.type)})`,
    }
  return { id: 'type', status: 'passed', message: `VerifiableCredential, ${obType}` }
}

/** The subject: AchievementSubject with id or identifier and an Achievement with criteria (or an EndorsementSubject). */
export function checkSubject(credential: Record<string, unknown>): CheckResult {
  const fail = (message: string): CheckResult => ({ id: 'subject', status: 'failed', code: 'ERR_OB_SUBJECT_INVALID', message })
  const subject = credential.credentialSubject
  if (!isRecord(subject)) return fail('credentialSubject must be an object')
  const types = asArray(subject.type)
  if (asArray(credential.type).includes('EndorsementCredential')) {
    if (!types.includes('EndorsementSubject')) return fail(`credentialSubject.type must include "EndorsementSubject" (got ${JSON.stringify(subject.type)})`)
    if (typeof subject.id !== 'string') return fail('an EndorsementSubject needs the "id" of what it endorses')
    return { id: 'subject', status: 'passed', message: `endorses ${subject.id}` }
  }
  if (!types.includes('AchievementSubject')) return fail(`credentialSubject.type must include "AchievementSubject" (got ${JSON.stringify(subject.type)})`)
  // Many real badges (DCC, Learner Credential Wallet) name no recipient; the 1EdTech validator lets
  // them pass, so this warns once every other subject check has passed.
  const unidentified = typeof subject.id !== 'string' && asArray(subject.identifier).length === 0
  const achievement = subject.achievement
  if (!isRecord(achievement)) return fail('credentialSubject.achievement must be an embedded Achievement')
  if (!asArray(achievement.type).includes('Achievement')) return fail(`achievement.type must include "Achievement" (got ${JSON.stringify(achievement.type)})`)
  const criteria = achievement.criteria
  if (!isRecord(criteria) || (typeof criteria.id !== 'string' && typeof criteria.narrative !== 'string'))
    return fail('achievement.criteria needs an "id" or a "narrative"')
  for (const [i, evidence] of asArray(credential.evidence).entries())
    if (!isRecord(evidence) || !asArray(evidence.type).includes('Evidence'))
      return fail(`evidence[${i}].type must include "Evidence" (got ${JSON.stringify(isRecord(evidence) ? evidence.type : evidence)})`)
  const broken = brokenResultLinks(subject, achievement)
  if (unidentified)
    return {
      id: 'subject',
      status: 'warning',
      code: 'WARN_OB_SUBJECT_UNIDENTIFIED',
      message: ['credentialSubject has neither "id" nor "identifier": the badge does not say who earned it', ...broken].join('; '),
    }
  if (broken.length > 0) return { id: 'subject', status: 'warning', code: 'WARN_OB_RESULT_LINK', message: broken.join('; ') }
  return { id: 'subject', status: 'passed', message: `${typeof subject.id === 'string' ? subject.id : 'identified by identifier'} holds "${String(achievement.name)}"` }
}

/** Each result should point at a ResultDescription of the achievement, and its level at one of that description's levels. */
function brokenResultLinks(subject: Record<string, unknown>, achievement: Record<string, unknown>): string[] {
  const descriptions = new Map<string, Record<string, unknown>>()
  for (const rd of asArray(achievement.resultDescription)) if (isRecord(rd) && typeof rd.id === 'string') descriptions.set(rd.id, rd)
  const problems: string[] = []
  for (const [i, result] of asArray(subject.result).entries()) {
    if (!isRecord(result) || typeof result.resultDescription !== 'string') continue
    const rd = descriptions.get(result.resultDescription)
    if (!rd) {
      problems.push(`result[${i}] names a resultDescription the achievement does not define`)
      continue
    }
    if (typeof result.achievedLevel === 'string') {
      const levels = asArray(rd.rubricCriterionLevel).map((l) => (isRecord(l) ? l.id : undefined))
      if (!levels.includes(result.achievedLevel)) problems.push(`result[${i}].achievedLevel is not a level of its resultDescription`)
    }
  }
  return problems
}

/** The issuer: an embedded Profile with an id (the 1EdTech validator refuses a bare URI). */
export function checkIssuer(credential: Record<string, unknown>): CheckResult {
  const issuer = credential.issuer
  if (typeof issuer === 'string')
    return { id: 'issuer', status: 'failed', code: 'ERR_OB_ISSUER_INVALID', message: `issuer must be an embedded Profile, not the bare URI "${issuer}"` }
  if (!isRecord(issuer)) return { id: 'issuer', status: 'failed', code: 'ERR_OB_ISSUER_INVALID', message: 'issuer is missing' }
  if (!asArray(issuer.type).includes('Profile'))
    return { id: 'issuer', status: 'failed', code: 'ERR_OB_ISSUER_INVALID', message: `issuer.type must include "Profile" (got ${JSON.stringify(issuer.type)})` }
  if (typeof issuer.id !== 'string') return { id: 'issuer', status: 'failed', code: 'ERR_OB_ISSUER_INVALID', message: 'issuer.id is missing' }
  return { id: 'issuer', status: 'passed', message: `${typeof issuer.name === 'string' ? issuer.name : 'issuer'} (${issuer.id})` }
}
