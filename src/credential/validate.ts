import { SchemaInvalid } from '../errors.js'
import type { DocumentLoader } from './document-loader.js'
import { assertJsonLdSafe } from './jsonld-safe.js'
import { checkObSchema } from './ob-schema.js'
import type { OpenBadgeCredential, ValidatedCredential } from './types.js'

export { assertJsonLdSafe, describeJsonLdError, isJsonLdError } from './jsonld-safe.js'
export { checkObSchema, OB_SCHEMA_URLS, type ObSchemaName } from './ob-schema.js'

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
  const problems = await checkObSchema(credential, isEndorsement ? 'endorsementCredential' : 'achievementCredential')
  if (problems.length > 0) {
    const error = new SchemaInvalid(`the credential fails the 1EdTech OB 3.0 schema: ${problems.slice(0, 3).map((p) => `${p.path || '/'} ${p.message}`).join('; ')}`)
    throw Object.assign(error, { problems })
  }
  if (jsonLd) await assertJsonLdSafe(credential, documentLoader ? { documentLoader } : {})
  return credential as ValidatedCredential
}
