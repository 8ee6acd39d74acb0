import type { ErrorObject } from 'ajv'
import type { ValidationProblem } from '../errors.js'

/**
 * Turns Ajv errors into problems with a JSON path and a message that quotes the offending value,
 * read from the validated document at the error's path (the validators are generated without Ajv's
 * `verbose` option, which would copy every schema into them to attach it to each error).
 */
export function problemsFromAjv(errors: readonly ErrorObject[] | null | undefined, document: unknown): ValidationProblem[] {
  const seen = new Set<string>()
  const problems: ValidationProblem[] = []
  for (const error of errors ?? []) {
    const { path, message } = describe(error, document)
    const key = `${path}\u0000${message}`
    if (seen.has(key)) continue
    seen.add(key)
    problems.push({ path, message })
  }
  return problems
}

function describe(error: ErrorObject, document: unknown): ValidationProblem {
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
        message: `${error.message ?? 'is not allowed'} (got ${quote(valueAt(document, error.instancePath))})`,
      }
    default:
      return { path: error.instancePath, message: `${error.message ?? 'is invalid'} (got ${quote(valueAt(document, error.instancePath))})` }
  }
}

/** The value at a JSON Pointer (RFC 6901, as Ajv's `instancePath`), or undefined. */
export function valueAt(document: unknown, pointer: string): unknown {
  if (pointer === '') return document
  let value = document
  for (const token of pointer.slice(1).split('/')) {
    if (value === null || typeof value !== 'object') return undefined
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(value) && !/^(0|[1-9]\d*)$/.test(key)) return undefined // an array takes indexes only
    if (!Object.hasOwn(value, key)) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

export function quote(value: unknown): string {
  if (value === undefined) return 'undefined'
  const text = JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
