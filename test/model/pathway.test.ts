import { describe, expect, it } from 'vitest'
import { parsePathway } from '../../src/model/parse.js'
import { evaluatePathway, type Pathway } from '../../src/model/pathway.js'
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
