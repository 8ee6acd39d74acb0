import type { DocumentLoaderOptions } from '../credential/document-loader.js'
import { createDocumentLoader } from '../credential/document-loader.js'
import type { OpenBadgeCredential } from '../credential/types.js'
import { isObError } from '../errors.js'
import { installJsonLdContextSharing } from '../internal/jsonld-context-sharing.js'
import { asArray, isRecord } from '../internal/ids.js'
import type { RemoteOptions } from '../internal/safe-fetch.js'
import { createDocumentCache, type DocumentCache } from '../keys/document-cache.js'
import type { ResolvedKey } from '../keys/resolve-key.js'
import type { PublicJwk } from '../keys/jwk.js'
import { multibaseFromJwk } from '../keys/multikey.js'
import { checkIssuerTrust } from './checks/issuer-trust.js'
import { checkKeyBinding, type KeyBindingContext, type KeyBindingOptions, type KeyBindingOutcome } from './checks/key-binding.js'
import type { DataIntegrityOutcome } from './checks/proof-data-integrity.js'
import { checkJwtClaims, verifyJwtProof } from './checks/proof-jwt.js'
import { checkLinks } from './checks/links.js'
import { checkJsonLd, checkSchema } from './checks/schema.js'
import { checkStatus, type ListIssuers } from './checks/status.js'
import { checkContext, checkIssuer, checkSubject, checkType } from './checks/structure.js'
import { checkValidity, expiredProof, futureProof, type ValidityOptions } from './checks/validity.js'
import { assertSafeJson, DEFAULT_MAX_INPUT_BYTES, MAX_PROOFS } from './input-safety.js'
import { type BadgeInput, type ParsedBadge, parseBadgeInput, parseError } from './parse-input.js'
import type { StatusListCache } from './status-list-cache.js'
import { type CheckId, type CheckResult, type EndorsementReport, errorsOf, type VerificationReport } from './report.js'

export interface VerifyBadgeOptions extends KeyBindingOptions, ValidityOptions {
  /**
   * Turns on did:web DID documents, https issuer profiles / key documents and status lists. Off by
   * default: nothing leaves the machine. `remote: {}` uses the guarded https client (public
   * addresses only, no redirects, 256 KiB cap, 5 s timeout).
   */
  remote?: RemoteOptions
  /**
   * Fetched DID / key documents, reused across calls (bounded; see `createDocumentCache`). Without
   * one, each `verifyBadge` call starts empty; `createVerifier` keeps one for you.
   */
  documentCache?: DocumentCache
  /** Fetch JSON-LD contexts that are not bundled (needs `remote`). @default false */
  allowRemoteContexts?: boolean
  /** Extra JSON-LD documents by URL (your extension contexts). */
  documents?: ReadonlyMap<string, unknown>
  /** Status list credentials / revocation lists by URL, served offline (checked like fetched ones). */
  statusLists?: ReadonlyMap<string, unknown>
  /**
   * Verified, decoded status lists kept between calls (`createStatusListCache()`): pass one cache to
   * every call of a verifier so badges that share a list verify its proof once per validity window.
   * Without it, each call verifies the list again.
   */
  statusListCache?: StatusListCache
  /** Longest status list accepted, in entries; a longer `encodedList` fails closed. @default 2097152 (2^21) */
  maxStatusListLength?: number
  /** The largest input read, in bytes (JSON, JWT, PNG or SVG). @default 4194304 (4 MiB) */
  maxInputBytes?: number
  /** Warn instead of failing when a present `credentialStatus` cannot be checked. @default false */
  allowUncheckedStatus?: boolean
  /** How deep embedded endorsements are verified (endorsements of endorsements…). @default 1 */
  maxEndorsementDepth?: number
  /** At most this many endorsements are verified; with more, none is (a warning, or a failure with `requireValidEndorsements`). @default 16 */
  maxEndorsements?: number
  /**
   * Fail the credential when an embedded endorsement does not verify. By default a bad endorsement
   * is reported (and must not be trusted) but does not invalidate the earner's credential. @default false
   */
  requireValidEndorsements?: boolean
}

const ORDER: CheckId[] = ['parse', 'context', 'jsonld', 'type', 'schema', 'subject', 'issuer', 'proof', 'jwt-claims', 'key-binding', 'issuer-trust', 'validity', 'status', 'endorsements']

/**
 * Verifies an Open Badges 3.0 credential given as an object, JSON text, compact JWT, or baked
 * PNG/SVG bytes. Never throws for a bad badge: returns a report with every check in the 1EdTech
 * validator's order (parse → context → JSON-LD → type → schema → subject → issuer → proof →
 * key binding → validity → status → endorsements). With a trust list (`trust`), an `issuer-trust`
 * check after key binding fails a badge whose issuer is not on it (`ERR_OB_ISSUER_UNTRUSTED`) or
 * whose achievement it does not accept (`ERR_OB_ACHIEVEMENT_NOT_ACCEPTED`); the report's
 * `trustedIssuer` then gives the list's name for the issuer. Offline unless `remote` is given.
 * @example
 * const report = await verifyBadge(await readFile('badge.png'), { now: new Date('2026-01-01') })
 * if (!report.verified) console.error(report.checks.find((c) => c.status === 'failed'))
 */
export async function verifyBadge(input: BadgeInput, options: VerifyBadgeOptions = {}): Promise<VerificationReport> {
  // One call resolves a document once (the proof, key binding and endorsements share it).
  const withCache = options.remote && !options.documentCache ? { ...options, documentCache: createDocumentCache({ maxEntries: 32 }) } : options
  return verifyAtDepth(input, withCache, 0)
}

async function verifyAtDepth(input: BadgeInput, options: VerifyBadgeOptions, depth: number): Promise<VerificationReport> {
  await installJsonLdContextSharing()
  const checks: CheckResult[] = []
  const run = async (id: CheckId, check: () => CheckResult | Promise<CheckResult>): Promise<CheckResult> => {
    let result: CheckResult
    try {
      result = await check()
    } catch (error) {
      // A check that throws is a bug or a malformed badge: report it, never crash.
      result = thrown(id, error)
    }
    checks.push(result)
    return result
  }

  let parsed: ParsedBadge | undefined
  await run('parse', async () => {
    try {
      parsed = await parseBadgeInput(input, options.maxInputBytes === undefined ? {} : { maxInputBytes: options.maxInputBytes })
    } catch (error) {
      const e = parseError(error)
      return { id: 'parse', status: 'failed', code: e.code, message: e.message }
    }
    return { id: 'parse', status: 'passed', message: `read ${parsed.container === 'object' ? 'a credential object' : `${parsed.container.toUpperCase()} input`} (${parsed.format})` }
  })
  // The trust list names the issuers of the badges the caller checks; an endorsement is a third
  // party's word about one, judged by its own key binding (pins from the list still confirm it).
  const trust = depth === 0 ? options.trust : undefined
  const optional: CheckId[] = trust ? ['issuer-trust'] : []
  if (!parsed) return finish(checks, undefined, 'unknown', 'unknown', false, [], optional)
  const { credential } = parsed
  const loaderOptions: DocumentLoaderOptions = {
    ...(options.remote ? { remote: options.remote } : {}),
    ...(options.allowRemoteContexts ? { allowRemoteContexts: true } : {}),
    ...(options.documents ? { documents: options.documents } : {}),
    ...(options.documentCache ? { cache: options.documentCache } : {}),
  }
  const resolveOptions = { ...(options.remote ? { remote: options.remote } : {}), ...(options.documentCache ? { cache: options.documentCache } : {}) }
  const documentLoader = createDocumentLoader(loaderOptions)

  await run('context', () => checkContext(credential))
  // A Data Integrity proof that verifies has already expanded the document (all but its proofs)
  // under JSON-LD safe mode during canonicalization; only the proofs still need expanding then.
  // So the proof runs first (its check is reported in its place below) and the full expansion is
  // done only when the proof fails.
  const jwt = parsed.jwt
  const diOutcome = jwt
    ? undefined
    : await verifyDataIntegrityLazily(credential, loaderOptions).catch((error: unknown): DataIntegrityOutcome => ({ check: thrown('proof', error), verified: [] }))
  await run('jsonld', async () => {
    // Proofs beyond the cap were refused unverified; expanding each would cost what verifying it saves.
    if (asArray(credential.proof).length > MAX_PROOFS) {
      const { proof: _proofs, ...withoutProofs } = credential
      const result = await checkJsonLd(withoutProofs, documentLoader)
      return result.status === 'passed' ? { ...result, message: `${result.message} (its ${asArray(credential.proof).length} proofs were not expanded)` } : result
    }
    if (diOutcome && diOutcome.check.status !== 'failed') {
      // `proof` is defined in the credential type's scoped context, so keep `type` beside it.
      const proofsOnly = await checkJsonLd({ '@context': credential['@context'], type: credential.type, proof: credential.proof }, documentLoader)
      return proofsOnly.status === 'passed' ? { ...proofsOnly, message: 'expands under JSON-LD safe mode with bundled contexts (checked while verifying the proof)' } : proofsOnly
    }
    return checkJsonLd(credential, documentLoader)
  })
  await run('type', () => checkType(credential))
  await run('schema', () => checkLinks(credential) ?? checkSchema(credential))
  await run('subject', () => checkSubject(credential))
  const issuerCheck = await run('issuer', () => checkIssuer(credential))
  const issuerId = isRecord(credential.issuer) && typeof credential.issuer.id === 'string' ? credential.issuer.id : undefined

  // The keys of the proofs that may bind the credential to its issuer: the JWT's, or each Data
  // Integrity proof that verified and is within its time (another key's proof may come first).
  let signers: ProofSigner[] = []
  const proofCheck = await run('proof', async () => {
    if (jwt) {
      const outcome = await verifyJwtProof(jwt, resolveOptions)
      signers = [{ ...(outcome.key ? { key: outcome.key } : {}), ...(outcome.headerJwk ? { headerJwk: outcome.headerJwk } : {}) }]
      return outcome.check
    }
    const outcome = diOutcome!
    if (outcome.check.status === 'failed') return outcome.check
    // A signature cannot be made in the future, nor used after its `expires`: such a proof does not
    // count. Only proofs that verified are judged, so one an adversary adds cannot sink the badge.
    const timely = outcome.verified.filter((v) => !futureProof([v.proof], undefined, options) && !expiredProof([v.proof], options))
    signers = timely.map((v) => (v.key ? { key: v.key } : {}))
    const first = outcome.verified[0]
    if (timely.length === 0 && first) {
      const future = futureProof([first.proof], undefined, options)
      return future
        ? { id: 'proof', status: 'failed', code: 'ERR_OB_PROOF_CREATED_IN_FUTURE', message: future }
        : { id: 'proof', status: 'failed', code: 'ERR_OB_PROOF_INVALID', message: expiredProof([first.proof], options) ?? 'no proof is within its time' }
    }
    return outcome.check
  })
  if (jwt) {
    // A JWT cannot be issued in the future either (its `iat`, or the created time of a proof it embeds).
    const future = proofCheck.status === 'failed' ? undefined : futureProof(asArray(credential.proof).filter(isRecord), jwt.payload.iat, options)
    if (future) Object.assign(proofCheck, { status: 'failed', code: 'ERR_OB_PROOF_CREATED_IN_FUTURE', message: future } satisfies Partial<CheckResult>)
    await run('jwt-claims', () => checkJwtClaims(jwt, credential))
  }

  let issuerKeyConfirmed = false
  let confirmedSigner: ProofSigner | undefined
  const keyBindingCheck = await run('key-binding', async () => {
    if (proofCheck.status === 'failed' || issuerCheck.status === 'failed' || !issuerId)
      return { id: 'key-binding', status: 'skipped', message: 'needs a valid proof and issuer' }
    const outcome = await bindAnySigner(issuerId, signers, { ...options, ...resolveOptions })
    issuerKeyConfirmed = outcome.confirmed
    confirmedSigner = outcome.signer
    return outcome.check
  })
  let trustedIssuer: { id: string; name: string } | undefined
  if (trust)
    await run('issuer-trust', () => {
      const outcome = checkIssuerTrust(credential, issuerId, trust, keyBindingCheck)
      trustedIssuer = outcome.trusted
      return outcome.check
    })
  await run('validity', () => checkValidity(credential, options))
  // Only a confirmed badge's list is key-bound, so only then may it be cached: a list read for an
  // unconfirmed badge (a forgery in the issuer's name) must not be reused for a confirmed one.
  const { statusListCache: _cache, ...uncached } = options
  const statusOptions = issuerKeyConfirmed ? options : uncached
  await run('status', async () => {
    const listIssuers: ListIssuers = [issuerId ?? '', ...(await sameKeyDid(issuerId, confirmedSigner))]
    // A VC-JWT 1.1 may carry its id only as "jti": that is the id a revocation list names.
    const identified = jwt && credential.id === undefined && typeof jwt.payload.jti === 'string' ? { ...credential, id: jwt.payload.jti } : credential
    return checkStatus(identified, listIssuers, statusOptions, (list, listIssuer) => statusListDistrust(list, listIssuer, { options, loaderOptions, resolveOptions, issuerKeyConfirmed }))
  })

  const endorsements: EndorsementReport[] = []
  await run('endorsements', () => checkEndorsements(credential, options, depth, endorsements))

  return finish(checks, credential as OpenBadgeCredential, parsed.format === 'unknown' ? 'data-integrity' : parsed.format, parsed.container, issuerKeyConfirmed, endorsements, optional, trustedIssuer)
}

type StatusListCheck = Parameters<typeof checkStatus>[3]

/**
 * Why a status list must not be trusted for this credential, or `undefined`: it must be the
 * issuer's, its proof must verify under a key of the issuer and, when the credential's key is
 * confirmed, under a confirmed key too.
 */
async function statusListDistrust(
  list: Parameters<StatusListCheck>[0],
  expectedIssuer: string,
  { options, loaderOptions, resolveOptions, issuerKeyConfirmed }: { options: VerifyBadgeOptions; loaderOptions: DocumentLoaderOptions; resolveOptions: Pick<VerifyBadgeOptions, 'remote' | 'documentCache'>; issuerKeyConfirmed: boolean },
): Promise<string | undefined> {
  const listIssuer = isRecord(list.issuer) ? list.issuer.id : list.issuer
  if (listIssuer !== expectedIssuer) return `issued by "${String(listIssuer)}", not by the credential's issuer "${expectedIssuer}"`
  // The caps a credential gets before its proof is canonicalized (a list may come from anywhere).
  try {
    assertSafeJson(list, DEFAULT_MAX_INPUT_BYTES)
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  const proof = await verifyDataIntegrityLazily(list, loaderOptions)
  if (proof.check.status === 'failed') return proof.check.message
  // A confirmed credential needs a list signed by a confirmed key too: otherwise anyone could sign
  // a list in the issuer's name (e.g. under a did:web fragment key) that hides a revocation. Key
  // binding decides as it did for the credential (a key pinned for a `urn:` issuer is under a did:key).
  if (issuerKeyConfirmed) {
    const signers = proof.verified.map((v) => (v.key ? { key: v.key } : {}))
    const bound = await bindAnySigner(expectedIssuer, signers, { ...options, acceptClaimedKey: false, ...resolveOptions })
    if (!bound.confirmed) return `its signing key is not confirmed as the issuer's: ${bound.check.message}`
    return undefined
  }
  if (proof.key && proof.key.controller !== expectedIssuer) return `signed by "${proof.key.controller}"`
  return undefined
}

/** The key of one proof, as key binding takes it: resolved, or inline in a JWT header. */
type ProofSigner = { key?: ResolvedKey; headerJwk?: PublicJwk }

/**
 * Key binding over the keys of every proof that verified: confirmed when any of them is the
 * issuer's. Otherwise a conformance-mode warning if one merely claims the issuer, else the first
 * proof's failure (no proof at all: its key could not be read).
 */
async function bindAnySigner(issuerId: string, signers: readonly ProofSigner[], options: KeyBindingOptions & KeyBindingContext): Promise<KeyBindingOutcome & { signer?: ProofSigner }> {
  const outcomes: KeyBindingOutcome[] = []
  for (const signer of signers.length > 0 ? signers : [{}]) {
    const outcome = await checkKeyBinding(issuerId, signer, options)
    if (outcome.confirmed) return { ...outcome, signer }
    outcomes.push(outcome)
  }
  return outcomes.find((o) => o.check.status === 'warning') ?? outcomes[0]!
}

/**
 * The did:key of the key confirmed as the issuer's, when the issuer is not that did:key itself:
 * a status list it issued is the issuer's (DCC's status service signs a did:web issuer's lists so).
 */
async function sameKeyDid(issuerId: string | undefined, signer: ProofSigner | undefined): Promise<string[]> {
  const jwk = signer?.key?.publicJwk ?? signer?.headerJwk
  if (!issuerId || !jwk) return []
  const multibase = signer?.key?.publicKeyMultibase ?? (jwk.kty === 'RSA' ? undefined : await multibaseFromJwk(jwk).catch(() => undefined))
  const did = multibase === undefined ? undefined : `did:key:${multibase}`
  return did === undefined || did === issuerId ? [] : [did]
}

/** Verifies the embedded endorsements (one level down by default), adding each to `endorsements`. */
async function checkEndorsements(credential: Record<string, unknown>, options: VerifyBadgeOptions, depth: number, endorsements: EndorsementReport[]): Promise<CheckResult> {
  const embedded = embeddedEndorsements(credential)
  if (embedded.length === 0) return { id: 'endorsements', status: 'skipped', message: 'no embedded endorsements' }
  const { maxEndorsementDepth = 1, maxEndorsements = 16 } = options
  if (depth >= maxEndorsementDepth) return { id: 'endorsements', status: 'skipped', message: `not verified beyond depth ${maxEndorsementDepth}` }
  // Too many to verify: none is trusted, and (as for a bad one) the earner's credential stands unless asked otherwise.
  if (embedded.length > maxEndorsements) {
    const message = `${embedded.length} endorsements; at most ${maxEndorsements} are verified, so none was and none must be trusted`
    return options.requireValidEndorsements
      ? { id: 'endorsements', status: 'failed', code: 'ERR_OB_ENDORSEMENT_INVALID', message }
      : { id: 'endorsements', status: 'warning', code: 'WARN_OB_ENDORSEMENT_UNVERIFIED', message }
  }
  for (const { value, embeddedIn, endorsedIds } of embedded) {
    const report = await verifyAtDepth(value, options, depth + 1)
    const endorsement = report.credential as Record<string, unknown> | undefined
    const subject = isRecord(endorsement?.credentialSubject) ? endorsement.credentialSubject : undefined
    // An endorsement only counts for what it names: one of another achievement does not transfer.
    const isEndorsement = asArray(endorsement?.type).includes('EndorsementCredential') && typeof subject?.id === 'string' && endorsedIds.includes(subject.id)
    endorsements.push({
      id: typeof endorsement?.id === 'string' ? endorsement.id : undefined,
      embeddedIn,
      endorser: report.issuer?.id,
      comment: typeof subject?.endorsementComment === 'string' ? subject.endorsementComment : undefined,
      // Conformance mode lets a claimed key through for the badge; never for an endorsement.
      verified: report.verified && report.issuerKeyConfirmed && isEndorsement,
      issuerKeyConfirmed: report.issuerKeyConfirmed,
      checks: report.checks,
    })
  }
  const failed = endorsements.filter((e) => !e.verified)
  if (failed.length > 0) {
    const why = (e: EndorsementReport) => `${e.id ?? '(no id)'}${e.checks.some((c) => c.status === 'failed') || e.issuerKeyConfirmed ? '' : ' (its key is not confirmed as the endorser’s)'}`
    const message = `${failed.length} of ${endorsements.length} endorsement(s) did not verify and must not be trusted: ${failed.map(why).join(', ')}`
    return options.requireValidEndorsements
      ? { id: 'endorsements', status: 'failed', code: 'ERR_OB_ENDORSEMENT_INVALID', message }
      : { id: 'endorsements', status: 'warning', code: 'WARN_OB_ENDORSEMENT_UNVERIFIED', message }
  }
  return { id: 'endorsements', status: 'passed', message: `${endorsements.length} endorsement(s) verified` }
}

/** The Data Integrity verifier (and its stack) loads only when a badge needs it. */
async function verifyDataIntegrityLazily(...args: Parameters<typeof import('./checks/proof-data-integrity.js').verifyDataIntegrity>) {
  const { verifyDataIntegrity } = await import('./checks/proof-data-integrity.js')
  return verifyDataIntegrity(...args)
}

function thrown(id: CheckId, error: unknown): CheckResult {
  return { id, status: 'failed', code: isObError(error) ? error.code : 'ERR_OB_GENERIC', message: error instanceof Error ? error.message : String(error) }
}

function embeddedEndorsements(
  credential: Record<string, unknown>,
): { value: BadgeInput; embeddedIn: EndorsementReport['embeddedIn']; endorsedIds: string[] }[] {
  const subject = isRecord(credential.credentialSubject) ? credential.credentialSubject : {}
  const achievement = isRecord(subject.achievement) ? subject.achievement : {}
  const issuer = isRecord(credential.issuer) ? credential.issuer : {}
  // An endorsement in the credential may name the credential, its achievement or its issuer (OB 3.0
  // EndorsementSubject); one in the achievement or the issuer names that achievement or issuer.
  const idsOf = (...holders: Record<string, unknown>[]) => holders.map((h) => h.id).filter((id): id is string => typeof id === 'string')
  const from = (holder: Record<string, unknown>, embeddedIn: EndorsementReport['embeddedIn']) =>
    [...asArray(holder.endorsement), ...asArray(holder.endorsementJwt)]
      .filter((v): v is Record<string, unknown> | string => isRecord(v) || typeof v === 'string')
      .map((value) => ({ value, embeddedIn, endorsedIds: embeddedIn === 'credential' ? idsOf(credential, achievement, issuer) : idsOf(holder) }))
  return [...from(credential, 'credential'), ...from(achievement, 'achievement'), ...from(issuer, 'issuer')]
}

function finish(
  checks: CheckResult[],
  credential: OpenBadgeCredential | undefined,
  format: VerificationReport['format'],
  container: VerificationReport['container'],
  issuerKeyConfirmed: boolean,
  endorsements: EndorsementReport[],
  /** Checks run only in some cases (`issuer-trust` with a trust list), listed when that case applies. */
  optional: readonly CheckId[],
  trustedIssuer?: { id: string; name: string },
): VerificationReport {
  const present = new Set(checks.map((c) => c.id))
  const conditional = new Set<CheckId>(['jwt-claims', 'issuer-trust'])
  for (const id of ORDER) if (!present.has(id) && (!conditional.has(id) || optional.includes(id))) checks.push({ id, status: 'skipped', message: 'not reached' })
  checks.sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id))
  const issuerValue = credential && isRecord(credential.issuer) ? credential.issuer : undefined
  const issuer =
    issuerValue && typeof issuerValue.id === 'string'
      ? { id: issuerValue.id, ...(typeof issuerValue.name === 'string' ? { name: issuerValue.name } : {}) }
      : credential && typeof credential.issuer === 'string'
        ? { id: credential.issuer as string }
        : undefined
  const base = { format, container, credential, issuer, issuerKeyConfirmed, ...(trustedIssuer ? { trustedIssuer } : {}), checks, endorsements }
  const errors = errorsOf(checks)
  return errors.length === 0 ? { ...base, verified: true, errors: [] } : { ...base, verified: false, errors }
}
