import { BUNDLED_CONTEXTS } from '../credential/contexts.js'
import { JsonLdInvalid } from '../errors.js'

/**
 * The 1EdTech revocation list vocabulary (VCRL 1.0): no bundled context defines it, so signed lists
 * define its terms inline, and an inline alias of them must be caught too.
 */
const VCRL_NAMESPACE = 'https://purl.imsglobal.org/spec/vcrl/v1p0/#'

interface Vocabulary {
  /** Namespaces (IRIs up to their last `#` or `/`) of every term the bundled contexts define. */
  namespaces: Set<string>
  /** Each IRI a bundled context maps a term to, with the names it is mapped from. */
  termsOf: Map<string, Set<string>>
  /** Prefixes the bundled contexts define (`xsd`), to expand compact IRIs in inline definitions. */
  prefixes: Map<string, string>
}

let vocabulary: Vocabulary | undefined

/** Collected once from the bundled contexts (the documents the verifier reads keys under). */
function bundledVocabulary(): Vocabulary {
  if (vocabulary) return vocabulary
  const found: Vocabulary = { namespaces: new Set([VCRL_NAMESPACE]), termsOf: new Map(), prefixes: new Map() }
  const visit = (context: unknown): void => {
    if (Array.isArray(context)) {
      for (const entry of context) visit(entry)
      return
    }
    if (typeof context !== 'object' || context === null) return
    for (const [term, definition] of Object.entries(context)) {
      if (term.startsWith('@')) continue
      const iri = typeof definition === 'string' ? definition : isObject(definition) && typeof definition['@id'] === 'string' ? definition['@id'] : undefined
      if (iri !== undefined && /^https?:\/\//.test(iri)) {
        found.termsOf.set(iri, (found.termsOf.get(iri) ?? new Set()).add(term))
        const namespace = namespaceOf(iri)
        if (namespace !== iri) found.namespaces.add(namespace)
        else found.prefixes.set(term, iri)
      }
      if (isObject(definition) && definition['@context'] !== undefined) visit(definition['@context'])
    }
  }
  for (const url of BUNDLED_CONTEXTS.keys()) visit(BUNDLED_CONTEXTS.get(url)?.['@context'])
  vocabulary = found
  return found
}

/**
 * Refuses an inline context (an object in `@context`, at any depth, and the scoped contexts within it)
 * that makes a key alias a term the verifier reads: a term mapped to an IRI of the bundled contexts'
 * (or VCRL's) vocabulary under another name (`"cs": "https://www.w3.org/2018/credentials#credentialStatus"`,
 * `"cs": "credentialStatus"`, `"cs": "cred:credentialStatus"`), a keyword alias (`"ident": "@id"`),
 * an `@base` (ids read relative to it), an `@vocab` that is a proper prefix of such a namespace, and a
 * prefix term (`"u": "urn:uuid:"`: an id written `u:…` is another string to JSON). The proof signs the RDF graph,
 * not the context, so such a context leaves the proof valid while the key the verifier reads is gone.
 * `contexts` are the `@context` values found in the document, `where` their JSON paths.
 */
export function assertNoTermAliases(contexts: readonly { value: unknown; where: string }[]): void {
  const inline: { definitions: Record<string, unknown>; where: string }[] = []
  const collect = (value: unknown, where: string): void => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) collect(value[i], `${where}/${i}`)
      return
    }
    if (!isObject(value)) return
    inline.push({ definitions: value, where })
    for (const [term, definition] of Object.entries(value))
      if (isObject(definition) && definition['@context'] !== undefined) collect(definition['@context'], `${where}/${term}/@context`)
  }
  for (const { value, where } of contexts) collect(value, where)
  if (inline.length === 0) return

  const { namespaces, termsOf, prefixes } = bundledVocabulary()
  // Terms of every inline context: a definition may use a prefix or term of another one.
  const local = new Map<string, string>()
  for (const { definitions } of inline)
    for (const [term, definition] of Object.entries(definitions)) {
      const iri = rawIri(definition)
      if (!term.startsWith('@') && iri !== undefined) local.set(term, iri)
    }
  const expand = (iri: string, depth = 0): string => {
    if (depth > 8) return iri
    const colon = iri.indexOf(':')
    if (colon < 0) {
      const target = local.get(iri) ?? [...termsOf].find(([, terms]) => terms.has(iri))?.[0]
      return target === undefined || target === iri ? iri : expand(target, depth + 1)
    }
    const prefix = iri.slice(0, colon)
    const suffix = iri.slice(colon + 1)
    if (suffix.startsWith('//')) return iri
    const base = local.get(prefix) ?? prefixes.get(prefix)
    return base === undefined ? iri : expand(base, depth + 1) + suffix
  }
  const refuse = (where: string, why: string) => {
    throw new JsonLdInvalid(`${where}: ${why}; the proof signs the RDF graph, not the context, so a key read by the verifier would be hidden`)
  }
  for (const { definitions, where } of inline) {
    for (const [term, definition] of Object.entries(definitions)) {
      const at = `${where}/${term}`
      if (term === '@base') {
        if (definition !== null) refuse(at, 'an inline context may not set @base (ids would be read relative to it)')
        continue
      }
      // A vocabulary that only prefixes a namespace ("https://www.w3.org/2018/") turns a key such as
      // "credentials#credentialStatus" into that IRI; one of its own (or the namespace itself) cannot.
      if (term === '@vocab') {
        const vocab = definition
        if (vocab !== null && (typeof vocab !== 'string' || !/^[a-z][a-z0-9+.-]*:/i.test(vocab) || [...namespaces].some((ns) => ns !== vocab && ns.startsWith(vocab))))
          refuse(at, `an inline context may not set @vocab to ${JSON.stringify(vocab)} (keys would expand into the credential vocabulary)`)
        continue
      }
      if (term.startsWith('@')) continue
      const raw = rawIri(definition)
      // A prefix ("u": "urn:uuid:", or "@prefix": true) lets a value be written as a compact IRI:
      // "u:7d1f…" is signed as urn:uuid:7d1f… but read as JSON it is another string (an id that no
      // list names, a status URL on another host). Compacted credentials need no prefix of their own.
      if ((isObject(definition) && definition['@prefix'] === true) || (typeof definition === 'string' && /[:/?#[\]@]$/.test(definition)))
        refuse(at, `the term "${term}" is a prefix (${JSON.stringify(raw)}): values would be read as compact IRIs`)
      if (raw === undefined) continue
      if (raw.startsWith('@')) {
        // Only a bundled context's own aliases (`id`, `type`) may stand for a keyword.
        if (!termsOf.has(raw) && !(raw === '@id' && term === 'id') && !(raw === '@type' && term === 'type')) refuse(at, `the term "${term}" aliases the keyword ${raw}`)
        continue
      }
      const iri = expand(raw)
      const names = termsOf.get(iri)
      if (names && !names.has(term)) refuse(at, `the term "${term}" maps to ${iri}, which is the term "${[...names][0]}"`)
      for (const namespace of namespaces) {
        const name = iri.startsWith(namespace) ? iri.slice(namespace.length) : undefined
        if (name !== undefined && name !== '' && name !== term) refuse(at, `the term "${term}" maps to ${iri}, whose name is "${name}"`)
      }
    }
  }
}

/** The IRI a term definition maps to (its string, `@id` or `@reverse`), if it names one. */
function rawIri(definition: unknown): string | undefined {
  if (typeof definition === 'string') return definition
  if (!isObject(definition)) return undefined
  const iri = definition['@id'] ?? definition['@reverse']
  return typeof iri === 'string' ? iri : undefined
}

function namespaceOf(iri: string): string {
  const cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'))
  return cut < 0 || cut === iri.length - 1 ? iri : iri.slice(0, cut + 1)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
