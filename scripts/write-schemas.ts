// Writes schemas/*.schema.json and the precompiled validators (src/model/generated/model-validators.js)
// from the TypeBox schemas the types are derived from.
import { writeFile } from 'node:fs/promises'
import { Ajv } from 'ajv'
import { addFormats } from '../src/internal/ajv-formats.js'
import { MODEL_SCHEMAS, schemaFileText } from '../src/model/schemas.js'
import { standaloneModule } from './standalone.js'

/** Export names of the generated validators, by schema file. */
export const MODEL_VALIDATOR_EXPORTS: Record<keyof typeof MODEL_SCHEMAS, string> = {
  'template.schema.json': 'template',
  'submission.schema.json': 'submission',
  'review.schema.json': 'review',
  'assessment.schema.json': 'assessment',
  'pathway.schema.json': 'pathway',
  'issuer-profile.schema.json': 'issuerProfile',
}

export function generateModelValidatorsSource(): string {
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false, code: { source: true, esm: true } }))
  const refs: Record<string, string> = {}
  for (const [file, schema] of Object.entries(MODEL_SCHEMAS)) {
    const id = (schema as { $id: string }).$id
    if (!ajv.getSchema(id)) ajv.addSchema(schema, id)
    refs[MODEL_VALIDATOR_EXPORTS[file as keyof typeof MODEL_SCHEMAS]] = id
  }
  return standaloneModule(ajv, refs, 'scripts/write-schemas.ts (npm run schemas:write)')
}

export const MODEL_VALIDATORS_FILE = new URL('../src/model/generated/model-validators.js', import.meta.url)

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [file, schema] of Object.entries(MODEL_SCHEMAS)) {
    await writeFile(new URL(`../schemas/${file}`, import.meta.url), schemaFileText(schema))
    console.log(`schemas/${file}`)
  }
  await writeFile(MODEL_VALIDATORS_FILE, generateModelValidatorsSource())
  console.log('src/model/generated/model-validators.js')
}
