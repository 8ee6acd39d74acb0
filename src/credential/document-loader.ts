import { ContextNotBundled, FetchRefused } from '../errors.js'
import { fetchJson, type RemoteOptions } from '../internal/safe-fetch.js'
import type { DocumentCache } from '../keys/document-cache.js'
import { type ResolvedKey, resolveVerificationMethod } from '../keys/resolve-key.js'
import { markStaticDocumentLoader } from '../internal/static-loaders.js'
import { assertNoTermAliases } from '../verify/context-aliases.js'
import { BUNDLED_CONTEXTS, MULTIKEY_CONTEXT } from './contexts.js'

/**
 * What a JSON-LD document loader returns (the shape jsonld expects). Declared here rather than
 * re-exported from jsonld, which ships no types: the published declarations stand alone.
 */
export interface RemoteDocument {
  contextUrl: string | null
  document: unknown
  documentUrl: string
  /** `'static'` marks an immutable document that jsonld may cache across operations. */
  tag?: string
}

/** Resolves a URL (a JSON-LD context, a DID, a key) to a document, as jsonld and `@digitalbazaar/vc` call it. */
export type DocumentLoader = (url: string) => Promise<RemoteDocument>

export interface DocumentLoaderOptions {
  /** Turns on did:web and https key-document look-ups through this fetch (https only, timeout, size cap). */
  remote?: RemoteOptions
  /** Also fetch JSON-LD contexts that are not bundled (needs `remote`). @default false */
  allowRemoteContexts?: boolean
  /** Extra documents served as-is, keyed by URL (your own contexts, a mapped status list). */
  documents?: ReadonlyMap<string, unknown>
  /** Called with each key the loader resolves, so callers can report how it was bound. */
  onKeyResolved?: (key: ResolvedKey) => void
  /** Reuses fetched DID / key documents (see `createDocumentCache`). */
  cache?: DocumentCache
}

/**
 * A JSON-LD document loader that never touches the network unless asked: bundled contexts,
 * `did:key` resolved locally, `<id>#<multibase>` keys read from the fragment, and did:web/https
 * keys only through `remote`. Anything else is refused with `ERR_OB_CONTEXT_NOT_BUNDLED`.
 * @example
 * const documentLoader = createDocumentLoader()                       // offline
 * const online = createDocumentLoader({ remote: {} })   // guarded https look-ups
 */
export function createDocumentLoader({ remote, allowRemoteContexts = false, documents, onKeyResolved, cache }: DocumentLoaderOptions = {}): DocumentLoader {
  const loader = async (url: string): Promise<RemoteDocument> => {
    const bundled = BUNDLED_CONTEXTS.get(url)
    // `tag: 'static'` lets jsonld keep the resolved context across operations (its shared cache);
    // bundled contexts never change, so they are resolved once per process instead of once per call.
    if (bundled !== undefined) return { contextUrl: null, documentUrl: url, document: bundled, tag: 'static' }
    const extra = documents?.get(url)
    if (extra !== undefined) return { contextUrl: null, documentUrl: url, document: extra }
    if (isKeyReference(url)) {
      const key = await resolveVerificationMethod(url, { ...(remote ? { remote } : {}), ...(cache ? { cache } : {}) })
      onKeyResolved?.(key)
      return { contextUrl: null, documentUrl: url, document: keyDocument(key) }
    }
    if (remote && allowRemoteContexts) {
      const document = await fetchJson(url, remote)
      // A context from anywhere may alias a term the verifier reads, as an inline one may: refused alike.
      if (typeof document === 'object' && document !== null) assertNoTermAliases([{ value: (document as Record<string, unknown>)['@context'], where: url }])
      return { contextUrl: null, documentUrl: url, document }
    }
    throw new ContextNotBundled(
      `"${url}" is not a bundled context${remote ? ' and remote contexts are not allowed' : ' and remote loading is off'}; no request was made`,
    )
  }
  // Offline and with no caller-supplied documents, its answers never change.
  return remote || documents ? loader : markStaticDocumentLoader(loader)
}

let bundled: DocumentLoader | undefined

/** The offline loader over the bundled contexts, made once and shared: it holds no state. */
export function bundledDocumentLoader(): DocumentLoader {
  bundled ??= createDocumentLoader()
  return bundled
}

function isKeyReference(url: string): boolean {
  return url.startsWith('did:') || (url.startsWith('https://') && url.includes('#'))
}

/** The Multikey document the Data Integrity suites read a resolved key from. */
function keyDocument(key: ResolvedKey): Record<string, unknown> {
  if (!key.publicKeyMultibase) throw new FetchRefused(`"${key.id}" is not an Ed25519 or P-256 key usable for Data Integrity`)
  return { '@context': MULTIKEY_CONTEXT, id: key.id, type: 'Multikey', controller: key.controller, publicKeyMultibase: key.publicKeyMultibase }
}
