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
