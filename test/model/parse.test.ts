import { describe, expect, it } from 'vitest'
import { parseAssessmentInput, parsePathway, parseSubmission, parseTemplate } from '../../src/model/parse.js'
import { exampleTemplates, readJson } from '../helpers/examples.js'

describe('parseTemplate', () => {
  it('accepts the three example templates', () => {
    expect(exampleTemplates().map((t) => t.title)).toHaveLength(3)
  })

  it('lists every problem with its JSON path in one coded error', () => {
    const bad = readJson('examples/templates/checking-understanding-gestures.json') as Record<string, unknown>
    delete bad.title
    bad.version = 'v1'
    ;(bad.research as { year: unknown }[])[0]!.year = 'recent'
    bad.surprise = true
    try {
      parseTemplate(bad)
      expect.unreachable()
    } catch (error) {
      expect(error).toMatchObject({ code: 'ERR_OB_TEMPLATE_INVALID' })
      const paths = (error as { problems: { path: string }[] }).problems.map((p) => p.path)
      expect(paths).toEqual(expect.arrayContaining(['/title', '/version', '/research/0/year', '/surprise']))
    }
  })

  it('rejects levels out of order, duplicate ids and an unknown required level', () => {
    const bad = readJson('examples/templates/checking-understanding-gestures.json') as {
      rubric: { criteria: { requiredLevel: string; levels: { id: string; points: number }[] }[] }
    }
    bad.rubric.criteria[0]!.levels[2]!.points = 1
    bad.rubric.criteria[1]!.requiredLevel = 'legendary'
    bad.rubric.criteria[2]!.levels[1]!.id = 'beginning'
    expect(() => parseTemplate(bad)).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          expect.objectContaining({ path: '/rubric/criteria/0/levels/2/points' }),
          expect.objectContaining({ path: '/rubric/criteria/1/requiredLevel' }),
          expect.objectContaining({ path: '/rubric/criteria/2/levels/1/id' }),
        ]),
      }),
    )
  })

  it.each([null, 42, 'template', [], {}])('never crashes on %j', (input) => {
    expect(() => parseTemplate(input)).toThrow(expect.objectContaining({ code: 'ERR_OB_TEMPLATE_INVALID' }))
  })

  it('returns a copy, not the caller’s object', () => {
    const input = readJson('examples/templates/supporting-executive-function.json')
    expect(parseTemplate(input)).not.toBe(input)
  })
})

describe('other parsers', () => {
  it('parses every example assessment and the pathway', () => {
    expect(parseAssessmentInput(readJson('examples/assessments/gestures-award.json')).reviews).toHaveLength(3)
    expect(parsePathway(readJson('examples/pathways/formative-assessment-leader.json')).name).toBe('Formative Assessment Leader')
  })
  it('rejects a bad submission with paths', () => {
    expect(() => parseSubmission({ id: 's', attempt: 0, educator: { name: '' } })).toThrow(
      expect.objectContaining({
        code: 'ERR_OB_SUBMISSION_INVALID',
        problems: expect.arrayContaining([
          expect.objectContaining({ path: '/attempt' }),
          expect.objectContaining({ path: '/educator/name' }),
          expect.objectContaining({ path: '/templateId' }),
        ]),
      }),
    )
  })
  it('rejects a bad review bundle', () => {
    expect(() => parseAssessmentInput({ submission: {}, reviews: [{ recommendation: 'maybe' }] })).toThrow(
      expect.objectContaining({ code: 'ERR_OB_REVIEW_INVALID' }),
    )
  })
  it('rejects a malformed pathway rule', () => {
    expect(() => parsePathway({ id: 'https://x.example/p', name: 'P', rule: { nOf: 0, of: [] } })).toThrow(
      expect.objectContaining({ code: 'ERR_OB_INPUT_INVALID' }),
    )
  })
})
