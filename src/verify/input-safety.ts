import { InputForbiddenKey, InputTooLarge, JsonLdInvalid } from '../errors.js'
import { assertNoTermAliases } from './context-aliases.js'

/** The largest input `verifyBadge` reads, in bytes: 4 MiB, far above any real badge (PNG included). */
export const DEFAULT_MAX_INPUT_BYTES = 4 * 1024 * 1024
/** Deepest nesting of objects and arrays accepted (real credentials stay under 12). */
export const MAX_JSON_DEPTH = 64

/**
 * The longest array and the most values (objects, arrays and scalars) in all accepted in a
 * credential. JSON-LD to RDF (every proof check) is quadratic in the values one property of one
 * node gets: 20,000 tags took ~10 s; at these caps a check stays within about a second. The most
 * complete OB 3.0 example holds 553 values.
 */
export const MAX_ARRAY_LENGTH = 1_000
export const MAX_JSON_VALUES = 10_000

/** The most proofs verified on one document (each costs a canonicalization); real credentials carry one or two. */
export const MAX_PROOFS = 8

/** Own keys that would reach a prototype when the credential is merged or copied by a consumer. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** Refuses bytes or text larger than `maxBytes` before anything parses them (`ERR_OB_INPUT_TOO_LARGE`). */
export function assertInputSize(input: string | Uint8Array | ArrayBuffer, maxBytes: number): void {
  // A JS string takes at most 3 UTF-8 bytes per UTF-16 unit: measure exactly only near the cap.
  const size = typeof input === 'string' ? (input.length * 3 <= maxBytes ? input.length : new TextEncoder().encode(input).byteLength) : input.byteLength
  if (size > maxBytes) throw new InputTooLarge(`the input is ${size} bytes; at most ${maxBytes} are read (maxInputBytes)`)
}

export interface SafeJsonOptions {
  /**
   * The value is a JSON-LD document read by its plain keys (a credential, a status list): refuse a
   * property name that is an IRI (`:`) or a keyword (`@…`) outside `@context`
   * (`ERR_OB_JSONLD_INVALID`). Renaming `credentialStatus` to the IRI it expands to, or `id` to
   * `@id`, leaves the signed RDF graph (so the proof) unchanged while the key the verifier reads
   * disappears; VCDM 2.0 requires conforming documents in compacted form, so none has such a key.
   * Inline contexts that alias such a term under another name are refused too (see `assertNoTermAliases`).
   * @default false
   */
  compacted?: boolean
}

/**
 * Walks a parsed (or given) credential: no own `__proto__`, `constructor` or `prototype` key at any
 * depth (`ERR_OB_INPUT_FORBIDDEN_KEY`), no nesting beyond {@link MAX_JSON_DEPTH}, no array longer than
 * {@link MAX_ARRAY_LENGTH} nor more than {@link MAX_JSON_VALUES} values, and for objects handed in
 * directly, no more than `maxBytes` of keys and strings (`ERR_OB_INPUT_TOO_LARGE`). With
 * `compacted`, no IRI or keyword as a property name (see {@link SafeJsonOptions.compacted}).
 */
export function assertSafeJson(value: unknown, maxBytes: number, { compacted = false }: SafeJsonOptions = {}): void {
  let size = 0
  let values = 0
  // The path is kept as a stack and joined only for an error: this walk runs on every verification.
  const path: (string | number)[] = []
  const where = () => `/${path.join('/')}`
  const contexts: { value: unknown; where: string }[] = []
  // Inside an `@context` (at any depth: scoped contexts), keywords and IRIs are the context's own syntax.
  const visit = (node: unknown, depth: number, inContext = false): void => {
    values++
    if (typeof node === 'string') {
      size += node.length
      if (size > maxBytes) throw new InputTooLarge(`the credential holds more than ${maxBytes} bytes of text; at most ${maxBytes} are read (maxInputBytes)`)
      return
    }
    if (typeof node !== 'object' || node === null) return
    if (depth > MAX_JSON_DEPTH) throw new InputForbiddenKey(`${where()} nests deeper than ${MAX_JSON_DEPTH} levels`)
    if (Array.isArray(node)) {
      if (node.length > MAX_ARRAY_LENGTH) throw new InputTooLarge(`${where()} holds ${node.length} values; an array of at most ${MAX_ARRAY_LENGTH} is read`)
      for (let i = 0; i < node.length; i++) {
        path.push(i)
        visit(node[i], depth + 1, inContext)
        path.pop()
      }
      return
    }
    for (const key of Object.keys(node)) {
      path.push(key)
      if (FORBIDDEN_KEYS.has(key)) throw new InputForbiddenKey(`${where()}: an own "${key}" key is not allowed in a credential`)
      if (compacted && !inContext && key !== '@context' && isIriOrKeyword(key))
        throw new JsonLdInvalid(`${where()}: ${NOT_COMPACTED(key)}`)
      if (compacted && !inContext && key === '@context') contexts.push({ value: (node as Record<string, unknown>)[key], where: where() })
      size += key.length
      visit((node as Record<string, unknown>)[key], depth + 1, inContext || key === '@context')
      path.pop()
    }
  }
  visit(value, 0)
  // Counted to the end (the walk is bounded by the bytes and the depth): a cycle reports its depth.
  if (values > MAX_JSON_VALUES) throw new InputTooLarge(`the credential holds ${values} values; at most ${MAX_JSON_VALUES} are read`)
  if (compacted) assertNoTermAliases(contexts)
}

/**
 * Only the compacted-form rule of {@link assertSafeJson} (and its depth bound), without its size caps:
 * for a status document, read before anything else looks at it. A 1EdTech revocation list may hold
 * more entries than a credential may hold values, and is capped by its own rules.
 */
export function assertCompactedKeys(value: unknown): void {
  const contexts: { value: unknown; where: string }[] = []
  const visit = (node: unknown, path: string, depth: number): void => {
    if (typeof node !== 'object' || node === null) return
    if (depth > MAX_JSON_DEPTH) throw new InputForbiddenKey(`${path || '/'} nests deeper than ${MAX_JSON_DEPTH} levels`)
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) visit(node[i], `${path}/${i}`, depth + 1)
      return
    }
    for (const key of Object.keys(node)) {
      if (key === '@context') {
        contexts.push({ value: (node as Record<string, unknown>)[key], where: `${path}/@context` })
        continue
      }
      if (isIriOrKeyword(key)) throw new JsonLdInvalid(`${path}/${key}: ${NOT_COMPACTED(key)}`)
      visit((node as Record<string, unknown>)[key], `${path}/${key}`, depth + 1)
    }
  }
  visit(value, '', 0)
  assertNoTermAliases(contexts)
}

const NOT_COMPACTED = (key: string) => `the property name "${key}" is an IRI or a JSON-LD keyword, not a term of the document's context; credentials are read in compacted form`

/** An absolute or compact IRI (`https://…`, `cred:credentialStatus`) or a keyword (`@id`, `@type`…). */
function isIriOrKeyword(key: string): boolean {
  return key.startsWith('@') || key.includes(':')
}
