/** The controller of a verification method: the DID or URL before the fragment. */
export function controllerOf(verificationMethod: string): string {
  const hash = verificationMethod.indexOf('#')
  return hash < 0 ? verificationMethod : verificationMethod.slice(0, hash)
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A JSON value as an array: OB 3.0 allows singletons on input where it issues arrays. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]
}

/** Namespace of the name-based UUIDs (v5) that make a credential id stable across re-runs (rows, decisions). */
export const MICROCRED_UUID_NAMESPACE = '6f1d3c7e-2b8a-5e4f-9c61-0a7d2e5b8c13'
