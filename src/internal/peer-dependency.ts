import { DependencyMissing } from '../errors.js'

/** A feature that needs optional peer dependencies, as the error names it to the user. */
export interface PeerFeature {
  /** What the user reached for: `microcred/postgres`, `microcred serve`, … */
  feature: string
  /** Every package the feature needs, as `npm install` should be given them. */
  packages: readonly string[]
}

/**
 * Loads an optional peer dependency. `load` is the `import()` of `name` itself, written out at the
 * call site so that TypeScript types it and the build keeps it external. Only Node's "cannot find
 * package `name`" becomes {@link DependencyMissing}: a module missing inside an installed package, a
 * subpath it does not export, or a native addon that failed to build is rethrown as it is, since
 * "npm install" would not fix it.
 * @example
 * const { default: pg } = await importPeer('pg', { feature: 'microcred/postgres', packages: ['pg'] }, () => import('pg'))
 */
export async function importPeer<T>(name: string, { feature, packages }: PeerFeature, load: () => Promise<T>): Promise<T> {
  try {
    return await load()
  } catch (error) {
    if (!isPackageMissing(error, name)) throw error
    // The command installs the whole feature, so a second missing package does not fail next.
    throw new DependencyMissing(`${feature} needs the "${name}" package: npm install ${packages.join(' ')}`, { cause: error })
  }
}

// Node names the package, not the specifier: `import('a/sub')` without `a` says "Cannot find package 'a'".
const CANNOT_FIND_PACKAGE = /^Cannot find package '([^']+)' imported from /

/** True when `error` is Node's resolution failure for the package `name` itself (not for one it imports). */
export function isPackageMissing(error: unknown, name: string): boolean {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') return false
  return CANNOT_FIND_PACKAGE.exec(error.message)?.[1] === name
}
