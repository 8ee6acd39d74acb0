import { IssuerProfileSchema } from './schema/issuer-profile.js'
import { PathwaySchema } from './schema/pathway.js'
import { AssessmentInputSchema, ReviewSchema } from './schema/review.js'
import { SubmissionSchema } from './schema/submission.js'
import { MicroCredentialTemplateSchema } from './schema/template.js'

/**
 * The JSON Schemas of microcred's own documents. The TypeScript types are derived from these same
 * objects (TypeBox `Static`), and `schemas/*.schema.json` are written from them (`npm run schemas:write`);
 * a test fails if the files drift.
 */
export const MODEL_SCHEMAS = {
  'template.schema.json': MicroCredentialTemplateSchema,
  'submission.schema.json': SubmissionSchema,
  'review.schema.json': ReviewSchema,
  'assessment.schema.json': AssessmentInputSchema,
  'pathway.schema.json': PathwaySchema,
  'issuer-profile.schema.json': IssuerProfileSchema,
} as const

/** The schema file's JSON text (draft-07, as TypeBox emits it). */
export function schemaFileText(schema: object): string {
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...schema }, null, 2)}\n`
}
