import { ValidationError, type ValidationProblem } from '../errors.js'
import { isRecord } from '../internal/ids.js'

/** An issuer a verifier or recognizer has approved, under the name the approver knows it by. */
export interface TrustedIssuer {
  /** The issuer id as it appears in credentials (`did:key:…`, `did:web:…`, `https://…`). */
  readonly id: string
  /** The approver's name for this issuer; reports show this, never the badge's own claim. */
  readonly name: string
  /**
   * Pinned keys, usable offline: verification method ids, `publicKeyMultibase` values or RFC 7638
   * JWK thumbprints. A key listed here confirms the issuer without any look-up.
   */
  readonly keys?: readonly string[]
  /** Achievement ids this approver accepts from the issuer; absent means every achievement. */
  readonly achievements?: readonly string[]
}

/** A verifier's or recognizer's list of approved issuers (the `--trust FILE` of the CLI). */
export interface TrustList {
  readonly issuers: readonly TrustedIssuer[]
}

/**
 * Reads a trust list from parsed JSON, or throws one `ERR_OB_INPUT_INVALID` listing every problem.
 * @example
 * const trust = parseTrustList({ issuers: [{ id: 'did:web:springfield.example', name: 'Springfield Public Schools' }] })
 */
export function parseTrustList(input: unknown): TrustList {
  const problems: ValidationProblem[] = []
  if (!isRecord(input) || !Array.isArray(input.issuers)) {
    throw new ValidationError('ERR_OB_INPUT_INVALID', 'trust list', [{ path: '/issuers', message: 'must be an array of issuers' }])
  }
  const seen = new Set<string>()
  const issuers = input.issuers.map((entry: unknown, i): TrustedIssuer => {
    const at = `/issuers/${i}`
    if (!isRecord(entry)) {
      problems.push({ path: at, message: 'must be an object with "id" and "name"' })
      return { id: '', name: '' }
    }
    const id = nonEmptyString(entry.id, `${at}/id`, problems)
    const name = nonEmptyString(entry.name, `${at}/name`, problems)
    if (id && seen.has(id)) problems.push({ path: `${at}/id`, message: `"${id}" is listed twice` })
    seen.add(id)
    const keys = stringList(entry.keys, `${at}/keys`, problems)
    const achievements = stringList(entry.achievements, `${at}/achievements`, problems)
    return Object.freeze({ id, name, ...(keys && { keys }), ...(achievements && { achievements }) })
  })
  if (problems.length > 0) throw new ValidationError('ERR_OB_INPUT_INVALID', 'trust list', problems)
  return Object.freeze({ issuers: Object.freeze(issuers) })
}

/** The approved entry for an issuer id, if any. */
export function findTrustedIssuer(list: TrustList, issuerId: string): TrustedIssuer | undefined {
  return list.issuers.find((issuer) => issuer.id === issuerId)
}

/** Does the approver accept this achievement from this issuer? */
export function acceptsAchievement(issuer: TrustedIssuer, achievementId: string | undefined): boolean {
  if (issuer.achievements === undefined) return true
  return achievementId !== undefined && issuer.achievements.includes(achievementId)
}

/** Pinned keys by issuer id, in the shape key binding takes. */
export function pinnedKeysOf(list: TrustList): Record<string, readonly string[]> {
  return Object.fromEntries(list.issuers.filter((i) => i.keys?.length).map((i) => [i.id, i.keys ?? []]))
}

function nonEmptyString(value: unknown, path: string, problems: ValidationProblem[]): string {
  if (typeof value === 'string' && value.trim() !== '') return value
  problems.push({ path, message: 'must be a non-empty string' })
  return ''
}

function stringList(value: unknown, path: string, problems: ValidationProblem[]): readonly string[] | undefined {
  if (value === undefined) return undefined
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '')) return Object.freeze([...(value as string[])])
  problems.push({ path, message: 'must be an array of non-empty strings' })
  return undefined
}
