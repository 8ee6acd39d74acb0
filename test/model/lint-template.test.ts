import { describe, expect, it } from 'vitest'
import { lintTemplate } from '../../src/model/lint-template.js'
import type { MicroCredentialTemplate } from '../../src/model/template.js'
import { exampleTemplate, exampleTemplates } from '../helpers/examples.js'

const now = new Date('2026-11-01T00:00:00Z')
const base = exampleTemplate('checking-understanding-gestures')
const codes = (t: MicroCredentialTemplate, options = {}) => lintTemplate(t, { now, ...options }).findings.map((f) => f.code)

describe('lintTemplate', () => {
  it('passes the example templates with no errors, resolving related competencies in the catalog', () => {
    const all = exampleTemplates()
    for (const t of all) expect(lintTemplate(t, { now, catalog: all.map((x) => x.id) }).ok).toBe(true)
  })

  it('a minimal template without the optional arrays lints clean; without research it is still an error', () => {
    const minimal = exampleTemplate('exit-tickets-adjust-instruction')
    expect(lintTemplate(minimal, { now })).toEqual({ ok: true, findings: [] })
    expect(lintTemplate({ ...minimal, research: [] }, { now })).toMatchObject({ ok: false, findings: [{ code: 'research-missing', severity: 'error' }] })
  })

  it('flags an unscored part and a criterion scoring an unknown part', () => {
    const t = structuredClone(base)
    t.rubric.criteria[4]!.parts = ['journal']
    expect(codes(t)).toEqual(expect.arrayContaining(['part-not-scored', 'criterion-scores-unknown-part']))
  })

  it('flags a competency that is never demonstrated', () => {
    const t = structuredClone(base)
    for (const a of t.submission.artifacts) a.required = false
    expect(codes(t)).toContain('competency-not-demonstrable')
  })

  it('flags research with no URL, not free, or outdated (window configurable)', () => {
    const t = structuredClone(base)
    t.research = [{ citation: 'Old study', year: 1990, freeOnline: false }]
    expect(codes(t)).toEqual(expect.arrayContaining(['research-no-url', 'research-not-free', 'research-outdated']))
    t.research = [{ citation: 'Study', url: 'https://x.example', year: 2014, freeOnline: true }]
    expect(codes(t)).toContain('research-outdated')
    expect(codes(t, { researchMaxAgeYears: 15 })).not.toContain('research-outdated')
    t.research = []
    expect(codes(t)).toContain('research-missing')
  })

  it('flags granularity', () => {
    const t = structuredClone(base)
    t.methodComponents = ['one']
    expect(codes(t)).toContain('too-few-method-components')
    t.methodComponents = Array.from({ length: 9 }, (_, i) => `c${i}`)
    expect(codes(t)).toContain('too-many-method-components')
    expect(codes(t, { methodComponents: { min: 1, max: 10 } })).not.toContain('too-many-method-components')
  })

  it('flags unresolved related competencies and criteria that cannot fail', () => {
    const t = structuredClone(base)
    t.rubric.criteria[0]!.requiredLevel = 'beginning'
    const result = lintTemplate(t, { now, catalog: [] })
    expect(result.ok).toBe(false)
    expect(result.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['related-unresolved', 'criterion-passes-everything']))
    expect(result.findings.find((f) => f.code === 'related-unresolved')!.path).toBe('/relatedCompetencies/0')
  })
})
