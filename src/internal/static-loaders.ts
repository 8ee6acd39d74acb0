/**
 * Document loaders whose answers never change (the bundled, offline loader): JSON-LD expansion
 * under them is a pure function of the active context and the input, so a result may be reused.
 */
const staticLoaders = new WeakSet<object>()

/** Marks a document loader as static: the same document for the same URL, forever, with no network. */
export function markStaticDocumentLoader<T extends object>(loader: T): T {
  staticLoaders.add(loader)
  return loader
}

export function isStaticDocumentLoader(loader: unknown): boolean {
  return typeof loader === 'function' && staticLoaders.has(loader)
}
