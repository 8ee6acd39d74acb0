// Mutations of signed badges for the fuzz (test/verify/fuzz.test.ts, `npm run fuzz -- N`): field
// deletions, value replacements and swaps, added keys, type changes, and character flips in the
// proofValue or in any segment of a JWT. A mutation that leaves the signed content equal (same
// canonical JSON, same decoded bytes, an empty array removed) is reported as a no-op and skipped.
import fc from 'fast-check'
import { canonicalJson } from '../../src/internal/canonical-json.js'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Path = (string | number)[]

export type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'add-key'; at: number; key: string; value: Json }
  | { kind: 'retype'; at: number }
  | { kind: 'flip-proof'; at: number; char: number }
  | { kind: 'flip-jwt'; segment: 0 | 1 | 2; at: number; char: number }

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
const B64U = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const KEYS = ['__proto__', 'constructor', 'prototype', 'id', 'type', 'name', 'url', 'proof', 'validUntil', 'foo', '@id', 'statusPurpose']

const json: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1e308, '', 'javascript:alert(1)', 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', '2099-01-01T00:00:00Z', [], {}),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
)

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: json }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('add-key' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ minLength: 1, maxLength: 8 })), value: json }),
  fc.record({ kind: fc.constant('retype' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip-proof' as const), at: fc.nat(), char: fc.nat() }),
)

export const jwtMutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  mutationArbitrary,
  fc.record({ kind: fc.constant('flip-jwt' as const), segment: fc.constantFrom(0 as const, 1 as const, 2 as const), at: fc.nat(), char: fc.nat() }),
)

/** Every path in a JSON value (the root excluded), depth first. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])])
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])])
  return []
}

const parentOf = (root: Json, path: Path) => path.slice(0, -1).reduce<Json>((node, step) => (node as Record<string | number, Json>)[step]!, root) as Record<string | number, Json>
const get = (root: Json, path: Path) => parentOf(root, path)[path.at(-1)!]!
const set = (root: Json, path: Path, value: Json) => {
  parentOf(root, path)[path.at(-1)!] = value
}

/** Another JSON type for the value (never a one-element array for a scalar: JSON-LD reads both alike). */
function retyped(value: Json): Json {
  if (typeof value === 'string') return Number.isNaN(Number(value)) ? value.length : Number(value)
  if (typeof value === 'number') return String(value)
  if (typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return { ...value }
  if (value === null) return 'null'
  return 'object'
}

/** null and [] are absent values in JSON-LD. */
const isEmpty = (value: Json | undefined) => value === null || value === undefined || (Array.isArray(value) && value.length === 0)

function flip(text: string, at: number, char: number, alphabet: string, from = 0): string {
  if (text.length <= from) return text
  const i = from + (at % (text.length - from))
  const replacement = alphabet[char % alphabet.length]!
  return `${text.slice(0, i)}${replacement === text[i] ? alphabet[(char + 1) % alphabet.length] : replacement}${text.slice(i + 1)}`
}

/** The mutated credential object, or undefined when the mutation changes nothing that is signed. */
export function mutateCredential(signed: Json, mutation: Mutation): Json | undefined {
  const copy = structuredClone(signed)
  const paths = pathsOf(copy)
  const pick = (n: number) => paths[n % paths.length]!
  switch (mutation.kind) {
    case 'delete': {
      const path = pick(mutation.at)
      const value = get(copy, path)
      // An empty array or null says nothing in JSON-LD: deleting it leaves the signed graph unchanged.
      if (isEmpty(value)) return undefined
      const parent = parentOf(copy, path)
      if (Array.isArray(parent) && parent.filter((v) => canonicalJson(v) === canonicalJson(value)).length > 1) return undefined
      if (Array.isArray(parent)) parent.splice(path.at(-1) as number, 1)
      else delete parent[path.at(-1)!]
      break
    }
    case 'replace': {
      const path = pick(mutation.at)
      if (isEmpty(get(copy, path)) && isEmpty(mutation.value)) return undefined
      set(copy, path, mutation.value)
      break
    }
    case 'swap': {
      const a = pick(mutation.at)
      const b = pick(mutation.with)
      if (a.join('/').startsWith(b.join('/')) || b.join('/').startsWith(a.join('/'))) return undefined
      // Two members of one array: JSON-LD sets are unordered (only @context and @list keep order).
      if (a.length === b.length && typeof a.at(-1) === 'number' && a.slice(0, -1).join('/') === b.slice(0, -1).join('/') && a[0] !== '@context') return undefined
      const va = get(copy, a)
      set(copy, a, get(copy, b))
      set(copy, b, va)
      break
    }
    case 'add-key': {
      const objects = [[], ...paths].filter((p) => {
        const v = p.length ? get(copy, p) : copy
        return v !== null && typeof v === 'object' && !Array.isArray(v)
      })
      const target = objects[mutation.at % objects.length]!
      const node = (target.length ? get(copy, target) : copy) as Record<string, Json>
      if (isEmpty(mutation.value) && isEmpty(node[mutation.key])) return undefined
      Object.defineProperty(node, mutation.key, { value: mutation.value, enumerable: true, configurable: true, writable: true })
      break
    }
    case 'retype': {
      const path = pick(mutation.at)
      set(copy, path, retyped(get(copy, path)))
      break
    }
    case 'flip-proof': {
      const proof = (copy as { proof?: { proofValue?: string }[] }).proof?.[0]
      if (!proof?.proofValue) return undefined
      proof.proofValue = flip(proof.proofValue, mutation.at, mutation.char, B58)
      break
    }
    case 'flip-jwt':
      return undefined
  }
  return canonicalJson(copy) === canonicalJson(signed) ? undefined : copy
}

const decoded = (segment: string) => Buffer.from(segment, 'base64url').toString('hex')

/** The mutated compact JWT, or undefined for a no-op (e.g. a flip of unused trailing bits). */
export function mutateJwt(jwt: string, mutation: Mutation): string | undefined {
  const segments = jwt.split('.') as [string, string, string]
  if (mutation.kind === 'flip-jwt') {
    const flipped = [...segments]
    flipped[mutation.segment] = flip(segments[mutation.segment], mutation.at, mutation.char, B64U)
    return decoded(flipped[mutation.segment]!) === decoded(segments[mutation.segment]) ? undefined : flipped.join('.')
  }
  // Other mutations apply to the payload; the header and signature stay as signed.
  const payload = JSON.parse(Buffer.from(segments[1], 'base64url').toString('utf8')) as Json
  const mutated = mutateCredential(payload, mutation)
  if (mutated === undefined) return undefined
  return [segments[0], Buffer.from(JSON.stringify(mutated)).toString('base64url'), segments[2]].join('.')
}

/**
 * Are two Data Integrity documents the same signed statement? Their RDF (without proofs) and their
 * proofs' RDF canonicalize alike. A mutation the verifier accepts must pass this, or it is a forgery.
 */
export async function sameSignedGraph(a: Record<string, unknown>, b: Record<string, unknown>): Promise<boolean> {
  const { default: jsonld } = await import('jsonld')
  const { createDocumentLoader } = await import('../../src/credential/document-loader.js')
  const documentLoader = createDocumentLoader()
  const canon = async (doc: Record<string, unknown>) => {
    const { proof, ...rest } = doc
    const proofs = (Array.isArray(proof) ? proof : [proof]) as Record<string, unknown>[]
    const options = { algorithm: 'URDNA2015', format: 'application/n-quads', documentLoader, safe: false } as const
    const body = await jsonld.canonize(rest, options)
    const proofQuads = await Promise.all(
      proofs.map((p) => {
        const { proofValue: _value, ...config } = p ?? {}
        return jsonld.canonize({ '@context': rest['@context'], ...config }, options)
      }),
    )
    return [body, ...proofQuads.sort(), proofs.map((p) => p?.proofValue).join()].join('\n--\n')
  }
  try {
    return (await canon(a)) === (await canon(b))
  } catch {
    return false
  }
}
