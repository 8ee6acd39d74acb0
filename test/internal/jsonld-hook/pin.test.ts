// The hook is pinned to the jsonld it was proven on: every function it replaces or wraps must still
// have the proven source in the installed jsonld (the one the build bundles), or the hook switches
// itself off — and a jsonld upgrade must fail here first, so the proofs are redone on purpose.
import { createHash } from 'node:crypto'
import jsonld from 'jsonld'
import { describe, expect, it } from 'vitest'
import { changedSources, installJsonLdContextSharing, PROVEN_SOURCES_SHA256, replacedFunctions } from '../../../src/internal/jsonld-context-sharing.js'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

describe('jsonld hook pin', () => {
  it('covers every function the hook replaces, each with the installed jsonld source', async () => {
    // Read before the hook patches them (each test file runs in a fresh process with fresh modules).
    const initial = (await jsonld.processContext(null, null, {})) as unknown as { clone: unknown; revertToPreviousContext: unknown }
    expect(await changedSources(replacedFunctions(initial))).toEqual([])
    const state = await installJsonLdContextSharing()
    expect(state).toEqual({ active: true })
    expect(Object.keys(PROVEN_SOURCES_SHA256).sort()).toEqual(['clone', 'expand', 'getProcessed', 'resolve', 'revert', 'setProcessed'])
    for (const digest of Object.values(PROVEN_SOURCES_SHA256)) expect(digest).toMatch(/^[0-9a-f]{64}$/)
  })

  it('notices a changed function', async () => {
    const initial = (await jsonld.processContext(null, null, {})) as unknown as { clone: unknown; revertToPreviousContext: unknown }
    const replaced = { ...replacedFunctions(initial), resolve: function resolve() {} }
    expect(await changedSources(replaced)).toContain('resolve')
    expect(sha256(String(replaced.resolve))).not.toBe(PROVEN_SOURCES_SHA256.resolve)
  })
})
