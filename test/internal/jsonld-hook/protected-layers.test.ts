import { describe, expect, it } from 'vitest'
import { isPristineProtected, layeredProtected } from '../../../src/internal/jsonld-hook/protected-layers.js'

describe('copy-on-write protected-term records', () => {
  it('read and enumerate like a copy; writes stay in the copy', () => {
    const base: Record<string, unknown> = { id: true, type: true }
    const copy = layeredProtected(base)
    expect(Object.keys(copy)).toEqual(['id', 'type'])
    expect(copy.id).toBe(true)
    expect('type' in copy).toBe(true)
    copy.name = true
    copy.name = true // a second write of the same term (jsonld re-protects on redefinition)
    expect(Object.keys(copy).sort()).toEqual(['id', 'name', 'type'])
    expect(Object.keys(base)).toEqual(['id', 'type'])
    expect({ ...copy }).toEqual({ id: true, type: true, name: true })
  })

  it('an empty base stays empty to the nullify check until a term is protected', () => {
    const copy = layeredProtected({})
    expect(Object.keys(copy).length).toBe(0)
    copy.id = true
    expect(Object.keys(copy).length).toBe(1)
  })

  it('recognises an untouched copy, also of an untouched copy, and refuses deletion', () => {
    const base: Record<string, unknown> = { id: true }
    const copy = layeredProtected(base)
    expect(isPristineProtected(copy, base)).toBe(true)
    const copyOfCopy = layeredProtected(copy)
    expect(isPristineProtected(copyOfCopy, copy)).toBe(true)
    copyOfCopy.term = true
    expect(isPristineProtected(copyOfCopy, copy)).toBe(false)
    expect(isPristineProtected(layeredProtected(copyOfCopy), copyOfCopy)).toBe(true)
    expect(() => delete copy.id).toThrow(TypeError)
  })
})
