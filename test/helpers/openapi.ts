// Validates OB 3.0 API requests and responses against the official 1EdTech OpenAPI document
// (test/fixtures/openapi/ob_v3p0_oas.json, candidate final 1.0.14) with ajv.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { ROOT } from './examples.js'

type AddFormats = (ajv: Ajv) => Ajv
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats

export const OAS = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/openapi/ob_v3p0_oas.json'), 'utf8'))
const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)
ajv.addSchema(OAS, 'ob-oas')

const compiled = new Map<string, ValidateFunction>()
function validatorFor(pointer: string): ValidateFunction {
  let validate = compiled.get(pointer)
  if (!validate) {
    validate = ajv.compile({ $ref: `ob-oas#${pointer}` })
    compiled.set(pointer, validate)
  }
  return validate
}

const pointerSegment = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1')

function check(pointer: string, value: unknown, what: string): void {
  const validate = validatorFor(pointer)
  if (!validate(value)) throw new Error(`${what} does not match the OB 3.0 OpenAPI document: ${ajv.errorsText(validate.errors)}`)
}

function operation(method: string, path: string) {
  const op = OAS.paths[path]?.[method.toLowerCase()]
  if (!op) throw new Error(`${method} ${path} is not an operation of the OB 3.0 OpenAPI document`)
  return op
}

/** Checks query parameters and the body of a request against its operation. */
export function validateRequest(method: string, path: string, query: URLSearchParams, contentType: string | undefined, body: unknown): void {
  const op = operation(method, path)
  for (const parameter of op.parameters ?? []) {
    const raw = query.get(parameter.name)
    if (raw === null) {
      if (parameter.required) throw new Error(`${method} ${path}: query parameter "${parameter.name}" is required`)
      continue
    }
    const value = parameter.schema.type === 'integer' ? Number(raw) : raw
    if (parameter.schema.type === 'integer' && !Number.isInteger(value)) throw new Error(`${method} ${path}: "${parameter.name}" must be an integer`)
    const validate = ajv.compile(parameter.schema)
    if (!validate(value)) throw new Error(`${method} ${path}: query parameter "${parameter.name}" ${ajv.errorsText(validate.errors)}`)
  }
  const content = op.requestBody?.content
  if (!content) {
    if (body !== undefined) throw new Error(`${method} ${path} takes no body`)
    return
  }
  const type = contentType?.split(';')[0]?.trim() ?? ''
  if (!content[type]) throw new Error(`${method} ${path}: content type "${type}" is not one of ${Object.keys(content).join(', ')}`)
  check(`/paths/${pointerSegment(path)}/${method.toLowerCase()}/requestBody/content/${pointerSegment(type)}/schema`, body, `${method} ${path} request body`)
}

/** Checks a response's status, content type and body against its operation. */
export function validateResponse(method: string, path: string, status: number, contentType: string | undefined, body: unknown): void {
  const op = operation(method, path)
  const key = op.responses[String(status)] ? String(status) : 'default'
  const response = op.responses[key]
  if (!response) throw new Error(`${method} ${path}: status ${status} is not in the OpenAPI document`)
  if (!response.content) return
  const type = contentType?.split(';')[0]?.trim() ?? ''
  if (!response.content[type]) throw new Error(`${method} ${path} ${status}: content type "${type}" is not one of ${Object.keys(response.content).join(', ')}`)
  check(`/paths/${pointerSegment(path)}/${method.toLowerCase()}/responses/${key}/content/${pointerSegment(type)}/schema`, body, `${method} ${path} ${status} response body`)
}
