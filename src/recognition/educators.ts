import * as nodeCrypto from 'node:crypto'
import { parse } from 'csv-parse/sync'
import { ValidationError, type ValidationProblem } from '../errors.js'
import { asArray, isRecord } from '../internal/ids.js'

/**
 * An educator as the recognizer knows them. A badge is theirs when its `credentialSubject.id` is one
 * of `ids`, or when one of `emails` matches the badge's (salted, hashed) email `identifier`.
 */
export interface EducatorIdentity {
  /** How the recognizer names the educator (employee number, name): the report's `educator` column. */
  readonly name: string
  /** Subject ids (DIDs, URLs) the educator's badges carry. */
  readonly ids?: readonly string[]
  /** Email addresses the recognizer knows for the educator (compared trimmed and lower-cased). */
  readonly emails?: readonly string[]
}

/** Whose a badge is: a listed educator, an unlisted subject id (which names its holder by itself), or nobody provable. */
export type EducatorMatch =
  | { kind: 'listed'; educator: EducatorIdentity }
  | { kind: 'subject-id'; id: string }
  | { kind: 'unmatched'; message: string }

/** Ties a credential subject to an educator; hashes each supplied email at most once per salt. */
export type EducatorMatcher = (credentialSubject: unknown) => Promise<EducatorMatch>

/**
 * Checks a recognizer's educator list, or throws one `ERR_OB_INPUT_INVALID` listing every problem:
 * each educator needs a name and an id or email, and no id or email may name two educators.
 * @example
 * const educators = parseEducators([{ name: 'Ana Rivera', emails: ['ana.rivera@example.org'] }])
 */
export function parseEducators(input: unknown): EducatorIdentity[] {
  if (!Array.isArray(input)) throw new ValidationError('ERR_OB_INPUT_INVALID', 'educator list', [{ path: '', message: 'must be an array of educators' }])
  const problems: ValidationProblem[] = []
  const owners = new Map<string, string>()
  const names = new Set<string>()
  const educators = input.map((entry: unknown, i): EducatorIdentity => {
    const at = `/${i}`
    if (!isRecord(entry) || typeof entry.name !== 'string' || entry.name.trim() === '') {
      problems.push({ path: `${at}/name`, message: 'must be a non-empty string' })
      return { name: '' }
    }
    const name = entry.name
    if (names.has(name)) problems.push({ path: `${at}/name`, message: `"${name}" is listed twice` })
    names.add(name)
    const ids = stringsAt(entry.ids, `${at}/ids`, problems)
    const emails = stringsAt(entry.emails, `${at}/emails`, problems)
    if (ids.length === 0 && emails.length === 0) problems.push({ path: at, message: `"${name}" needs an id or an email` })
    const keys = [...ids.map((id) => ({ key: `id ${id}`, path: `${at}/ids` })), ...emails.map((e) => ({ key: `email ${normalizeEmail(e)}`, path: `${at}/emails` }))]
    for (const { key, path } of keys) {
      const owner = owners.get(key)
      if (owner !== undefined && owner !== name) problems.push({ path, message: `${key} already belongs to "${owner}"` })
      owners.set(key, name)
    }
    return { name, ...(ids.length > 0 && { ids }), ...(emails.length > 0 && { emails }) }
  })
  if (problems.length > 0) throw new ValidationError('ERR_OB_INPUT_INVALID', 'educator list', problems)
  return educators
}

/**
 * Reads an educator list from CSV with a header: `name`, and `email` and/or `id` (or `did`). Rows
 * that share an email or id are one educator (a batch roster reads as one); an optional `educator`
 * column (an employee number, say) joins rows explicitly. Two educators with one name and no email
 * or id in common stay two people, and are refused until an `educator` column tells them apart.
 * @example
 * parseEducatorsCsv('educator,name,email\n4711,Ana Rivera,ana.rivera@example.org\n4711,Ana Rivera,arivera@school.example\n')
 */
export function parseEducatorsCsv(csv: string): EducatorIdentity[] {
  let records: Record<string, string>[]
  try {
    records = parse(csv, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true })
  } catch (cause) {
    throw new ValidationError('ERR_OB_INPUT_INVALID', 'educator list', [{ path: '', message: (cause as Error).message }], { cause })
  }
  type Group = { key: string | undefined; name: string; ids: Set<string>; emails: Set<string> }
  const groups: Group[] = []
  const problems: ValidationProblem[] = []
  for (const [i, record] of records.entries()) {
    const key = record.educator || undefined
    const name = record.name || key || ''
    const id = record.id || record.did || undefined
    const email = record.email ? normalizeEmail(record.email) : undefined
    const group =
      key !== undefined
        ? groups.find((g) => g.key === key)
        : groups.find((g) => g.key === undefined && ((id !== undefined && g.ids.has(id)) || (email !== undefined && g.emails.has(email))))
    if (group && group.name !== name) problems.push({ path: `/${i + 1}/name`, message: `"${name}" shares an email, id or educator key with "${group.name}"` })
    const into = group ?? { key, name, ids: new Set<string>(), emails: new Set<string>() }
    if (!group) groups.push(into)
    if (id !== undefined) into.ids.add(id)
    if (email !== undefined) into.emails.add(email)
  }
  const named = new Map<string, number>()
  for (const g of groups) named.set(g.name, (named.get(g.name) ?? 0) + 1)
  for (const [name, count] of named)
    if (count > 1 && name !== '') problems.push({ path: '/name', message: `${count} educators are named "${name}" with no email or id in common: add an "educator" column to tell them apart or to join them` })
  if (problems.length > 0) throw new ValidationError('ERR_OB_INPUT_INVALID', 'educator list', problems)
  return parseEducators(groups.map((g) => ({ name: g.name, ...(g.ids.size > 0 && { ids: [...g.ids] }), ...(g.emails.size > 0 && { emails: [...g.emails] }) })))
}

/**
 * A matcher over a checked educator list. A subject id names its holder; a hashed email
 * `identifier` names nobody until an email supplied here hashes (with the badge's salt) to it.
 * When the id and the email point to different educators, or the subject id is not one the
 * email's educator lists, the badge is unmatched: it cannot be tied to one person.
 */
export function educatorMatcher(educators: readonly EducatorIdentity[]): EducatorMatcher {
  const byId = new Map<string, EducatorIdentity>()
  const byEmail = new Map<string, EducatorIdentity>()
  for (const educator of educators) {
    for (const id of educator.ids ?? []) byId.set(id, educator)
    for (const email of educator.emails ?? []) byEmail.set(normalizeEmail(email), educator)
  }
  // A badge's salted hash is tested against every supplied email (with a random salt per badge
  // there is no shortcut); the answer is remembered per salt + hash, so an issuer's stable salt
  // costs one scan per educator, and memory stays one entry per distinct identifier. Node's
  // synchronous SHA-256 is used: Web Crypto's is tens of µs per call, a few µs here.
  const answers = new Map<string, EducatorIdentity | undefined>()
  const educatorHashedAs = (hash: string, salt: string) => {
    const key = `${salt}\n${hash}`
    if (!answers.has(key)) {
      let found: EducatorIdentity | undefined
      for (const [email, educator] of byEmail)
        if (`sha256$${sha256Hex(email + salt)}` === hash) {
          found = educator
          break
        }
      answers.set(key, found)
    }
    return answers.get(key)
  }

  return async (credentialSubject) => {
    const subject = isRecord(credentialSubject) ? credentialSubject : {}
    const subjectId = typeof subject.id === 'string' && subject.id !== '' ? subject.id : undefined
    const emailMatches = new Set<EducatorIdentity>()
    for (const identity of asArray(subject.identifier)) {
      if (!isRecord(identity) || identity.identityType !== 'emailAddress' || typeof identity.identityHash !== 'string') continue
      if (identity.hashed !== true) {
        const educator = byEmail.get(normalizeEmail(identity.identityHash))
        if (educator) emailMatches.add(educator)
        continue
      }
      // OB 3.0 §B.1.4: only sha256 hashes are defined.
      if (!identity.identityHash.toLowerCase().startsWith('sha256$') || byEmail.size === 0) continue
      const educator = educatorHashedAs(`sha256$${identity.identityHash.slice(7).toLowerCase()}`, typeof identity.salt === 'string' ? identity.salt : '')
      if (educator) emailMatches.add(educator)
    }
    if (emailMatches.size > 1) return { kind: 'unmatched', message: `its identifiers match several educators (${names(emailMatches)})` }
    const byEmailMatch = [...emailMatches][0]
    const byIdMatch = subjectId === undefined ? undefined : byId.get(subjectId)
    if (byIdMatch && byEmailMatch && byIdMatch !== byEmailMatch)
      return { kind: 'unmatched', message: `its subject id names "${byIdMatch.name}" but its email identifier matches "${byEmailMatch.name}"` }
    if (byIdMatch) return { kind: 'listed', educator: byIdMatch }
    if (byEmailMatch) {
      if (subjectId !== undefined && byEmailMatch.ids?.length)
        return { kind: 'unmatched', message: `its email identifier matches "${byEmailMatch.name}" but its subject id "${subjectId}" is not one of theirs` }
      return { kind: 'listed', educator: byEmailMatch }
    }
    if (subjectId !== undefined) return { kind: 'subject-id', id: subjectId }
    return { kind: 'unmatched', message: 'it has no subject id and no supplied email matches its identifier' }
  }
}

// One-shot `crypto.hash` (Node ≥ 20.12) is about twice as fast as a Hash object.
const sha256Hex: (text: string) => string =
  typeof nodeCrypto.hash === 'function' ? (text) => nodeCrypto.hash('sha256', text, 'hex') : (text) => nodeCrypto.createHash('sha256').update(text).digest('hex')

/** Emails compare trimmed and lower-cased, as `hashIdentity` hashes them. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

function names(educators: Iterable<EducatorIdentity>): string {
  return [...educators].map((e) => `"${e.name}"`).join(', ')
}

function stringsAt(value: unknown, path: string, problems: ValidationProblem[]): string[] {
  if (value === undefined) return []
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() !== '')) return [...(value as string[])]
  problems.push({ path, message: 'must be an array of non-empty strings' })
  return []
}
