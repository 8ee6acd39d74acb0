import { describe, expect, it } from 'vitest'
import { parsePathway } from '../../src/model/parse.js'
import { evaluatePathway, type Pathway, unmetRules } from '../../src/model/pathway.js'
import { readJson } from '../helpers/examples.js'

const mc = (s: string) => `https://credentials.example.org/microcredentials/${s}`
const leader = parsePathway(readJson('examples/pathways/formative-assessment-leader.json'))

describe('evaluatePathway', () => {
  it('is complete with all-of plus one of two', () => {
    expect(evaluatePathway(leader, [mc('checking-for-understanding-gestures'), mc('supporting-executive-function')]).complete).toBe(true)
  })
  it('says what is missing', () => {
    const progress = evaluatePathway(leader, [mc('supporting-executive-function')])
    expect(progress).toMatchObject({
      complete: false,
      earned: [mc('supporting-executive-function')],
      gap: { kind: 'all-of', missing: [{ kind: 'template', template: mc('checking-for-understanding-gestures') }] },
    })
  })
  it('enforces required members of an n-of-m and nesting', () => {
    const p: Pathway = {
      id: 'https://x.example/p',
      name: 'P',
      rule: { nOf: 2, of: [{ template: 'a:1' }, { template: 'a:2' }, { allOf: [{ template: 'a:3' }, { template: 'a:4' }] }], required: ['a:2'] },
    }
    expect(evaluatePathway(p, ['a:1', 'a:3', 'a:4'])).toMatchObject({ complete: false, gap: { kind: 'n-of', needed: 0, requiredMissing: ['a:2'] } })
    expect(evaluatePathway(p, ['a:2', 'a:3', 'a:4']).complete).toBe(true)
    expect(evaluatePathway(p, ['a:2', 'a:3'])).toMatchObject({ complete: false, gap: { kind: 'n-of', needed: 1 } })
  })
})

describe('unmetRules', () => {
  const p: Pathway = {
    id: 'https://x.example/p',
    name: 'P',
    rule: { allOf: [{ template: 'a:0' }, { nOf: 2, of: [{ template: 'a:1' }, { template: 'a:2' }, { allOf: [{ template: 'a:3' }, { template: 'a:4' }] }], required: ['a:2'] }] },
  }
  it('locates each unmet rule by its path in the pathway file', () => {
    expect(unmetRules(p, ['a:1', 'a:3'])).toEqual([
      { kind: 'template', path: '/rule/allOf/0', template: 'a:0' },
      { kind: 'n-of', path: '/rule/allOf/1', needed: 1, of: 3 },
      { kind: 'template', path: '/rule/allOf/1/of/1', template: 'a:2' },
      { kind: 'template', path: '/rule/allOf/1/of/2/allOf/1', template: 'a:4' },
      { kind: 'template', path: '/rule/allOf/1/required/0', template: 'a:2' },
    ])
  })
  it('reports only a missing required member once n is met, and nothing when complete', () => {
    expect(unmetRules(p, ['a:0', 'a:1', 'a:3', 'a:4'])).toEqual([{ kind: 'template', path: '/rule/allOf/1/required/0', template: 'a:2' }])
    expect(unmetRules(p, ['a:0', 'a:1', 'a:2'])).toEqual([])
    expect(evaluatePathway(p, ['a:0', 'a:1', 'a:2']).complete).toBe(true)
  })
})
