import { type AnyObError, errorClassOf, type ObErrorCode, PathwayIncomplete } from '../errors.js'

/**
 * Creates the error of a code's class, for checks that pick the code at run time (the verifier's
 * report, stores). Kept out of the public API: callers construct the class itself.
 */
export function obError(code: ObErrorCode, message: string, options?: ErrorOptions): AnyObError {
  if (code === 'ERR_OB_PATHWAY_INCOMPLETE') return Object.assign(new PathwayIncomplete('', [], options), { message })
  const Class = errorClassOf(code) as new (message: string, options?: ErrorOptions) => AnyObError
  return new Class(message, options)
}
