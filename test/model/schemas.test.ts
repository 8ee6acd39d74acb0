import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MODEL_SCHEMAS, schemaFileText } from '../../src/model/schemas.js'
import { ROOT } from '../helpers/examples.js'

describe('schemas/ files match the schemas the types are derived from', () => {
  it.each(Object.entries(MODEL_SCHEMAS))('%s', (file, schema) => {
    expect(readFileSync(join(ROOT, 'schemas', file), 'utf8'), 'run `npm run schemas:write`').toBe(schemaFileText(schema))
  })
})

describe('precompiled model validators', () => {
  it('match the TypeBox schemas (run `npm run schemas:write` after changing them)', async () => {
    const { generateModelValidatorsSource, MODEL_VALIDATORS_FILE } = await import('../../scripts/write-schemas.js')
    expect(readFileSync(MODEL_VALIDATORS_FILE, 'utf8') === generateModelValidatorsSource()).toBe(true)
  })
})
