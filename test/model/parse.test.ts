import { describe, expect, it } from 'vitest'
import { checkCompleteness } from '../../src/assessment/completeness.js'
import { parseAssessmentInput, parsePathway, parseSubmission, parseTemplate } from '../../src/model/parse.js'
import { defineTemplate, type MicroCredentialTemplateInput } from '../../src/model/template.js'
import { exampleTemplates, readJson } from '../helpers/examples.js'

describe('parseTemplate', () => {
  it('accepts the four example templates', () => {
    expect(exampleTemplates().map((t) => t.title)).toHaveLength(4)
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

describe("a minimal template (a district's own)", () => {
  const MINIMAL = 'examples/templates/exit-tickets-adjust-instruction.json'
  const raw = () => readJson(MINIMAL) as MicroCredentialTemplateInput & Record<string, unknown>

  it('needs no empty arrays: resources, related competencies, alignments, tags and overview questions may be left out', () => {
    const input = raw()
    for (const key of ['resources', 'relatedCompetencies', 'alignments', 'tags']) expect(input).not.toHaveProperty(key)
    expect(input.submission).not.toHaveProperty('overviewQuestions')
    const template = parseTemplate(input)
    expect(template).toMatchObject({ resources: [], relatedCompetencies: [], alignments: [], tags: [], submission: { overviewQuestions: [] } })
    expect(parseTemplate(readJson('examples/templates/checking-understanding-gestures.json')).tags).not.toEqual([])
  })

  it('an artifact or reflection that does not say otherwise is required', () => {
    const input = raw()
    input.submission.reflection = { prompt: 'What did the exit tickets change in your teaching?' }
    const template = parseTemplate(input)
    expect(template.submission.artifacts.map((a) => a.required)).toEqual([true, true])
    expect(template.submission.reflection).toEqual({ prompt: 'What did the exit tickets change in your teaching?', required: true })
    input.submission.artifacts[1]!.required = false
    expect(parseTemplate(input).submission.artifacts[1]!.required).toBe(false)
    // Completeness reads the filled-in value: a submission without the tickets is incomplete.
    const submission = parseSubmission({
      id: 'sub-1',
      templateId: template.id,
      educator: { name: 'Sam Lee' },
      attempt: 1,
      submittedAt: '2026-10-01T00:00:00Z',
      overviewAnswers: [],
      evidence: [{ partId: 'next-lesson', name: 'Plan', url: 'https://evidence.example.org/plan.pdf', mediaType: 'application/pdf' }],
    })
    expect(checkCompleteness(template, submission)).toMatchObject({ complete: false, missing: [{ partId: 'exit-tickets' }, { partId: 'reflection' }] })
  })

  it('defineTemplate fills in the same defaults', () => {
    const template = defineTemplate(raw())
    expect(template).toMatchObject({ resources: [], relatedCompetencies: [], alignments: [], tags: [], submission: { overviewQuestions: [] } })
    expect(template.submission.artifacts.every((a) => a.required)).toBe(true)
    expect(template).toEqual(parseTemplate(raw()))
  })

  it('still requires what makes a micro-credential: competency, key method, research, submission guidelines, rubric', () => {
    for (const key of ['competency', 'keyMethod', 'methodComponents', 'supportingRationale', 'research', 'submission', 'rubric']) {
      const input = raw()
      delete input[key]
      expect(() => parseTemplate(input), key).toThrow(expect.objectContaining({ code: 'ERR_OB_TEMPLATE_INVALID', problems: [{ path: `/${key}`, message: 'is required' }] }))
    }
    const noArtifacts = raw()
    noArtifacts.submission.artifacts = []
    expect(() => parseTemplate(noArtifacts)).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ path: '/submission/artifacts' })] }))
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
