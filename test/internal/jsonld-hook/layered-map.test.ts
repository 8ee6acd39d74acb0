import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LayeredMap } from '../../../src/internal/jsonld-hook/layered-map.js'

type Op = { kind: 'set'; key: string; value: number } | { kind: 'delete'; key: string } | { kind: 'layer' }
const keyArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f')
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: keyArb, value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key: keyArb }),
  fc.constant({ kind: 'layer' as const }),
)

describe('LayeredMap behaves exactly like a copied Map', () => {
  it('same get/has/order after any sequence of sets, deletes and new layers', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        let layered: Map<string, number> = new Map([['a', 1], ['b', 2]])
        let plain = new Map(layered)
        for (const op of ops) {
          if (op.kind === 'layer') {
            layered = new LayeredMap(layered)
            plain = new Map(plain)
          } else if (op.kind === 'set') {
            layered.set(op.key, op.value)
            plain.set(op.key, op.value)
          } else expect(layered.delete(op.key)).toBe(plain.delete(op.key))
          expect([...layered]).toEqual([...plain])
        }
        for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'z']) {
          expect(layered.get(key)).toBe(plain.get(key))
          expect(layered.has(key)).toBe(plain.has(key))
        }
        expect(layered.size).toBe(plain.size)
        expect([...layered.keys()]).toEqual([...plain.keys()])
      }),
      { numRuns: 1000 },
    )
  })

  it('never writes through to its parent', () => {
    const parent = new Map([['a', 1]])
    const child = new LayeredMap(parent)
    child.set('a', 2)
    child.set('b', 3)
    child.delete('a')
    expect([...parent]).toEqual([['a', 1]])
  })
})
