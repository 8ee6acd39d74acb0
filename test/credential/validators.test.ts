import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { generateValidatorsSource, VALIDATORS_FILE } from '../../scripts/write-validators.js'

describe('precompiled OB 3.0 validators', () => {
  it('match the bundled official schemas (run `npm run schemas:write` after changing them)', () => {
    expect(readFileSync(VALIDATORS_FILE, 'utf8') === generateValidatorsSource()).toBe(true)
  })
})
