import jsonld from 'jsonld'
import ContextResolver from 'jsonld/lib/ContextResolver.js'
import expandModule from 'jsonld/lib/expand.js'
import { isStaticDocumentLoader } from './static-loaders.js'
import ResolvedContext from 'jsonld/lib/ResolvedContext.js'
import jsonldPackage from 'jsonld/package.json' with { type: 'json' }

/**
 * Performance hook for jsonld (see README "Performance"). jsonld deep-copies the whole active
 * context every time expansion enters a node object under a type-scoped context
 * (`revertToPreviousContext` → `clone`, jsonld.js issue #414), and because every copy is a new
 * object its per-context processing cache never hits. OB 3.0 scopes a context to every type, so this
 * dominates signing and verifying.
 *
 * Active contexts are never mutated after they are built (jsonld clones before every update), so
 * sharing is safe: the hook gives the copy a copy-on-write view of the term map and returns the
 * previous context itself instead of a deep copy; and it keys jsonld's processed-context cache so
 * that an untouched type-scope copy of a context hits it (see `processedCacheKey`). It is applied to the initial active context that jsonld hands out through
 * its public `processContext(null, null)` (every active context inherits its functions), only when
 * the functions it replaces are byte-for-byte the ones it was proven against (jsonld 9.0.0); tests
 * compare canonical N-Quads and proofs with and without it over the spec corpus and generated
 * credentials. Set MICROCRED_JSONLD_CONTEXT_SHARING=off to disable it.
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

/**
 * A copy-on-write view of a parent term map: reads fall through to the parent, writes and deletes
 * stay local, and iteration order is exactly that of a copied `Map` (a deleted-then-set term moves
 * to the end). Chains are flattened past a small depth so lookups stay cheap.
 */
export class LayeredMap<K, V> extends Map<K, V> {
  readonly depth: number
  readonly #parent: Map<K, V>
  // Created on first use: most layers never delete or overwrite, and every layer is per node.
  #hidden: Set<K> | undefined
  #inPlace: Set<K> | undefined
  #holdsUndefined = false

  constructor(parent: Map<K, V>) {
    super()
    this.#parent = parent
    this.depth = parent instanceof LayeredMap ? parent.depth + 1 : 1
  }

  /** True while nothing was set or deleted in this layer and it sits directly on `mappings`. */
  isPristineOver(mappings: Map<K, V>): boolean {
    return this.#parent === mappings && super.size === 0 && !this.#hidden?.size
  }

  override get(key: K): V | undefined {
    const value = super.get(key)
    if (value !== undefined || (this.#holdsUndefined && super.has(key))) return value
    return this.#hidden?.has(key) ? undefined : this.#parent.get(key)
  }

  override has(key: K): boolean {
    return super.has(key) || (!this.#hidden?.has(key) && this.#parent.has(key))
  }

  override set(key: K, value: V): this {
    if (value === undefined) this.#holdsUndefined = true
    if (!super.has(key) && !this.#hidden?.has(key) && this.#parent.has(key)) {
      this.#inPlace ??= new Set()
      this.#inPlace.add(key)
    }
    return super.set(key, value)
  }

  override delete(key: K): boolean {
    const had = this.has(key)
    if (super.has(key)) {
      super.delete(key)
      this.#inPlace?.delete(key)
    }
    if (this.#parent.has(key)) {
      this.#hidden ??= new Set()
      this.#hidden.add(key)
    }
    return had
  }

  override *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.#parent) {
      if (this.#hidden?.has(key)) continue
      yield [key, this.#inPlace?.has(key) ? (super.get(key) as V) : value]
    }
    for (const [key, value] of super.entries()) if (!this.#inPlace?.has(key)) yield [key, value]
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries()
  }

  override *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key
  }

  override *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value
  }

  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this)
  }

  override get size(): number {
    let n = 0
    for (const _ of this.entries()) n++
    return n
  }

  override clear(): void {
    for (const key of [...this.keys()]) this.delete(key)
  }
}

const MAX_LAYERS = 8

/**
 * jsonld only ever writes `protected[term] = true` and reads `Object.keys(protected).length` (to
 * refuse nullifying a context with protected terms), yet copies the whole record on every clone —
 * hundreds of keys under OB 3.0 and VC 2.0, where every term is protected. A copy-on-write view:
 * writes land in `own`, enumeration and reads see the parent's keys too. `isPristine` lets the
 * processed-context cache recognise an untouched copy in O(1).
 */
const LAYER = Symbol('microcred.protectedLayer')
interface ProtectedLayer {
  /** The record reads fall through to. */
  base: Record<string, unknown>
  /** The proxy target: the terms protected in this layer itself. */
  own: Record<string, unknown>
}
type LayerTarget = Record<string, unknown> & { [LAYER]: ProtectedLayer }

// One handler for every view (no closures per clone). The target holds the layer's own writes and,
// under a non-enumerable symbol jsonld never sees, its layer record.
const protectedHandler: ProxyHandler<LayerTarget> = {
  get: (target, key) => (key === LAYER ? target[LAYER] : Object.hasOwn(target, key) ? target[key as string] : Reflect.get(target[LAYER].base, key)),
  has: (target, key) => Object.hasOwn(target, key) || Reflect.has(target[LAYER].base, key),
  set: (target, key, value) => Reflect.set(target, key, value),
  ownKeys: (target) => [...new Set([...Reflect.ownKeys(target[LAYER].base), ...Reflect.ownKeys(target)])],
  getOwnPropertyDescriptor: (target, key) => {
    const base = target[LAYER].base
    return (
      Reflect.getOwnPropertyDescriptor(target, key) ??
      (Object.hasOwn(base, key) ? { value: base[key as string], writable: true, enumerable: true, configurable: true } : undefined)
    )
  },
  deleteProperty: () => {
    throw new TypeError('microcred jsonld hook: jsonld was not expected to delete protected terms')
  },
}

function layerOf(record: Record<string, unknown>): ProtectedLayer | undefined {
  return (record as Partial<LayerTarget>)[LAYER]
}

/** The record a view reads through to while it has no writes of its own; otherwise the record itself. */
function effectiveBase(record: Record<string, unknown>): Record<string, unknown> {
  const layer = layerOf(record)
  return layer && Object.keys(layer.own).length === 0 ? layer.base : record
}

function layeredProtected(parent: Record<string, unknown>): Record<string, unknown> {
  const own = {} as LayerTarget
  // Flattened: a copy of an untouched copy reads straight from the same base record.
  Object.defineProperty(own, LAYER, { value: { base: effectiveBase(parent), own } })
  return new Proxy(own, protectedHandler)
}

function isPristineProtected(view: Record<string, unknown>, parent: Record<string, unknown>): boolean {
  const layer = layerOf(view)
  return layer !== undefined && Object.keys(layer.own).length === 0 && layer.base === effectiveBase(parent)
}

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

interface ExpandArgs {
  activeCtx: object
  activeProperty?: string | null
  element: unknown
  options?: {
    safe?: boolean
    eventHandler?: unknown
    documentLoader?: unknown
    base?: unknown
    processingMode?: unknown
    isFrame?: unknown
    keepFreeFloatingNodes?: unknown
    typeExpansion?: unknown
  }
  insideList?: boolean
  insideIndex?: boolean
  typeScopedContext?: object | null
}

/** Subtrees smaller than this are cheaper to expand than to key. */
const MIN_MEMO_CHARS = 1024
const MEMO_ENTRIES = 16
const NO_SCOPE = {}
const expansions = new WeakMap<object, WeakMap<object, Map<string, MemoSlot>>>()

/**
 * A cohort's credentials share almost everything below `credentialSubject.achievement` (the
 * rubric, criteria, alignments): the same JSON under the same active context. jsonld expands it
 * again for every credential; this remembers the expansion of large node objects, keyed by the
 * active and type-scoped contexts' identity (cached, immutable objects) and the element's exact
 * JSON, and hands out deep copies. Only under safe mode with no other event handler — a
 * subtree that raised any event threw and was not remembered — and a static document loader.
 */
function memoizable(args: ExpandArgs, safeEventHandler: unknown): boolean {
  const { element, options, activeProperty } = args
  if (activeProperty === null || activeProperty === undefined) return false // the document itself: never repeated
  if (typeof element !== 'object' || element === null || Array.isArray(element)) return false
  if (!options?.safe || !isStaticDocumentLoader(options.documentLoader)) return false
  // toRDF → expand sets safe mode up twice: [safe, safe]. Any other handler could observe events.
  const handlers = options.eventHandler
  return Array.isArray(handlers) && handlers.length > 0 && handlers.every((h) => h === safeEventHandler)
}

/** The memo key, or undefined for an element too small to be worth remembering. */
function memoKey(args: ExpandArgs): string | undefined {
  const json = JSON.stringify(args.element)
  if (json.length < MIN_MEMO_CHARS) return undefined
  const options = args.options ?? {}
  // Everything else expansion reads (expand.js and context.js, jsonld 9.0.0) besides the contexts.
  const settings = [options.base, options.processingMode, options.isFrame, options.keepFreeFloatingNodes, options.typeExpansion].map((v) => v ?? null)
  return `${JSON.stringify([args.insideList ?? false, args.insideIndex ?? false, settings])}\u0000${json}`
}

/**
 * Remembered expansions of one property under one active and type-scoped context, with its record:
 * a slot that never repeats (the credential subject, unique per educator) stops paying for keys
 * and copies after a while, and only samples now and then in case that changes.
 */
interface MemoSlot {
  entries: Map<string, unknown>
  hits: number
  misses: number
  skipped: number
}
const COLD_AFTER = 32
const COLD_SAMPLE_EVERY = 64

function isCold(slot: MemoSlot): boolean {
  return slot.hits === 0 && slot.misses >= COLD_AFTER && ++slot.skipped % COLD_SAMPLE_EVERY !== 0
}

/** A deep copy of expanded JSON-LD (plain objects, arrays, scalars): ~15× faster than structuredClone here. */
function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson)
  if (value === null || typeof value !== 'object') return value
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(value)) copy[key] = cloneJson((value as Record<string, unknown>)[key])
  return copy
}

function memoFor(args: ExpandArgs): MemoSlot {
  let byScope = expansions.get(args.activeCtx)
  if (!byScope) {
    byScope = new WeakMap()
    expansions.set(args.activeCtx, byScope)
  }
  const scope = args.typeScopedContext ?? NO_SCOPE
  let byProperty = byScope.get(scope)
  if (!byProperty) {
    byProperty = new Map()
    byScope.set(scope, byProperty)
  }
  const property = args.activeProperty as string
  let slot = byProperty.get(property)
  if (!slot) {
    slot = { entries: new Map(), hits: 0, misses: 0, skipped: 0 }
    byProperty.set(property, slot)
  }
  return slot
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
    const expandApi = expandModule as unknown as { expand: (args: ExpandArgs) => Promise<unknown> }
    const expand = expandApi.expand
    const { safeEventHandler } = jsonld as unknown as { safeEventHandler: unknown }
    // jsonld's expansion recurses through the module's own `api.expand`, so this sees every subtree.
    // Not an async function: the common path hands jsonld's own promise straight back.
    expandApi.expand = (args) => {
      if (!memoizable(args, safeEventHandler)) return expand(args)
      const slot = memoFor(args)
      if (isCold(slot)) return expand(args)
      const key = memoKey(args)
      if (key === undefined) {
        slot.misses++
        return expand(args)
      }
      if (slot.entries.has(key)) {
        slot.hits++
        return Promise.resolve(cloneJson(slot.entries.get(key)))
      }
      slot.misses++
      return expand(args).then((expanded) => {
        slot.entries.set(key, cloneJson(expanded))
        if (slot.entries.size > MEMO_ENTRIES) slot.entries.delete(slot.entries.keys().next().value as string)
        return expanded
      })
    }
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
