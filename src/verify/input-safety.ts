import { InputForbiddenKey, InputTooLarge } from '../errors.js'

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

/**
 * Walks a parsed (or given) credential: no own `__proto__`, `constructor` or `prototype` key at any
 * depth (`ERR_OB_INPUT_FORBIDDEN_KEY`), no nesting beyond {@link MAX_JSON_DEPTH}, no array longer than
 * {@link MAX_ARRAY_LENGTH} nor more than {@link MAX_JSON_VALUES} values, and for objects handed in
 * directly, no more than `maxBytes` of keys and strings (`ERR_OB_INPUT_TOO_LARGE`).
 */
export function assertSafeJson(value: unknown, maxBytes: number): void {
  let size = 0
  let values = 0
  // The path is kept as a stack and joined only for an error: this walk runs on every verification.
  const path: (string | number)[] = []
  const where = () => `/${path.join('/')}`
  const visit = (node: unknown, depth: number): void => {
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
        visit(node[i], depth + 1)
        path.pop()
      }
      return
    }
    for (const key of Object.keys(node)) {
      path.push(key)
      if (FORBIDDEN_KEYS.has(key)) throw new InputForbiddenKey(`${where()}: an own "${key}" key is not allowed in a credential`)
      size += key.length
      visit((node as Record<string, unknown>)[key], depth + 1)
      path.pop()
    }
  }
  visit(value, 0)
  // Counted to the end (the walk is bounded by the bytes and the depth): a cycle reports its depth.
  if (values > MAX_JSON_VALUES) throw new InputTooLarge(`the credential holds ${values} values; at most ${MAX_JSON_VALUES} are read`)
}
