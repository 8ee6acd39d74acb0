import { readFile, realpath } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { ValidationError } from '../errors.js'

/** Where a roster's file names (its `template` and `award` columns) may lead. */
export interface RosterFolder {
  /** The roster's folder: relative names are resolved against it. */
  baseDir: string
  /**
   * A wider folder the roster's files may lie in (opt-in, e.g. `--roster-root`). Without it they must
   * lie in `baseDir` and absolute names are refused; with it, absolute names inside it are accepted too.
   */
  rosterRoot?: string
}

/**
 * Resolves a file name taken from a roster row, confined to the roster's folder (or `rosterRoot`)
 * after symlinks are followed: a roster someone hands the issuer must not make it read (and quote in
 * errors) files elsewhere. Throws `ERR_OB_INPUT_INVALID` naming `problemPath` (`/3/template`) and the
 * row's value, never the resolved path.
 */
export async function resolveRosterPath(value: string, folder: RosterFolder, problemPath: string): Promise<string> {
  const refuse = (why: string): never => {
    throw new ValidationError('ERR_OB_INPUT_INVALID', 'roster', [{ path: problemPath, message: `"${value}": ${why}` }])
  }
  if (isAbsolute(value) && folder.rosterRoot === undefined) refuse("is an absolute path; a roster names files relative to its own folder")
  const base = await realOrLexical(resolve(folder.baseDir))
  const root = folder.rosterRoot === undefined ? base : await realOrLexical(resolve(folder.rosterRoot))
  const full = await realOrLexical(resolve(base, value))
  const inside = relative(root, full)
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    refuse(folder.rosterRoot === undefined ? "is outside the roster's folder" : 'is outside the roster root')
  }
  return full
}

/**
 * Reads and parses a JSON file a roster row names ({@link resolveRosterPath}). Its errors say why
 * without quoting the file: "cannot be read (ENOENT)", "is not valid JSON".
 */
export async function readRosterJson(value: string, folder: RosterFolder, problemPath: string): Promise<unknown> {
  const path = await resolveRosterPath(value, folder, problemPath)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    throw new Error(`cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  try {
    return JSON.parse(text)
  } catch {
    // The parser's message quotes the file's first characters: not for a roster's error report.
    throw new Error('is not valid JSON')
  }
}

/** The path with symlinks resolved; for a missing file, its nearest existing folder's (so a link cannot hide where it leads). */
async function realOrLexical(path: string): Promise<string> {
  return realpath(path).catch(() => (dirname(path) === path ? path : realOrLexical(dirname(path)).then((parent) => join(parent, basename(path)))))
}
