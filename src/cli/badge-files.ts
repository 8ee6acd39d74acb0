import { readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'

/** The file names read as badges in a folder: what verify reads. */
const BADGE_FILE = /\.(json|jwt|png|svg)$/i

/** The badge files named on the command line, folders opened, and what in those folders was not read. */
export interface BadgeFiles {
  /** Files to read as badges, in the order given; a folder's in name order. */
  files: string[]
  /** What a folder held that is not a badge file (sub-folders end in "/": they are not read). */
  skipped: string[]
}

/**
 * Expands BADGE... arguments: a file stays as given; a folder gives its badge files (.json, .jwt,
 * .png, .svg), sorted by name, not recursively. `notBadges` are files named elsewhere on the command
 * line (the trust list, the rules) that a folder may also hold: they are skipped, not read as badges.
 */
export async function badgeFiles(paths: readonly string[], notBadges: readonly (string | undefined)[] = []): Promise<BadgeFiles> {
  const elsewhere = new Set(notBadges.filter((p): p is string => p !== undefined).map((p) => resolve(p)))
  const found: BadgeFiles = { files: [], skipped: [] }
  for (const path of paths) {
    // A path that cannot be stat'ed is read as a file, which reports why (ENOENT…) by its name.
    const isFolder = await stat(path).then(
      (info) => info.isDirectory(),
      () => false,
    )
    if (!isFolder) {
      found.files.push(path)
      continue
    }
    const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))
    for (const entry of entries) {
      const file = join(path, entry.name)
      const folder = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(file).then((i) => i.isDirectory(), () => false)))
      if (folder) found.skipped.push(`${file}/`)
      else if (BADGE_FILE.test(entry.name) && !elsewhere.has(resolve(file))) found.files.push(file)
      else found.skipped.push(file)
    }
  }
  return found
}

/** The text line for each skipped entry, saying why it was not read. */
export function skippedLines(skipped: readonly string[], notBadges: readonly (string | undefined)[] = []): string[] {
  const elsewhere = new Set(notBadges.filter((p): p is string => p !== undefined).map((p) => resolve(p)))
  const why = (path: string) =>
    path.endsWith('/') ? 'a folder (folders inside folders are not read)' : elsewhere.has(resolve(path)) ? 'named by another option, not a badge' : 'not a badge file (.json, .jwt, .png, .svg)'
  return skipped.map((path) => `  skipped ${path}: ${why(path)}`)
}
