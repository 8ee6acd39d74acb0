import type { ValidateFunction } from 'ajv'
import type { ValidationProblem } from '../errors.js'
import { validate as achievementCredential } from './generated/ob-achievementcredential-validator.js'
import { validate as endorsementCredential } from './generated/ob-endorsementcredential-validator.js'
import { validate as profile } from './generated/ob-profile-validator.js'
import { type ObSchemaName, problemsOf } from './ob-schema.js'

// Its own module because it is synchronous and so loads all three validators with it: signing,
// verifying and the pool workers use the lazy `checkObSchema` and never import this.
const validators: Record<ObSchemaName, ValidateFunction> = { achievementCredential, endorsementCredential, profile }

/**
 * Validates a document against one of the official 1EdTech schemas; returns every problem (empty = valid).
 * Synchronous; `checkObSchema` is the async form that loads only the validator asked for.
 */
export function validateAgainstObSchema(document: unknown, schema: ObSchemaName = 'achievementCredential'): ValidationProblem[] {
  return problemsOf(validators[schema], document)
}
