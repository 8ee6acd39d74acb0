import { copyFileSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseAssessmentInput, parseTemplate } from '../../src/model/parse.js'
import type { AssessmentInput } from '../../src/model/review.js'
import type { MicroCredentialTemplate } from '../../src/model/template.js'

export const ROOT = new URL('../../', import.meta.url).pathname
export const SHARED = join(ROOT, '..', 'shared', 'ob3-spec')

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(join(ROOT, path), 'utf8'))
}

export function exampleTemplates(): MicroCredentialTemplate[] {
  return readdirSync(join(ROOT, 'examples/templates'))
    .sort()
    .map((f) => parseTemplate(readJson(`examples/templates/${f}`)))
}

export function exampleTemplate(name: string): MicroCredentialTemplate {
  return parseTemplate(readJson(`examples/templates/${name}.json`))
}

export function exampleAssessment(name: string): AssessmentInput {
  return parseAssessmentInput(readJson(`examples/assessments/${name}.json`))
}

/**
 * Copies an example file (`templates/x.json`) into `dir` (a roster's folder) and returns its bare
 * name: a roster may only name files inside its own folder.
 */
export function exampleInto(dir: string, example: string): string {
  const name = example.split('/').pop()!
  copyFileSync(join(ROOT, 'examples', example), join(dir, name))
  return name
}
