import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkObSchema } from '../../src/credential/ob-schema.js'
import { valueAt } from '../../src/internal/json-path.js'

const simple = () => JSON.parse(readFileSync(new URL('../fixtures/validator/simple.json', import.meta.url), 'utf8')) as Record<string, unknown>

describe('valueAt', () => {
  const document = { a: [{ 'b/c': 1, 'd~e': [null, 'x'] }], '': 'empty key' }

  it('follows a JSON Pointer through objects and arrays, with ~1 and ~0 escapes', () => {
    expect(valueAt(document, '')).toBe(document)
    expect(valueAt(document, '/a/0/b~1c')).toBe(1)
    expect(valueAt(document, '/a/0/d~0e/1')).toBe('x')
    expect(valueAt(document, '/a/0/d~0e/0')).toBeNull()
    expect(valueAt(document, '/')).toBe('empty key')
  })

  it('is undefined past a missing key or a scalar, and never reads inherited properties', () => {
    expect(valueAt(document, '/a/1')).toBeUndefined()
    expect(valueAt(document, '/a/0/b~1c/deeper')).toBeUndefined()
    expect(valueAt(document, '/a/0/constructor')).toBeUndefined()
    expect(valueAt(document, '/a/length')).toBeUndefined()
    expect(valueAt(document, '/a/00')).toBeUndefined()
  })
})

describe('schema problems', () => {
  it('quote the offending value from the document (the validators are not verbose)', async () => {
    const badge = simple()
    badge.name = 42
    ;(badge.credentialSubject as Record<string, unknown>).type = 'AchievementSubject/2'
    const problems = await checkObSchema(badge)
    expect(problems).toContainEqual({ path: '/name', message: 'must be string (got 42)' })
    expect(problems.find((p) => p.path === '/credentialSubject/type')?.message).toContain('"AchievementSubject/2"')
  })

  it('name a missing property by its own path', async () => {
    const badge = simple()
    delete badge.issuer
    expect(await checkObSchema(badge)).toContainEqual({ path: '/issuer', message: 'is required' })
  })
})
