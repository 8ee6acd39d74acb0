// The hook's test-mode guard (on under Vitest): a context jsonld shares across calls — the initial
// context, a cached processed context — refuses every write, so a write that would make sharing
// unsound fails a test instead of silently changing another document's expansion.
import jsonld from 'jsonld'
import { describe, expect, it } from 'vitest'
import { createDocumentLoader } from '../../../src/credential/document-loader.js'
import { installJsonLdContextSharing } from '../../../src/internal/jsonld-context-sharing.js'

interface Context {
  mappings: Map<string, unknown>
  protected: Record<string, unknown>
  clone(): Context
}
const SHARED = /shared active context/

describe('jsonld hook guard (test mode)', () => {
  it('refuses writes to the shared initial context', async () => {
    expect(await installJsonLdContextSharing()).toEqual({ active: true })
    const initial = (await jsonld.processContext(null, null, {})) as unknown as Context
    expect(() => initial.mappings.set('x', {})).toThrow(SHARED)
    expect(() => initial.mappings.clear()).toThrow(SHARED)
    expect(() => {
      initial.protected.x = true
    }).toThrow(TypeError)
  })

  it('refuses writes to a cached processed context and its term definitions, not to a fresh clone', async () => {
    await installJsonLdContextSharing()
    const initial = (await jsonld.processContext(null, null, {})) as unknown as Context
    const local = { '@version': 1.1, term: { '@id': 'https://guard.example/term', '@protected': true } }
    const processed = (await jsonld.processContext(initial, local, { documentLoader: createDocumentLoader() })) as unknown as Context
    expect(processed.mappings.get('term')).toMatchObject({ '@id': 'https://guard.example/term' })
    expect(() => processed.mappings.set('term', {})).toThrow(SHARED)
    expect(() => processed.mappings.delete('term')).toThrow(SHARED)
    expect(() => {
      ;(processed.mappings.get('term') as Record<string, unknown>)['@id'] = 'https://attacker.example/'
    }).toThrow(TypeError)
    expect(() => {
      processed.protected.other = true
    }).toThrow(SHARED)
    // A clone is jsonld's to build on: writable, and the shared parent does not see its writes.
    const child = processed.clone()
    child.mappings.set('fresh', { '@id': 'https://guard.example/fresh' })
    child.protected.fresh = true
    expect(child.mappings.has('fresh')).toBe(true)
    expect(processed.mappings.has('fresh')).toBe(false)
    expect(Object.keys(processed.protected)).not.toContain('fresh')
  })
})
