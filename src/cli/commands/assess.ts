import { assessSubmission } from '../../assessment/assess.js'
import { lintTemplate } from '../../model/lint-template.js'
import { parseAssessmentInput, parseTemplate } from '../../model/parse.js'
import { args, type CliIo, EXIT, print, readJsonFile } from '../args.js'
import { formatDecision, formatLint } from '../format.js'

export async function lint(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = args(argv, { catalog: { type: 'string', multiple: true } }, 1)
  const template = parseTemplate(await readJsonFile(positionals[0]!))
  const catalog = values.catalog ? await Promise.all(values.catalog.map(async (f) => parseTemplate(await readJsonFile(f)).id)) : undefined
  const result = lintTemplate(template, catalog ? { catalog: [...catalog, template.id] } : {})
  print(io, values.json, result, formatLint(template, result))
  return result.ok ? EXIT.ok : EXIT.negative
}

export async function assess(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = args(argv, {}, 2)
  const template = parseTemplate(await readJsonFile(positionals[0]!))
  const input = parseAssessmentInput(await readJsonFile(positionals[1]!))
  const decision = assessSubmission(template, input)
  print(io, values.json, decision, formatDecision(template, decision))
  return decision.outcome === 'award-recommended' ? EXIT.ok : EXIT.negative
}
