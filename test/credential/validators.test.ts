import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { generateValidatorSource, ROOT_SCHEMAS, validatorFile } from '../../scripts/write-validators.js'
import { validateAgainstObSchema } from '../../src/credential/ob-schema-sync.js'
import { checkObSchema } from '../../src/credential/validate.js'

describe('precompiled OB 3.0 validators', () => {
  it.each(ROOT_SCHEMAS)('%s matches the bundled official schema (run `npm run schemas:write` after changing it)', (root) => {
    expect(readFileSync(validatorFile(root), 'utf8') === generateValidatorSource(root)).toBe(true)
  })

  it('the lazily loaded validator and the synchronous one agree', async () => {
    const bad = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'] }
    for (const root of ROOT_SCHEMAS) {
      const lazy = await checkObSchema(bad, root)
      expect(lazy.length).toBeGreaterThan(0)
      expect(lazy).toEqual(validateAgainstObSchema(bad, root))
    }
  })
})
