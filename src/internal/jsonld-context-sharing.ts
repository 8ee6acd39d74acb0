import jsonld from 'jsonld'
import ContextResolver from 'jsonld/lib/ContextResolver.js'
import expandModule from 'jsonld/lib/expand.js'
import ResolvedContext from 'jsonld/lib/ResolvedContext.js'
import jsonldPackage from 'jsonld/package.json' with { type: 'json' }
import { type ExpandFunction, memoizingExpand } from './jsonld-hook/expansion-memo.js'
import { LayeredMap } from './jsonld-hook/layered-map.js'
import { freezeProtected, isPristineProtected, layeredProtected } from './jsonld-hook/protected-layers.js'

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
export const PROVEN_SOURCES_SHA256: Readonly<Record<ReplacedFunction, string>> = {
  clone: '5db363c54533fdbeb8e9e0d9affd5efaa083fbd04df475ba9fbd4f58cb9374fe',
  revert: 'a9bfddd244fd6aa7180edd913c8bbd225bd84eb685e3e470c0793bc6379f3b11',
  getProcessed: '57e8f82c97debc7b8a152ef9128e8943387ab8ecbd6ae5ed8e4a90ff8c1927df',
  setProcessed: '46f4e990378d3f5b3722ed97669988e2a9a2288c4d127b806e554e46d52684c1',
  resolve: '1f4b5457721eaaed46826ceb1a1ef5ce88672be5532d94625e87fe38ba132d7b',
  expand: '36b8ba217840df3a799515b2125b3aa6e1c4fd594ca250af778f653787a60524',
}

/** Every jsonld function the hook replaces or wraps; the pin above covers each one. */
export type ReplacedFunction = 'clone' | 'revert' | 'getProcessed' | 'setProcessed' | 'resolve' | 'expand'

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
  if (this.previousContext) guardShared?.(this.previousContext)
  return this.previousContext ?? this
}

/**
 * Test-mode guard (on under Vitest, or with MICROCRED_JSONLD_HOOK_GUARD=1): sharing is only sound
 * while nothing writes to a context once it is shared — the initial context, a context handed back
 * by `revertToPreviousContext`, a processed context in jsonld's cache — so such a context's term map
 * refuses writes, its term definitions are frozen and its protected-term record refuses writes.
 * (jsonld does write to a context it has cloned while that context is still being built: it clones
 * it to validate a scoped context and throws the clone away. That is not sharing and is allowed.) A write
 * that jsonld (or a future jsonld) makes then throws in the tests instead of corrupting another
 * document's expansion. Off in production: it costs a walk over every shared term map.
 */
let guardShared: ((context: ActiveContext) => void) | undefined
const guardedMaps = new WeakSet<Map<string, unknown>>()

function refuseSharedWrite(): never {
  throw new TypeError('microcred jsonld hook: a write to a shared active context (the context-sharing hook would be unsound)')
}

function guardContext(context: ActiveContext | undefined): void {
  const mappings = context?.mappings
  if (!context || !(mappings instanceof Map)) return
  if (!guardedMaps.has(mappings)) {
    guardedMaps.add(mappings)
    for (const definition of mappings.values()) {
      // Shallow: a definition's scoped `@context` belongs to the caller's document.
      if (typeof definition === 'object' && definition !== null) {
        const container = (definition as { '@container'?: unknown })['@container']
        if (Array.isArray(container)) Object.freeze(container)
        Object.freeze(definition)
      }
    }
    Object.defineProperties(mappings, { set: { value: refuseSharedWrite }, delete: { value: refuseSharedWrite }, clear: { value: refuseSharedWrite } })
  }
  if (typeof context.protected === 'object' && context.protected !== null) freezeProtected(context.protected)
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

/** jsonld's functions the hook replaces or wraps, as they are before it does (`initial` is jsonld's initial active context). */
export function replacedFunctions(initial: { clone: unknown; revertToPreviousContext: unknown }): Record<ReplacedFunction, unknown> {
  const proto = (ResolvedContext as unknown as { prototype: Partial<ResolvedContextPrototype> }).prototype
  return {
    clone: initial.clone,
    revert: initial.revertToPreviousContext,
    getProcessed: proto.getProcessed,
    setProcessed: proto.setProcessed,
    resolve: (ContextResolver as unknown as { prototype: Partial<ContextResolverPrototype> }).prototype.resolve,
    expand: (expandModule as unknown as { expand: unknown }).expand,
  }
}

/** The replaced functions whose source is not the proven one. */
export async function changedSources(replaced: Record<ReplacedFunction, unknown>): Promise<ReplacedFunction[]> {
  const changed: ReplacedFunction[] = []
  for (const [name, fn] of Object.entries(replaced) as [ReplacedFunction, unknown][]) if ((await sha256(String(fn))) !== PROVEN_SOURCES_SHA256[name]) changed.push(name)
  return changed
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  }
  return value
}

/** Installs the context-sharing hook once per process; resolves to whether it is active. */
export function installJsonLdContextSharing(): Promise<HookState> {
  installed ??= (async (): Promise<HookState> => {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    if (env?.MICROCRED_JSONLD_CONTEXT_SHARING === 'off') return { active: false, reason: 'disabled by MICROCRED_JSONLD_CONTEXT_SHARING=off' }
    const initial = (await jsonld.processContext(null, null, {})) as unknown as ActiveContext
    const proto = (ResolvedContext as unknown as { prototype: ResolvedContextPrototype }).prototype
    const resolverProto = (ContextResolver as unknown as { prototype: ContextResolverPrototype }).prototype
    const expandApi = expandModule as unknown as { expand: ExpandFunction }
    const replaced = replacedFunctions(initial)
    const missing = Object.entries(replaced).find(([, fn]) => typeof fn !== 'function')
    if (missing) return { active: false, reason: `jsonld has no ${missing[0]}() where the hook expects it` }
    // Pinned to what it was proven on: jsonld's own source of every function the hook replaces (when
    // loaded from node_modules; test/internal/jsonld-hook/pin.test.ts checks the installed jsonld), or,
    // inside microcred's bundle (where esbuild reprints the source), the exact jsonld version the
    // build was made from — CI builds from that checked node_modules and asserts the hook is active in dist/.
    const bundledMatches =
      jsonldPackage.version === PROVEN_JSONLD_VERSION && initial.clone.name === '_cloneActiveContext' && initial.revertToPreviousContext.name === '_revertToPreviousContext'
    // The source digests are only computed when the version pin does not already hold (saves start-up time).
    if (!bundledMatches) {
      const changed = await changedSources(replaced)
      if (changed.length > 0)
        return { active: false, reason: `jsonld ${jsonldPackage.version} is not what the hook was proven on (${PROVEN_JSONLD_VERSION}): ${changed.join(', ')} changed` }
    }
    const { getProcessed, setProcessed } = proto
    const { resolve } = resolverProto
    if (env?.VITEST || env?.MICROCRED_JSONLD_HOOK_GUARD === '1') {
      guardShared = guardContext
      guardContext(initial)
    }
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
      // jsonld caches `{ context, events }`: that context is handed to every later hit.
      guardShared?.((processed as { context: ActiveContext }).context)
      setProcessed.call(this, processedCacheKey(activeCtx as ActiveContext), processed)
    }
    const { safeEventHandler } = jsonld as unknown as { safeEventHandler: unknown }
    // jsonld's expansion recurses through the module's own `api.expand`, so this sees every subtree.
    expandApi.expand = memoizingExpand(expandApi.expand, safeEventHandler, guardShared ? deepFreeze : undefined)
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
