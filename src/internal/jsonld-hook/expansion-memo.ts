import { isStaticDocumentLoader } from '../static-loaders.js'

export interface ExpandArgs {
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

export type ExpandFunction = (args: ExpandArgs) => Promise<unknown>

/** Wraps jsonld's `api.expand` (expand.js) so large repeated subtrees are expanded once. */
export function memoizingExpand(expand: ExpandFunction, safeEventHandler: unknown, freeze?: <T>(value: T) => T): ExpandFunction {
  // Not an async function: the common path hands jsonld's own promise straight back.
  return (args) => {
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
      // The remembered copy is shared by every later hit: the test-mode guard freezes it.
      const copy = cloneJson(expanded)
      slot.entries.set(key, freeze ? freeze(copy) : copy)
      if (slot.entries.size > MEMO_ENTRIES) slot.entries.delete(slot.entries.keys().next().value as string)
      return expanded
    })
  }
}
