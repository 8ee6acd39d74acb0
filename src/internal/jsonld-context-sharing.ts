import jsonld from 'jsonld'
import ContextResolver from 'jsonld/lib/ContextResolver.js'
import expandModule from 'jsonld/lib/expand.js'
import ResolvedContext from 'jsonld/lib/ResolvedContext.js'
import jsonldPackage from 'jsonld/package.json' with { type: 'json' }
import { type ExpandFunction, memoizingExpand } from './jsonld-hook/expansion-memo.js'
import { LayeredMap } from './jsonld-hook/layered-map.js'
import { isPristineProtected, layeredProtected } from './jsonld-hook/protected-layers.js'

/**
 * Performance hook for microcred's own jsonld (see README "Performance"), in four parts:
 * - shared active contexts: jsonld deep-copies the whole active context every time expansion enters
 *   a node under a type-scoped context (`revertToPreviousContext` → `clone`, jsonld.js issue #414);
 *   OB 3.0 scopes a context to every type. Active contexts are never mutated after they are built
 *   (jsonld clones before every update), so copies get copy-on-write term maps (`LayeredMap`) and
 *   `protected` records, and reverting returns the previous context itself;
 * - a processed-context cache that hits: keyed so that an untouched type-scope copy counts as
 *   "that context under a type scope" (`processedCacheKey`), and flattened once when stored;
 * - frozen inline contexts resolved by identity instead of `JSON.stringify` on every use;
 * - remembered expansions of large repeated subtrees (`jsonld-hook/expansion-memo.ts`).
 * It is applied through the initial active context jsonld hands out from its public
 * `processContext(null, null)` and to three of its internal modules, only for the jsonld version it
 * was proven on (9.0.0); tests compare canonical N-Quads and proofs with and without it over the
 * spec corpus and generated credentials. Set MICROCRED_JSONLD_CONTEXT_SHARING=off to disable it.
 */
const PROVEN_SOURCES_SHA256 = {
  clone: '5db363c54533fdbeb8e9e0d9affd5efaa083fbd04df475ba9fbd4f58cb9374fe',
  revert: 'a9bfddd244fd6aa7180edd913c8bbd225bd84eb685e3e470c0793bc6379f3b11',
}

const PROVEN_JSONLD_VERSION = '9.0.0'

interface ActiveContext {
  mappings: Map<string, unknown>
  protected: Record<string, unknown>
  previousContext?: ActiveContext
  inverse: unknown
  getInverse: unknown
  clone: (this: ActiveContext) => ActiveContext
  revertToPreviousContext: (this: ActiveContext) => ActiveContext
  '@base'?: unknown
  '@language'?: unknown
  '@vocab'?: unknown
}

const MAX_LAYERS = 8

function layered(mappings: Map<string, unknown>): Map<string, unknown> {
  return mappings instanceof LayeredMap && mappings.depth >= MAX_LAYERS ? new Map(mappings) : new LayeredMap(mappings)
}

function sharingClone(this: ActiveContext): ActiveContext {
  const child: ActiveContext = {
    mappings: layered(this.mappings),
    clone: this.clone,
    inverse: null,
    getInverse: this.getInverse,
    protected: layeredProtected(this.protected),
    revertToPreviousContext: this.revertToPreviousContext,
  }
  if (this.previousContext) child.previousContext = this.previousContext
  if ('@base' in this) child['@base'] = this['@base']
  if ('@language' in this) child['@language'] = this['@language']
  if ('@vocab' in this) child['@vocab'] = this['@vocab']
  return child
}

function sharingRevert(this: ActiveContext): ActiveContext {
  return this.previousContext ?? this
}

/**
 * Entering a type-scoped context (`@propagate: false`) makes jsonld clone the active context and
 * point the clone back at its parent before looking the scoped context up in its processed-context
 * cache, keyed by object identity — so with a fresh clone every time, the lookup always misses.
 * Such an untouched clone means exactly "the parent, entered under a type scope", so the cache is
 * keyed on a token for that instead.
 */
const scopedTokens = new WeakMap<ActiveContext, object>()

function processedCacheKey(context: ActiveContext): object {
  const parent = context.previousContext
  if (
    parent &&
    context.mappings instanceof LayeredMap &&
    context.mappings.isPristineOver(parent.mappings) &&
    context['@vocab'] === parent['@vocab'] &&
    context['@base'] === parent['@base'] &&
    context['@language'] === parent['@language'] &&
    isPristineProtected(context.protected, parent.protected)
  ) {
    let token = scopedTokens.get(parent)
    if (!token) {
      token = {}
      scopedTokens.set(parent, token)
    }
    return token
  }
  return context
}

/**
 * jsonld looks an inline context up in its resolved-context cache by `JSON.stringify(context)` —
 * every time expansion enters a type scope, so a large scoped context is re-serialized per node.
 * A frozen context cannot change, so its resolution is remembered by identity. Only frozen objects
 * (the bundled contexts are deep-frozen) take this path; anything else goes to jsonld unchanged.
 */
const resolvedByIdentity = new WeakMap<object, unknown>()

interface ContextResolverPrototype {
  resolve(this: unknown, options: { context?: unknown }): Promise<unknown[]>
}

function isFrozenInlineContext(context: unknown): context is object {
  return typeof context === 'object' && context !== null && !Array.isArray(context) && Object.isFrozen(context) && !('@context' in context)
}

interface ResolvedContextPrototype {
  getProcessed(this: unknown, activeCtx: object): unknown
  setProcessed(this: unknown, activeCtx: object, processed: unknown): void
}

let installed: Promise<HookState> | undefined

export type HookState = { active: true } | { active: false; reason: string }

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** Installs the context-sharing hook once per process; resolves to whether it is active. */
export function installJsonLdContextSharing(): Promise<HookState> {
  installed ??= (async (): Promise<HookState> => {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    if (env?.MICROCRED_JSONLD_CONTEXT_SHARING === 'off') return { active: false, reason: 'disabled by MICROCRED_JSONLD_CONTEXT_SHARING=off' }
    const initial = (await jsonld.processContext(null, null, {})) as unknown as ActiveContext
    // Pinned to what it was proven on: jsonld's own source of the two functions (when loaded from
    // node_modules), or, inside microcred's bundle (where esbuild reprints the source), the exact
    // jsonld version and the functions' names.
    const bundledMatches =
      jsonldPackage.version === PROVEN_JSONLD_VERSION && initial.clone.name === '_cloneActiveContext' && initial.revertToPreviousContext.name === '_revertToPreviousContext'
    // The source digests are only computed when the version pin does not already hold (saves start-up time).
    const sourceMatches =
      !bundledMatches &&
      (await sha256(String(initial.clone))) === PROVEN_SOURCES_SHA256.clone &&
      (await sha256(String(initial.revertToPreviousContext))) === PROVEN_SOURCES_SHA256.revert
    if (!sourceMatches && !bundledMatches) return { active: false, reason: `jsonld ${jsonldPackage.version} is not the version the hook was proven on (${PROVEN_JSONLD_VERSION})` }
    const proto = (ResolvedContext as unknown as { prototype: ResolvedContextPrototype }).prototype
    if (typeof proto.getProcessed !== 'function' || typeof proto.setProcessed !== 'function')
      return { active: false, reason: 'jsonld ResolvedContext does not have the expected processed-context cache' }
    const { getProcessed, setProcessed } = proto
    const resolverProto = (ContextResolver as unknown as { prototype: ContextResolverPrototype }).prototype
    if (typeof resolverProto.resolve !== 'function') return { active: false, reason: 'jsonld ContextResolver does not have the expected resolve()' }
    const { resolve } = resolverProto
    initial.clone = sharingClone
    initial.revertToPreviousContext = sharingRevert
    proto.getProcessed = function (activeCtx) {
      return getProcessed.call(this, processedCacheKey(activeCtx as ActiveContext))
    }
    proto.setProcessed = function (activeCtx, processed) {
      // A processed context is looked up for every term of every node it scopes, across calls:
      // flatten its term map once here so lookups do not walk a chain of layers each time.
      const context = processed as ActiveContext
      if (context.mappings instanceof LayeredMap) context.mappings = new Map(context.mappings)
      setProcessed.call(this, processedCacheKey(activeCtx as ActiveContext), processed)
    }
    const expandApi = expandModule as unknown as { expand: ExpandFunction }
    const { safeEventHandler } = jsonld as unknown as { safeEventHandler: unknown }
    // jsonld's expansion recurses through the module's own `api.expand`, so this sees every subtree.
    expandApi.expand = memoizingExpand(expandApi.expand, safeEventHandler)
    resolverProto.resolve = async function (options) {
      const { context } = options
      if (!isFrozenInlineContext(context)) return resolve.call(this, options)
      const known = resolvedByIdentity.get(context)
      if (known) return [known]
      const resolved = await resolve.call(this, options)
      if (resolved.length === 1) resolvedByIdentity.set(context, resolved[0])
      return resolved
    }
    return { active: true }
  })()
  return installed
}

/** Whether the jsonld context-sharing optimization is active in this process, and if not, why. */
export function jsonLdContextSharingStatus(): Promise<HookState> {
  return installJsonLdContextSharing()
}
