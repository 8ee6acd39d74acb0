import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js'
import jsonld from 'jsonld'
import achievementCredentialSchema from '../../schemas/ob3/ob_v3p0_achievementcredential_schema.json' with { type: 'json' }
import endorsementCredentialSchema from '../../schemas/ob3/ob_v3p0_endorsementcredential_schema.json' with { type: 'json' }
import profileSchema from '../../schemas/ob3/ob_v3p0_profile_schema.json' with { type: 'json' }
import { JsonLdInvalid, SchemaInvalid, type ValidationProblem } from '../errors.js'
import { addFormats } from '../internal/ajv-formats.js'
import { problemsFromAjv } from '../internal/json-path.js'
import { OB_ACHIEVEMENT_CREDENTIAL_SCHEMA } from './build.js'
import { createDocumentLoader, type DocumentLoader } from './document-loader.js'
import type { OpenBadgeCredential, ValidatedCredential } from './types.js'

/** Canonical URLs of the official 1EdTech OB 3.0 JSON schemas bundled in `schemas/ob3/`. */
export const OB_SCHEMA_URLS = {
  achievementCredential: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
  endorsementCredential: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json',
  profile: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_profile_schema.json',
} as const

export type ObSchemaName = keyof typeof OB_SCHEMA_URLS

let validators: Record<ObSchemaName, ValidateFunction> | undefined

function schemaValidators(): Record<ObSchemaName, ValidateFunction> {
  if (!validators) {
    // The files' own $id is the generator's name; register each under the URL the spec publishes.
    const ajv = addFormats(new Ajv2019({ allErrors: true, strict: false, verbose: true }))
    const strip = (schema: object): Record<string, unknown> => {
      const { $id: _generatorId, ...rest } = schema as Record<string, unknown>
      return rest
    }
    ajv.addSchema(strip(achievementCredentialSchema), OB_SCHEMA_URLS.achievementCredential)
    ajv.addSchema(strip(endorsementCredentialSchema), OB_SCHEMA_URLS.endorsementCredential)
    ajv.addSchema(strip(profileSchema), OB_SCHEMA_URLS.profile)
    validators = {
      achievementCredential: ajv.getSchema(OB_SCHEMA_URLS.achievementCredential)!,
      endorsementCredential: ajv.getSchema(OB_SCHEMA_URLS.endorsementCredential)!,
      profile: ajv.getSchema(OB_SCHEMA_URLS.profile)!,
    }
  }
  return validators
}

/** Validates a document against one of the official 1EdTech schemas; returns every problem (empty = valid). */
export function validateAgainstObSchema(document: unknown, schema: ObSchemaName = 'achievementCredential'): ValidationProblem[] {
  const validate = schemaValidators()[schema]
  return validate(document) ? [] : problemsFromAjv(validate.errors)
}

/**
 * Expands the document under JSON-LD safe mode: an undefined term, a relative IRI or a context
 * that cannot be loaded is an error (`ERR_OB_JSONLD_INVALID`), never silently dropped.
 */
export async function assertJsonLdSafe(document: unknown, { documentLoader = createDocumentLoader() }: { documentLoader?: DocumentLoader } = {}): Promise<void> {
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
  { documentLoader }: { documentLoader?: DocumentLoader } = {},
): Promise<ValidatedCredential> {
  const isEndorsement = credential.type?.includes('EndorsementCredential')
  const problems = validateAgainstObSchema(credential, isEndorsement ? 'endorsementCredential' : 'achievementCredential')
  if (problems.length > 0) {
    const error = new SchemaInvalid(`the credential fails the 1EdTech OB 3.0 schema: ${problems.slice(0, 3).map((p) => `${p.path || '/'} ${p.message}`).join('; ')}`)
    throw Object.assign(error, { problems })
  }
  await assertJsonLdSafe(credential, documentLoader ? { documentLoader } : {})
  return credential as ValidatedCredential
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
