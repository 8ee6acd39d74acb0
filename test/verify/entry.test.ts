import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as verifier from '../../src/verify/index.js'
import { ROOT } from '../helpers/examples.js'
import { NOW } from '../helpers/issue.js'

describe('microcred/verify entry', () => {
  it('verifies a badge and reports coded errors without the issuing side of the library', async () => {
    const badge = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/validator/simple.json'), 'utf8'))
    expect((await verifier.verifyBadge(badge, { now: NOW, acceptClaimedKey: true })).verified).toBe(true)
    expect(verifier.firstFailure(await verifier.verifyBadge(badge, { now: NOW }))?.code).toBe('ERR_OB_KEY_UNCONFIRMED')
    const report = await verifier.verifyBadge({ ...badge, name: 'Forged' }, { now: NOW, acceptClaimedKey: true })
    expect(verifier.firstFailure(report)?.code).toBe('ERR_OB_PROOF_INVALID')
    expect(Object.keys(verifier)).not.toContain('parseTemplate')
    expect(Object.keys(verifier)).not.toContain('signDataIntegrity')
  })
})
