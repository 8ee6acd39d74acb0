import type { ValidateFunction } from 'ajv'
import jsonld from 'jsonld'
import { JsonLdInvalid, SchemaInvalid, type ValidationProblem } from '../errors.js'
import { problemsFromAjv } from '../internal/json-path.js'
import { OB_ACHIEVEMENT_CREDENTIAL_SCHEMA } from './build.js'
import { createDocumentLoader, type DocumentLoader } from './document-loader.js'
import * as generated from './generated/ob-validators.js'
import { installJsonLdContextSharing } from '../internal/jsonld-context-sharing.js'
import type { OpenBadgeCredential, ValidatedCredential } from './types.js'

/** Canonical URLs of the official 1EdTech OB 3.0 JSON schemas bundled in `schemas/ob3/`. */
export const OB_SCHEMA_URLS = {
  achievementCredential: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
  endorsementCredential: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json',
  profile: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_profile_schema.json',
} as const

export type ObSchemaName = keyof typeof OB_SCHEMA_URLS

/** Precompiled (scripts/write-validators.ts): no `new Function` at run time, so strict CSPs work. */
const validators: Record<ObSchemaName, ValidateFunction> = generated

/** Validates a document against one of the official 1EdTech schemas; returns every problem (empty = valid). */
export function validateAgainstObSchema(document: unknown, schema: ObSchemaName = 'achievementCredential'): ValidationProblem[] {
  const validate = validators[schema]
  return validate(document) ? [] : problemsFromAjv(validate.errors)
}

/**
 * Expands the document under JSON-LD safe mode: an undefined term, a relative IRI or a context
 * that cannot be loaded is an error (`ERR_OB_JSONLD_INVALID`), never silently dropped.
 */
export async function assertJsonLdSafe(document: unknown, { documentLoader = createDocumentLoader() }: { documentLoader?: DocumentLoader } = {}): Promise<void> {
  await installJsonLdContextSharing()
  try {
    await jsonld.expand(document, { documentLoader, safe: true, base: null })
  } catch (cause) {
    throw new JsonLdInvalid(`JSON-LD expansion failed in safe mode: ${describeJsonLdError(cause)}`, { cause })
  }
}

/**
 * The checks run before signing: the official schema, then JSON-LD safe-mode expansion.
 * Throws `ERR_OB_SCHEMA_INVALID` (with every problem's path) or `ERR_OB_JSONLD_INVALID`.
 * @example
 * const validated = await validateCredential(await buildCredential(...))
 */
export async function validateCredential(
  credential: OpenBadgeCredential,
  { documentLoader, jsonLd = true }: { documentLoader?: DocumentLoader; /** @default true */ jsonLd?: boolean } = {},
): Promise<ValidatedCredential> {
  const isEndorsement = credential.type?.includes('EndorsementCredential')
  const problems = validateAgainstObSchema(credential, isEndorsement ? 'endorsementCredential' : 'achievementCredential')
  if (problems.length > 0) {
    const error = new SchemaInvalid(`the credential fails the 1EdTech OB 3.0 schema: ${problems.slice(0, 3).map((p) => `${p.path || '/'} ${p.message}`).join('; ')}`)
    throw Object.assign(error, { problems })
  }
  if (jsonLd) await assertJsonLdSafe(credential, documentLoader ? { documentLoader } : {})
  return credential as ValidatedCredential
}

/** True for jsonld.js syntax/safe-mode errors (as opposed to loader or crypto failures). */
export function isJsonLdError(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name
  return typeof name === 'string' && name.startsWith('jsonld.') && name !== 'jsonld.LoadDocumentError'
}

/** A one-line reason from a jsonld.js error (they nest the useful part in `details`). */
export function describeJsonLdError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const details = (error as { details?: { event?: { message?: string; details?: { property?: string; term?: string } }; cause?: unknown } }).details
  const event = details?.event
  if (event?.message) {
    const what = event.details?.property ?? event.details?.term
    return `${event.message}${what ? ` ("${what}")` : ''}`
  }
  if (details?.cause instanceof Error) return `${error.message}: ${details.cause.message}`
  return error.message
}
