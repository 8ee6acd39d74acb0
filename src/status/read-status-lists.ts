import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { InputInvalid, InputTooLarge, ParseFailed } from '../errors.js'
import { isRecord } from '../internal/ids.js'
import { DEFAULT_MAX_INPUT_BYTES } from '../verify/input-safety.js'

export interface ReadStatusListsOptions {
  /** The largest list file read, in bytes. @default 4194304 (4 MiB) */
  maxInputBytes?: number
}

/**
 * Reads a folder of published status list credentials — one `.json` file per list, as
 * `publishStatusLists` (and `microcred status publish`) writes them — into the `statusLists` map
 * `verifyBadge` takes, keyed by each list's `id`, the URL credentials point at. Other files, and JSON
 * without a string `id`, are not lists and are left out; sub-folders are not read. Throws
 * `ERR_OB_INPUT_INVALID` when `dir` is not a readable folder, `ERR_OB_PARSE_FAILED` for a `.json`
 * file that is not JSON, and `ERR_OB_INPUT_TOO_LARGE` for one over `maxInputBytes`. Node only.
 * @example
 * const report = await verifyBadge(png, { statusLists: await readStatusLists('status/') })
 */
export async function readStatusLists(dir: string, { maxInputBytes = DEFAULT_MAX_INPUT_BYTES }: ReadStatusListsOptions = {}): Promise<Map<string, unknown>> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((cause: NodeJS.ErrnoException) => {
    const reason = cause.code === 'ENOENT' ? 'does not exist' : cause.code === 'ENOTDIR' ? 'is not a folder' : `cannot be read (${cause.code ?? cause.message})`
    throw new InputInvalid(`the status lists folder "${dir}" ${reason}`, { cause })
  })
  const lists = new Map<string, unknown>()
  for (const entry of entries.filter((e) => e.isFile() && e.name.endsWith('.json')).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name)
    const list = parseList(path, await readCapped(path, maxInputBytes))
    if (isRecord(list) && typeof list.id === 'string') lists.set(list.id, list)
  }
  return lists
}

async function readCapped(path: string, maxBytes: number): Promise<string> {
  try {
    if ((await stat(path)).size > maxBytes) throw new InputTooLarge(`"${path}" is larger than ${maxBytes} bytes`)
    return await readFile(path, 'utf8')
  } catch (cause) {
    if (cause instanceof InputTooLarge) throw cause
    throw new InputInvalid(`cannot read "${path}": ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { cause })
  }
}

function parseList(path: string, text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new ParseFailed(`"${path}" is not valid JSON: ${(cause as Error).message}`, { cause })
  }
}
