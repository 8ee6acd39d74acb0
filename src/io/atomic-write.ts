import { randomBytes } from 'node:crypto'
import { open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * Crash-safe write, as microcred writes credentials, key files, audit trails and status state: a
 * temp file in the same directory, fsync, rename over the target, fsync the directory. A kill at any
 * moment leaves either the old file or the new one, never half of one. `mode` is the new file's
 * permission bits (default `0o644`; key files use `0o600`).
 * @example
 * await writeFileAtomic('out/badge.json', `${JSON.stringify(await issueCredential(options), null, 2)}\n`)
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, { mode = 0o644 }: { mode?: number } = {}): Promise<void> {
  const dir = dirname(path)
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  const handle = await open(temp, 'wx', mode).catch((error: NodeJS.ErrnoException) => {
    throw cannotWrite(path, dir, error)
  })
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => {})
    throw error
  }
  const dirHandle = await open(dir, 'r').catch(() => undefined)
  if (dirHandle) {
    await dirHandle.sync().catch(() => {})
    await dirHandle.close()
  }
}

/**
 * The error of a write that could not start, naming the file asked for rather than the temp file
 * (`.badge.json.3f…tmp`) and keeping Node's `code` (ENOENT, EACCES…), `syscall` and the cause.
 */
function cannotWrite(path: string, dir: string, cause: NodeJS.ErrnoException): NodeJS.ErrnoException {
  const reason = cause.code === 'ENOENT' ? `the folder "${dir}" does not exist` : cause.code === 'ENOTDIR' ? `"${dir}" is not a folder` : (cause.code ?? cause.message)
  return Object.assign(new Error(`cannot write "${path}": ${reason}`, { cause }), { code: cause.code, syscall: cause.syscall, path })
}
