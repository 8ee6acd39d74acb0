import type { ValidateFunction } from 'ajv'
import type { ValidationProblem } from '../errors.js'
import { problemsFromAjv } from '../internal/json-path.js'

/** The official schema an AchievementCredential names in `credentialSchema`. */
export const OB_ACHIEVEMENT_CREDENTIAL_SCHEMA = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json'

/** Canonical URLs of the official 1EdTech OB 3.0 JSON schemas bundled in `schemas/ob3/`. */
export const OB_SCHEMA_URLS = Object.freeze({
  achievementCredential: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
  endorsementCredential: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json',
  profile: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_profile_schema.json',
} as const)

export type ObSchemaName = keyof typeof OB_SCHEMA_URLS

// Precompiled (scripts/write-validators.ts): no `new Function` at run time, so strict CSPs work.
// One module per schema, loaded on first use: a verifier compiles only what its badges need.
const loaders: Record<ObSchemaName, () => Promise<{ validate: ValidateFunction }>> = {
  achievementCredential: () => import('./generated/ob-achievementcredential-validator.js'),
  endorsementCredential: () => import('./generated/ob-endorsementcredential-validator.js'),
  profile: () => import('./generated/ob-profile-validator.js'),
}
const loaded = new Map<ObSchemaName, Promise<ValidateFunction>>()

/** The official schema's validator, loaded once. */
export function obValidator(schema: ObSchemaName): Promise<ValidateFunction> {
  let validator = loaded.get(schema)
  if (!validator) {
    validator = loaders[schema]().then((module) => module.validate)
    loaded.set(schema, validator)
  }
  return validator
}

/** Validates a document against one of the official 1EdTech schemas; resolves to every problem (empty = valid). */
export async function checkObSchema(document: unknown, schema: ObSchemaName = 'achievementCredential'): Promise<ValidationProblem[]> {
  return problemsOf(await obValidator(schema), document)
}

/** Every problem a validator finds in the document (empty = valid). */
export function problemsOf(validate: ValidateFunction, document: unknown): ValidationProblem[] {
  return validate(document) ? [] : problemsFromAjv(validate.errors, document)
}
