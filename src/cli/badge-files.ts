import { readdir, realpath, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'

/** The file names read as badges in a folder: what verify reads. */
const BADGE_FILE = /\.(json|jwt|png|svg)$/i

/** The badge files named on the command line, folders opened, and what in those folders was not read. */
export interface BadgeFiles {
  /** Files to read as badges, in the order given; a folder's in name order. */
  files: string[]
  /** What a folder held that is not a badge file (sub-folders end in "/": they are not read). */
  skipped: string[]
  /** Why a skipped entry was not read, when its name does not say it (a FIFO, a link leading out). */
  why: Map<string, string>
}

/**
 * Expands BADGE... arguments: a file stays as given; a folder gives its badge files (.json, .jwt,
 * .png, .svg), sorted by name, not recursively. `notBadges` are files named elsewhere on the command
 * line (the trust list, the rules) that a folder may also hold: they are skipped, not read as badges.
 * Only regular files are read from a folder: a FIFO or device named `*.json` would block the read
 * forever, and a link leading out of the folder reads what the folder's owner did not put there.
 */
export async function badgeFiles(paths: readonly string[], notBadges: readonly (string | undefined)[] = []): Promise<BadgeFiles> {
  const elsewhere = new Set(notBadges.filter((p): p is string => p !== undefined).map((p) => resolve(p)))
  const found: BadgeFiles = { files: [], skipped: [], why: new Map() }
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
    const folderReal = await realpath(path)
    const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))
    for (const entry of entries) {
      const file = join(path, entry.name)
      // Dirent types come from lstat: a link is followed only to a target inside the folder.
      const target = entry.isSymbolicLink() ? await linkTarget(file, folderReal) : undefined
      const kind = entry.isSymbolicLink() ? (target ?? 'outside') : entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'special'
      if (kind === 'folder') found.skipped.push(`${file}/`)
      else if (kind === 'outside' || kind === 'special') {
        found.skipped.push(file)
        found.why.set(file, kind === 'outside' ? 'a link leading outside the folder' : 'not a regular file')
      } else if (BADGE_FILE.test(entry.name) && !elsewhere.has(resolve(file))) found.files.push(file)
      else found.skipped.push(file)
    }
  }
  return found
}

/** What a link in a folder leads to, if it stays inside the folder; undefined when it leads out or nowhere. */
async function linkTarget(file: string, folderReal: string): Promise<'file' | 'folder' | 'special' | undefined> {
  const real = await realpath(file).catch(() => undefined)
  if (real === undefined) return undefined
  const inside = relative(folderReal, real)
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return undefined
  const info = await stat(real).catch(() => undefined)
  return info === undefined ? undefined : info.isDirectory() ? 'folder' : info.isFile() ? 'file' : 'special'
}

/** The text line for each skipped entry, saying why it was not read. */
export function skippedLines(skipped: readonly string[], notBadges: readonly (string | undefined)[] = [], why: ReadonlyMap<string, string> = new Map()): string[] {
  const elsewhere = new Set(notBadges.filter((p): p is string => p !== undefined).map((p) => resolve(p)))
  const reason = (path: string) =>
    why.get(path) ??
    (path.endsWith('/') ? 'a folder (folders inside folders are not read)' : elsewhere.has(resolve(path)) ? 'named by another option, not a badge' : 'not a badge file (.json, .jwt, .png, .svg)')
  return skipped.map((path) => `  skipped ${path}: ${reason(path)}`)
}
