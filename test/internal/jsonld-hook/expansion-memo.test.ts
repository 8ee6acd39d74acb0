import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import jsonld from 'jsonld'
import { describe, expect, it } from 'vitest'
import { createDocumentLoader } from '../../../src/credential/document-loader.js'
import { installJsonLdContextSharing } from '../../../src/internal/jsonld-context-sharing.js'
import { ROOT } from '../../helpers/examples.js'

const credential = () => JSON.parse(readFileSync(join(ROOT, 'test/fixtures/generated-credential.json'), 'utf8'))
const canonize = (doc: unknown, documentLoader = createDocumentLoader()) =>
  jsonld.canonize(doc, { algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader, safe: true })

describe('jsonld hook: remembered subtree expansions', () => {
  it('hands out copies: mutating one expansion never changes the next', async () => {
    expect(await installJsonLdContextSharing()).toEqual({ active: true })
    const documentLoader = createDocumentLoader()
    const options = { documentLoader, safe: true }
    const reference = JSON.stringify(await jsonld.expand(credential(), options))
    for (let i = 0; i < 3; i++) {
      const expanded = (await jsonld.expand(credential(), options)) as Record<string, unknown>[]
      expect(JSON.stringify(expanded)).toBe(reference)
      // Scribble over everything reachable; a shared (uncopied) subtree would carry it into the next round.
      const scribble = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(scribble)
        else if (value && typeof value === 'object')
          for (const [key, child] of Object.entries(value)) {
            if (child && typeof child === 'object') scribble(child)
            else (value as Record<string, unknown>)[key] = 'scribbled'
          }
      }
      scribble(expanded)
    }
  })

  it('a changed deep value under a repeated subtree changes the canonical form (no stale reuse)', async () => {
    const first = await canonize(credential())
    expect(await canonize(credential())).toBe(first)
    const changed = credential()
    changed.credentialSubject.achievement.criteria.narrative += ' (revised)'
    const revised = await canonize(changed)
    expect(revised).not.toBe(first)
    expect(revised).toContain('(revised)')
    expect(await canonize(credential())).toBe(first)
  })

  it('a loader with caller-supplied documents is not treated as static, and gives the same result', async () => {
    const dynamic = createDocumentLoader({ documents: new Map() })
    expect(await canonize(credential(), dynamic)).toBe(await canonize(credential()))
  })
})
