import type { DocumentLoader } from '../../credential/document-loader.js'
import { assertJsonLdSafe } from '../../credential/jsonld-safe.js'
import { checkObSchema, OB_SCHEMA_URLS } from '../../credential/ob-schema.js'
import { asArray, isRecord } from '../../internal/ids.js'
import { VC_V1_CONTEXT } from '../../credential/contexts.js'
import type { CheckResult } from '../report.js'

/** Properties OB 3.0 serializes as arrays; a single value is accepted on input with a warning. */
const ARRAY_PROPERTIES = ['type', 'proof', 'credentialSchema', 'termsOfUse', 'evidence', 'endorsement']

/** JSON-LD safe-mode expansion: undefined terms and unloadable contexts fail. */
export async function checkJsonLd(credential: Record<string, unknown>, documentLoader: DocumentLoader): Promise<CheckResult> {
  try {
    await assertJsonLdSafe(credential, { documentLoader })
    return { id: 'jsonld', status: 'passed', message: 'expands under JSON-LD safe mode with bundled contexts' }
  } catch (error) {
    return { id: 'jsonld', status: 'failed', code: 'ERR_OB_JSONLD_INVALID', message: error instanceof Error ? error.message : String(error) }
  }
}

/** The official 1EdTech schema (VC 2.0 credentials), after lifting singletons into arrays. */
export async function checkSchema(credential: Record<string, unknown>): Promise<CheckResult> {
  if (asArray(credential['@context'])[0] === VC_V1_CONTEXT)
    return { id: 'schema', status: 'warning', code: 'WARN_OB_SCHEMA_NOT_CHECKED', message: 'the OB 3.0 schema describes VC 2.0 credentials; this VC 1.1 credential was not schema-checked' }
  const lifted = ARRAY_PROPERTIES.filter((p) => p in credential && !Array.isArray(credential[p]))
  const normalized = lifted.length ? { ...credential, ...Object.fromEntries(lifted.map((p) => [p, [credential[p]]])) } : credential
  const isEndorsement = asArray(credential.type).includes('EndorsementCredential')
  const problems = await checkObSchema(normalized, isEndorsement ? 'endorsementCredential' : 'achievementCredential')
  if (problems.length > 0)
    return {
      id: 'schema',
      status: 'failed',
      code: 'ERR_OB_SCHEMA_INVALID',
      message: problems.slice(0, 5).map((p) => `${p.path || '/'} ${p.message}`).join('; ') + (problems.length > 5 ? ` (+${problems.length - 5} more)` : ''),
    }
  const unknownSchemas = asArray(credential.credentialSchema)
    .filter(isRecord)
    .map((s) => s.id)
    .filter((id) => typeof id === 'string' && !Object.values<string>(OB_SCHEMA_URLS).includes(id))
  if (unknownSchemas.length > 0)
    return { id: 'schema', status: 'warning', code: 'WARN_OB_SCHEMA_NOT_CHECKED', message: `extension schema(s) not bundled, not checked: ${unknownSchemas.join(', ')}` }
  if (lifted.length > 0)
    return { id: 'schema', status: 'warning', code: 'WARN_OB_SINGLETON_ACCEPTED', message: `single value accepted where OB 3.0 expects an array: ${lifted.join(', ')}` }
  return { id: 'schema', status: 'passed', message: `valid against the 1EdTech ${isEndorsement ? 'EndorsementCredential' : 'AchievementCredential'} schema` }
}
