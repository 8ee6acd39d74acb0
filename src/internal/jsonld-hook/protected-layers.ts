/**
 * jsonld only ever writes `protected[term] = true` and reads `Object.keys(protected).length` (to
 * refuse nullifying a context with protected terms), yet copies the whole record on every clone —
 * hundreds of keys under OB 3.0 and VC 2.0, where every term is protected. A copy-on-write view:
 * writes land in `own`, enumeration and reads see the parent's keys too. `isPristineProtected` lets the
 * processed-context cache recognise an untouched copy in O(1).
 */
const LAYER = Symbol('microcred.protectedLayer')
interface ProtectedLayer {
  /** The record reads fall through to. */
  base: Record<string, unknown>
  /** The proxy target: the terms protected in this layer itself. */
  own: Record<string, unknown>
  /** Set by the test-mode guard once the context is shared: writes then throw. */
  frozen?: boolean
}
type LayerTarget = Record<string, unknown> & { [LAYER]: ProtectedLayer }

// One handler for every view (no closures per clone). The target holds the layer's own writes and,
// under a non-enumerable symbol jsonld never sees, its layer record.
const protectedHandler: ProxyHandler<LayerTarget> = {
  get: (target, key) => (key === LAYER ? target[LAYER] : Object.hasOwn(target, key) ? target[key as string] : Reflect.get(target[LAYER].base, key)),
  has: (target, key) => Object.hasOwn(target, key) || Reflect.has(target[LAYER].base, key),
  set: (target, key, value) => {
    if (target[LAYER].frozen) throw new TypeError('microcred jsonld hook: a write to the protected terms of a shared active context')
    return Reflect.set(target, key, value)
  },
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

export function layeredProtected(parent: Record<string, unknown>): Record<string, unknown> {
  const own = {} as LayerTarget
  // Flattened: a copy of an untouched copy reads straight from the same base record.
  Object.defineProperty(own, LAYER, { value: { base: effectiveBase(parent), own } })
  return new Proxy(own, protectedHandler)
}

export function isPristineProtected(view: Record<string, unknown>, parent: Record<string, unknown>): boolean {
  const layer = layerOf(view)
  return layer !== undefined && Object.keys(layer.own).length === 0 && layer.base === effectiveBase(parent)
}

/** Test-mode guard: a shared context's protected-term record refuses writes from now on. */
export function freezeProtected(record: Record<string, unknown>): void {
  const layer = layerOf(record)
  if (layer) layer.frozen = true
  else Object.freeze(record)
}
