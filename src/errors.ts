/**
 * Coded errors. Misuse of the API throws `TypeError`/`RangeError`; bad data throws (or is
 * reported as) an {@link ObError} subclass whose `code` is stable and safe to `switch` on.
 */

/** Every stable error code this library emits. */
export type ObErrorCode =
  | 'ERR_OB_GENERIC'
  | 'ERR_OB_INPUT_INVALID'
  | 'ERR_OB_TEMPLATE_INVALID'
  | 'ERR_OB_SUBMISSION_INVALID'
  | 'ERR_OB_REVIEW_INVALID'
  | 'ERR_OB_DECISION_INVALID'
  | 'ERR_OB_SCHEMA_INVALID'
  | 'ERR_OB_JSONLD_INVALID'
  | 'ERR_OB_CONTEXT_INVALID'
  | 'ERR_OB_CONTEXT_NOT_BUNDLED'
  | 'ERR_OB_TYPE_INVALID'
  | 'ERR_OB_SUBJECT_INVALID'
  | 'ERR_OB_ISSUER_INVALID'
  | 'ERR_OB_KEY_INVALID'
  | 'ERR_OB_KEY_NOT_ISSUER'
  | 'ERR_OB_KEY_UNRESOLVED'
  | 'ERR_OB_PROOF_MISSING'
  | 'ERR_OB_PROOF_INVALID'
  | 'ERR_OB_PROOF_UNSUPPORTED'
  | 'ERR_OB_JWT_INVALID'
  | 'ERR_OB_JWT_CLAIM_MISMATCH'
  | 'ERR_OB_ALG_NOT_ALLOWED'
  | 'ERR_OB_CREDENTIAL_EXPIRED'
  | 'ERR_OB_CREDENTIAL_NOT_YET_VALID'
  | 'ERR_OB_STATUS_UNCHECKED'
  | 'ERR_OB_STATUS_REVOKED'
  | 'ERR_OB_STATUS_SUSPENDED'
  | 'ERR_OB_ENDORSEMENT_INVALID'
  | 'ERR_OB_FETCH_REFUSED'
  | 'ERR_OB_FETCH_FAILED'
  | 'ERR_OB_BAKE_INVALID'
  | 'ERR_OB_BAKE_LEGACY_V2'
  | 'ERR_OB_PARSE_FAILED'
  | 'ERR_OB_ISSUER_UNTRUSTED'
  | 'ERR_OB_ACHIEVEMENT_NOT_ACCEPTED'
  | 'ERR_OB_RECIPIENT_UNMATCHED'
  | 'ERR_OB_CREDENTIAL_DUPLICATE'
  | 'ERR_OB_CREDENTIAL_SUPERSEDED'
  | 'ERR_OB_NOT_PATHWAY_MEMBER'
  | 'ERR_OB_PATHWAY_MEMBER_MISSING'
  | 'ERR_OB_PATHWAY_INCOMPLETE'
  | 'ERR_OB_KEY_UNCONFIRMED'
  | 'ERR_OB_STORE_UNAVAILABLE'
  | 'ERR_OB_INPUT_TOO_LARGE'
  | 'ERR_OB_INPUT_FORBIDDEN_KEY'
  | 'ERR_OB_URI_UNSAFE'
  | 'ERR_OB_PROOF_CREATED_IN_FUTURE'
  | 'ERR_OB_STATUS_LIST_INVALID'
  | 'ERR_OB_STATUS_LIST_EXPIRED'
  | 'ERR_OB_STATUS_LIST_NOT_YET_VALID'
  | 'ERR_OB_STATUS_LIST_TOO_LARGE'
  | 'ERR_OB_PAGE_IMAGE_MISMATCH'
  | 'ERR_OB_EXCHANGE_NOT_FOUND'
  | 'ERR_OB_EXCHANGE_EXPIRED'
  | 'ERR_OB_EXCHANGE_COMPLETE'
  | 'ERR_OB_EXCHANGE_CHALLENGE_INVALID'
  | 'ERR_OB_EXCHANGE_DOMAIN_INVALID'
  | 'ERR_OB_EXCHANGE_PRESENTATION_INVALID'
  | 'ERR_OB_EXCHANGE_REQUEST_INVALID'
  | 'ERR_OB_OID4VCI_REQUEST_INVALID'
  | 'ERR_OB_OID4VCI_TOKEN_INVALID'
  | 'ERR_OB_OID4VCI_PROOF_INVALID'
  | 'ERR_OB_API_REQUEST_FAILED'
  | 'ERR_OB_API_RESPONSE_INVALID'
  | 'ERR_OB_OID4VCI_NONCE_INVALID'
  | 'ERR_OB_SIGNER_FAILED'
  | 'ERR_OB_USAGE'
  | 'ERR_OB_DEPENDENCY_MISSING'

/** Base class of every coded error thrown or reported by microcred. */
export class ObError extends Error {
  readonly code: ObErrorCode = 'ERR_OB_GENERIC'
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = new.target.name
  }
}

/** One problem found in a document, located by a JSON Pointer-like path (e.g. `/rubric/criteria/0/levels`). */
export interface ValidationProblem {
  /** JSON path of the offending value; `''` is the document root. */
  path: string
  /** What is wrong, naming the property and quoting the value. */
  message: string
}

/**
 * A document failed validation; `problems` lists every problem found, each with its path. Each code
 * it carries has its own subclass ({@link InputInvalid}, {@link TemplateInvalid}, …): an instance is
 * always of its code's class, however it was made.
 */
export class ValidationError extends ObError {
  override readonly code: ObErrorCode
  readonly problems: readonly ValidationProblem[]
  /** What was validated ("template", "roster"), when the message is made from `problems`. */
  readonly #what: string | undefined
  constructor(
    code: ObErrorCode,
    what: string,
    problems: readonly ValidationProblem[],
    options?: ErrorOptions,
  ) {
    super(problems.length > 0 ? listed(what, problems, 3) : what, options)
    this.code = code
    this.problems = problems
    this.#what = problems.length > 0 ? what : undefined
    // `new ValidationError('ERR_OB_TEMPLATE_INVALID', …)` is a TemplateInvalid, so `instanceof` holds.
    const Class = ERROR_CLASSES[code]
    if (new.target === ValidationError && Class.prototype instanceof ValidationError) {
      Object.setPrototypeOf(this, Class.prototype)
      this.name = Class.name
    }
  }

  /**
   * The message with up to `limit` problems listed (the message itself lists three), and how many
   * are left out, worded by `more`. A message that does not list its problems is returned as it is.
   * @example
   * error.listProblems(10, (left) => ` (+${left} more; see error.problems)`)
   */
  listProblems(limit: number, more: (left: number) => string = (left) => ` (+${left} more)`): string {
    return this.#what === undefined ? this.message : listed(this.#what, this.problems, limit, more)
  }
}

/** "template is invalid: /a: is required; /b: …" with the first `limit` problems. */
function listed(what: string, problems: readonly ValidationProblem[], limit: number, more = (left: number) => ` (+${left} more)`): string {
  const first = problems
    .slice(0, limit)
    .map((p) => `${p.path || '/'}: ${p.message}`)
    .join('; ')
  return `${what} is invalid: ${first}${problems.length > limit ? more(problems.length - limit) : ''}`
}

/**
 * The class a coded error extends. Spelled out so the published declarations describe an `ObError`
 * with its literal code, not a copy of Node's `ErrorConstructor` statics (which need `@types/node`).
 */
interface CodedErrorClass<C extends ObErrorCode> {
  new (message: string, options?: ErrorOptions): ObError & { readonly code: C }
}

function coded<C extends ObErrorCode>(code: C): CodedErrorClass<C> {
  return class extends ObError {
    override readonly code: C = code
  }
}

/** The class a coded validation error extends, spelled out for the same reason as {@link CodedErrorClass}. */
interface InvalidErrorClass<C extends ObErrorCode> {
  new (message: string, options?: ErrorOptions & { problems?: readonly ValidationProblem[] }): ValidationError & { readonly code: C }
}

function invalid<C extends ObErrorCode>(code: C): InvalidErrorClass<C> {
  return class extends ValidationError {
    override readonly code: C = code
    /** `message` stands alone when there are no `problems`; with problems it names the document. */
    constructor(message: string, options?: ErrorOptions & { problems?: readonly ValidationProblem[] }) {
      super(code, message, [], options)
      Object.defineProperty(this, 'problems', { value: options?.problems ?? [], enumerable: true })
    }
  }
}

/** The input could not be read as JSON, JWT, PNG or SVG. */
export class ParseFailed extends coded('ERR_OB_PARSE_FAILED') {}
/** A credential failed the official 1EdTech JSON schema. */
export class SchemaInvalid extends coded('ERR_OB_SCHEMA_INVALID') {}
/** JSON-LD expansion failed under safe mode (e.g. an undefined term). */
export class JsonLdInvalid extends coded('ERR_OB_JSONLD_INVALID') {}
/** `@context` is missing, misordered or unsupported. */
export class ContextInvalid extends coded('ERR_OB_CONTEXT_INVALID') {}
/** A JSON-LD context or document URL is not bundled and remote loading is off. */
export class ContextNotBundled extends coded('ERR_OB_CONTEXT_NOT_BUNDLED') {}
/** The key is malformed, private where it must be public, or of an unsupported type. */
export class KeyInvalid extends coded('ERR_OB_KEY_INVALID') {}
/** The signing key is controlled by someone other than the credential's issuer. */
export class KeyNotIssuer extends coded('ERR_OB_KEY_NOT_ISSUER') {}
/** A verification method could not be resolved to a key. */
export class KeyUnresolved extends coded('ERR_OB_KEY_UNRESOLVED') {}
/** A signature did not verify. */
export class ProofInvalid extends coded('ERR_OB_PROOF_INVALID') {}
/** A JWT algorithm outside the allow-list (`none`, HMAC, …). */
export class AlgNotAllowed extends coded('ERR_OB_ALG_NOT_ALLOWED') {}
/** A fetch was refused (remote loading off, not https, too large). */
export class FetchRefused extends coded('ERR_OB_FETCH_REFUSED') {}
/** A permitted fetch failed (network, status, timeout). */
export class FetchFailed extends coded('ERR_OB_FETCH_FAILED') {}
/** A baked image is malformed (compressed, doubled or oversized credential chunk). */
export class BakeInvalid extends coded('ERR_OB_BAKE_INVALID') {}
/** A baked image carries an Open Badges 2.0 assertion, not an OB 3.0 credential. */
export class BakeLegacyV2 extends coded('ERR_OB_BAKE_LEGACY_V2') {}
/** A decision cannot be finalized as asked (e.g. an override without a reason). */
export class DecisionInvalid extends coded('ERR_OB_DECISION_INVALID') {}
/** The signature is intact, but nothing confirms the key is the issuer's (pin it, or allow remote resolution). */
export class KeyUnconfirmed extends coded('ERR_OB_KEY_UNCONFIRMED') {}

/** One rule of a pathway that is not met, located by its path in the pathway file (e.g. `/rule/allOf/1/of/0`). */
export interface PathwayRuleFailure {
  path: string
  /** Why: the member badge's exclusion code, `ERR_OB_PATHWAY_MEMBER_MISSING`, or `ERR_OB_PATHWAY_INCOMPLETE` for an n-of rule. */
  code: ObErrorCode
  message: string
  /** The template (achievement) id of a member rule. */
  template?: string
}

/** A pathway is not satisfied by the recipient's counting badges; `unmet` names every failing rule. */
export class PathwayIncomplete extends ObError {
  override readonly code = 'ERR_OB_PATHWAY_INCOMPLETE'
  readonly unmet: readonly PathwayRuleFailure[]
  constructor(pathwayName: string, unmet: readonly PathwayRuleFailure[], options?: ErrorOptions) {
    const first = unmet.filter((u) => u.template !== undefined).concat(unmet.filter((u) => u.template === undefined))
    const listed = first
      .slice(0, 3)
      .map((u) => `${u.path} ${u.code}: ${u.message}`)
      .join('; ')
    super(`the pathway "${pathwayName}" is not satisfied: ${listed}${unmet.length > 3 ? ` (+${unmet.length - 3} more)` : ''}`, options)
    this.unmet = unmet
  }
}
/** The issuer state store cannot be reached or used (database down, lock held too long, newer schema). */
export class StoreUnavailable extends coded('ERR_OB_STORE_UNAVAILABLE') {}
/** The input is larger than the configured cap (`maxInputBytes`). */
export class InputTooLarge extends coded('ERR_OB_INPUT_TOO_LARGE') {}
/** The input has an own `__proto__`, `constructor` or `prototype` key (or nests too deep). */
export class InputForbiddenKey extends coded('ERR_OB_INPUT_FORBIDDEN_KEY') {}
/** A status list credential is not trustworthy (types, issuer, purpose, proof or encoding). */
export class StatusListInvalid extends coded('ERR_OB_STATUS_LIST_INVALID') {}
/** A status list's `encodedList` inflates beyond the largest list accepted. */
export class StatusListTooLarge extends coded('ERR_OB_STATUS_LIST_TOO_LARGE') {}
/** The baked image given for a credential page carries a different credential. */
export class PageImageMismatch extends coded('ERR_OB_PAGE_IMAGE_MISMATCH') {}

/** No exchange has this id (or it was never created here). */
export class ExchangeNotFound extends coded('ERR_OB_EXCHANGE_NOT_FOUND') {}
/** The exchange, or the challenge the presentation answers, has expired. */
export class ExchangeExpired extends coded('ERR_OB_EXCHANGE_EXPIRED') {}
/** The exchange already delivered its credential: exchanges are one-time, a replay is refused. */
export class ExchangeComplete extends coded('ERR_OB_EXCHANGE_COMPLETE') {}
/** The presentation's challenge is not one this exchange issued. */
export class ExchangeChallengeInvalid extends coded('ERR_OB_EXCHANGE_CHALLENGE_INVALID') {}
/** The presentation's proof is for another domain than this issuer's. */
export class ExchangeDomainInvalid extends coded('ERR_OB_EXCHANGE_DOMAIN_INVALID') {}
/** The DIDAuthentication presentation did not verify, or its signer does not control the holder DID. */
export class ExchangePresentationInvalid extends coded('ERR_OB_EXCHANGE_PRESENTATION_INVALID') {}
/** The exchange request body is not an empty object or `{ verifiablePresentation }`. */
export class ExchangeRequestInvalid extends coded('ERR_OB_EXCHANGE_REQUEST_INVALID') {}
/** An OpenID4VCI request is malformed or asks for something not offered. */
export class Oid4vciRequestInvalid extends coded('ERR_OB_OID4VCI_REQUEST_INVALID') {}
/** An OpenID4VCI pre-authorized code or access token is unknown, used or expired. */
export class Oid4vciTokenInvalid extends coded('ERR_OB_OID4VCI_TOKEN_INVALID') {}
/** An OpenID4VCI proof of possession is missing, mis-typed, for another audience or nonce, or does not verify. */
export class Oid4vciProofInvalid extends coded('ERR_OB_OID4VCI_PROOF_INVALID') {}
/** An OB 3.0 API host refused a request (HTTP status and error body in the message). */
export class ApiRequestFailed extends coded('ERR_OB_API_REQUEST_FAILED') {}
/** An OB 3.0 API host answered with a body that is not what the OpenAPI document specifies. */
export class ApiResponseInvalid extends coded('ERR_OB_API_RESPONSE_INVALID') {}
/** An OpenID4VCI proof's nonce was not issued here, has expired or was already used. */
export class Oid4vciNonceInvalid extends coded('ERR_OB_OID4VCI_NONCE_INVALID') {}

/** A document is not what was expected (a file, a list, a record); `problems` locates each problem. */
export class InputInvalid extends invalid('ERR_OB_INPUT_INVALID') {}
/** A micro-credential template is malformed. */
export class TemplateInvalid extends invalid('ERR_OB_TEMPLATE_INVALID') {}
/** A submission is malformed or does not fit its template. */
export class SubmissionInvalid extends invalid('ERR_OB_SUBMISSION_INVALID') {}
/** Reviews are malformed or do not fit the rubric. */
export class ReviewInvalid extends invalid('ERR_OB_REVIEW_INVALID') {}
/** The issuer profile is malformed, or is not the signing key's issuer. */
export class IssuerInvalid extends invalid('ERR_OB_ISSUER_INVALID') {}
/** An error without a more precise code. */
export class GenericObError extends coded('ERR_OB_GENERIC') {}
/** The credential's `type` does not include what OB 3.0 requires. */
export class TypeInvalid extends coded('ERR_OB_TYPE_INVALID') {}
/** The credential subject is missing or malformed. */
export class SubjectInvalid extends coded('ERR_OB_SUBJECT_INVALID') {}
/** The credential carries no proof. */
export class ProofMissing extends coded('ERR_OB_PROOF_MISSING') {}
/** The proof's type or cryptosuite is not supported. */
export class ProofUnsupported extends coded('ERR_OB_PROOF_UNSUPPORTED') {}
/** A VC-JWT is malformed. */
export class JwtInvalid extends coded('ERR_OB_JWT_INVALID') {}
/** A VC-JWT's registered claims disagree with the credential they carry. */
export class JwtClaimMismatch extends coded('ERR_OB_JWT_CLAIM_MISMATCH') {}
/** The credential's `validUntil` has passed. */
export class CredentialExpired extends coded('ERR_OB_CREDENTIAL_EXPIRED') {}
/** The credential's `validFrom` is in the future. */
export class CredentialNotYetValid extends coded('ERR_OB_CREDENTIAL_NOT_YET_VALID') {}
/** The credential's status could not be checked (no list given, remote loading off). */
export class StatusUnchecked extends coded('ERR_OB_STATUS_UNCHECKED') {}
/** The issuer has revoked the credential. */
export class StatusRevoked extends coded('ERR_OB_STATUS_REVOKED') {}
/** The issuer has suspended the credential. */
export class StatusSuspended extends coded('ERR_OB_STATUS_SUSPENDED') {}
/** An embedded endorsement did not verify. */
export class EndorsementInvalid extends coded('ERR_OB_ENDORSEMENT_INVALID') {}
/** The issuer is not on the relying party's trust list. */
export class IssuerUntrusted extends coded('ERR_OB_ISSUER_UNTRUSTED') {}
/** The achievement is not one the trust list accepts from this issuer. */
export class AchievementNotAccepted extends coded('ERR_OB_ACHIEVEMENT_NOT_ACCEPTED') {}
/** The credential's recipient is not the educator asked about. */
export class RecipientUnmatched extends coded('ERR_OB_RECIPIENT_UNMATCHED') {}
/** The same credential was given twice. */
export class CredentialDuplicate extends coded('ERR_OB_CREDENTIAL_DUPLICATE') {}
/** A later credential for the same achievement and recipient replaces this one. */
export class CredentialSuperseded extends coded('ERR_OB_CREDENTIAL_SUPERSEDED') {}
/** The badge is not a member of the pathway. */
export class NotPathwayMember extends coded('ERR_OB_NOT_PATHWAY_MEMBER') {}
/** A badge the pathway requires is missing. */
export class PathwayMemberMissing extends coded('ERR_OB_PATHWAY_MEMBER_MISSING') {}
/** A `Signer` failed to sign (KMS or HSM unreachable, key disabled, permission denied); the cause is attached. */
export class SignerFailed extends coded('ERR_OB_SIGNER_FAILED') {}
/** An address (link, image, evidence) uses a scheme that is not safe to follow (`javascript:`, `data:`, …). */
export class UriUnsafe extends coded('ERR_OB_URI_UNSAFE') {}
/** A proof says it was created after the verification time. */
export class ProofCreatedInFuture extends coded('ERR_OB_PROOF_CREATED_IN_FUTURE') {}
/** A status list credential's `validUntil` has passed. */
export class StatusListExpired extends coded('ERR_OB_STATUS_LIST_EXPIRED') {}
/** A status list credential's `validFrom` is in the future. */
export class StatusListNotYetValid extends coded('ERR_OB_STATUS_LIST_NOT_YET_VALID') {}
/** The command line is not one the CLI understands (unknown option, missing argument, bad flag value). */
export class UsageInvalid extends coded('ERR_OB_USAGE') {}
/**
 * A feature's optional peer dependency is not installed (`pg` for `microcred/postgres`, `bullmq` for
 * `microcred/queue`, …); the message names the feature and the `npm install` command that adds it.
 */
export class DependencyMissing extends coded('ERR_OB_DEPENDENCY_MISSING') {}

/** The class of each code: every coded error microcred throws or reports is an instance of its code's class. */
const ERROR_CLASSES = {
  ERR_OB_GENERIC: GenericObError,
  ERR_OB_INPUT_INVALID: InputInvalid,
  ERR_OB_TEMPLATE_INVALID: TemplateInvalid,
  ERR_OB_SUBMISSION_INVALID: SubmissionInvalid,
  ERR_OB_REVIEW_INVALID: ReviewInvalid,
  ERR_OB_DECISION_INVALID: DecisionInvalid,
  ERR_OB_SCHEMA_INVALID: SchemaInvalid,
  ERR_OB_JSONLD_INVALID: JsonLdInvalid,
  ERR_OB_CONTEXT_INVALID: ContextInvalid,
  ERR_OB_CONTEXT_NOT_BUNDLED: ContextNotBundled,
  ERR_OB_TYPE_INVALID: TypeInvalid,
  ERR_OB_SUBJECT_INVALID: SubjectInvalid,
  ERR_OB_ISSUER_INVALID: IssuerInvalid,
  ERR_OB_KEY_INVALID: KeyInvalid,
  ERR_OB_KEY_NOT_ISSUER: KeyNotIssuer,
  ERR_OB_KEY_UNRESOLVED: KeyUnresolved,
  ERR_OB_PROOF_MISSING: ProofMissing,
  ERR_OB_PROOF_INVALID: ProofInvalid,
  ERR_OB_PROOF_UNSUPPORTED: ProofUnsupported,
  ERR_OB_JWT_INVALID: JwtInvalid,
  ERR_OB_JWT_CLAIM_MISMATCH: JwtClaimMismatch,
  ERR_OB_ALG_NOT_ALLOWED: AlgNotAllowed,
  ERR_OB_CREDENTIAL_EXPIRED: CredentialExpired,
  ERR_OB_CREDENTIAL_NOT_YET_VALID: CredentialNotYetValid,
  ERR_OB_STATUS_UNCHECKED: StatusUnchecked,
  ERR_OB_STATUS_REVOKED: StatusRevoked,
  ERR_OB_STATUS_SUSPENDED: StatusSuspended,
  ERR_OB_ENDORSEMENT_INVALID: EndorsementInvalid,
  ERR_OB_FETCH_REFUSED: FetchRefused,
  ERR_OB_FETCH_FAILED: FetchFailed,
  ERR_OB_BAKE_INVALID: BakeInvalid,
  ERR_OB_BAKE_LEGACY_V2: BakeLegacyV2,
  ERR_OB_PARSE_FAILED: ParseFailed,
  ERR_OB_KEY_UNCONFIRMED: KeyUnconfirmed,
  ERR_OB_ISSUER_UNTRUSTED: IssuerUntrusted,
  ERR_OB_ACHIEVEMENT_NOT_ACCEPTED: AchievementNotAccepted,
  ERR_OB_RECIPIENT_UNMATCHED: RecipientUnmatched,
  ERR_OB_CREDENTIAL_DUPLICATE: CredentialDuplicate,
  ERR_OB_CREDENTIAL_SUPERSEDED: CredentialSuperseded,
  ERR_OB_NOT_PATHWAY_MEMBER: NotPathwayMember,
  ERR_OB_PATHWAY_MEMBER_MISSING: PathwayMemberMissing,
  ERR_OB_PATHWAY_INCOMPLETE: PathwayIncomplete,
  ERR_OB_STORE_UNAVAILABLE: StoreUnavailable,
  ERR_OB_INPUT_TOO_LARGE: InputTooLarge,
  ERR_OB_INPUT_FORBIDDEN_KEY: InputForbiddenKey,
  ERR_OB_URI_UNSAFE: UriUnsafe,
  ERR_OB_PROOF_CREATED_IN_FUTURE: ProofCreatedInFuture,
  ERR_OB_STATUS_LIST_INVALID: StatusListInvalid,
  ERR_OB_STATUS_LIST_EXPIRED: StatusListExpired,
  ERR_OB_STATUS_LIST_NOT_YET_VALID: StatusListNotYetValid,
  ERR_OB_STATUS_LIST_TOO_LARGE: StatusListTooLarge,
  ERR_OB_PAGE_IMAGE_MISMATCH: PageImageMismatch,
  ERR_OB_EXCHANGE_NOT_FOUND: ExchangeNotFound,
  ERR_OB_EXCHANGE_EXPIRED: ExchangeExpired,
  ERR_OB_EXCHANGE_COMPLETE: ExchangeComplete,
  ERR_OB_EXCHANGE_CHALLENGE_INVALID: ExchangeChallengeInvalid,
  ERR_OB_EXCHANGE_DOMAIN_INVALID: ExchangeDomainInvalid,
  ERR_OB_EXCHANGE_PRESENTATION_INVALID: ExchangePresentationInvalid,
  ERR_OB_EXCHANGE_REQUEST_INVALID: ExchangeRequestInvalid,
  ERR_OB_OID4VCI_REQUEST_INVALID: Oid4vciRequestInvalid,
  ERR_OB_OID4VCI_TOKEN_INVALID: Oid4vciTokenInvalid,
  ERR_OB_OID4VCI_PROOF_INVALID: Oid4vciProofInvalid,
  ERR_OB_API_REQUEST_FAILED: ApiRequestFailed,
  ERR_OB_API_RESPONSE_INVALID: ApiResponseInvalid,
  ERR_OB_OID4VCI_NONCE_INVALID: Oid4vciNonceInvalid,
  ERR_OB_SIGNER_FAILED: SignerFailed,
  ERR_OB_USAGE: UsageInvalid,
  ERR_OB_DEPENDENCY_MISSING: DependencyMissing,
} as const satisfies { readonly [C in ObErrorCode]: abstract new (...args: never[]) => ObError & { readonly code: C } }

/**
 * Every coded error class's instance; `switch (error.code)` narrows to the class.
 * @example
 * if (isObError(e)) switch ((e as AnyObError).code) { case 'ERR_OB_PROOF_INVALID': … }
 */
export type AnyObError = InstanceType<(typeof ERROR_CLASSES)[ObErrorCode]>

/** The class of an error code (e.g. `errorClassOf('ERR_OB_PROOF_INVALID') === ProofInvalid`). */
export function errorClassOf<C extends ObErrorCode>(code: C): (typeof ERROR_CLASSES)[C] {
  return ERROR_CLASSES[code]
}

/**
 * Cross-realm guard: true for any microcred error, even one from another copy of the package.
 * @example
 * try { parseTemplate(json) } catch (e) { if (isObError(e)) console.error(e.code) }
 */
export function isObError(value: unknown): value is ObError {
  if (value instanceof ObError) return true
  const code: unknown = value instanceof Error ? (value as { code?: unknown }).code : undefined
  return typeof code === 'string' && code.startsWith('ERR_OB_')
}
