import type { ErrorObject } from 'ajv'
import type { ValidationProblem } from '../errors.js'

/** Turns Ajv errors into problems with a JSON path and a message that quotes the offending value. */
export function problemsFromAjv(errors: readonly ErrorObject[] | null | undefined): ValidationProblem[] {
  const seen = new Set<string>()
  const problems: ValidationProblem[] = []
  for (const error of errors ?? []) {
    const { path, message } = describe(error)
    const key = `${path}\u0000${message}`
    if (seen.has(key)) continue
    seen.add(key)
    problems.push({ path, message })
  }
  return problems
}

function describe(error: ErrorObject): ValidationProblem {
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return { path: `${error.instancePath}/${String(params.missingProperty)}`, message: 'is required' }
    case 'additionalProperties':
      return {
        path: `${error.instancePath}/${String(params.additionalProperty)}`,
        message: `is not an allowed property`,
      }
    case 'enum':
    case 'const':
      return {
        path: error.instancePath,
        message: `${error.message ?? 'is not allowed'} (got ${quote(error.data)})`,
      }
    default:
      return { path: error.instancePath, message: `${error.message ?? 'is invalid'} (got ${quote(error.data)})` }
  }
}

export function quote(value: unknown): string {
  if (value === undefined) return 'undefined'
  const text = JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
