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
