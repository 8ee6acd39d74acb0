import { InputInvalid, isObError } from '../errors.js'

/** Node's system error codes that mean the path or address given is not usable, in words. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'a file of that name is in the way',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EADDRINUSE: 'the address is in use (another --port?)',
  EADDRNOTAVAIL: 'the address is not one of this machine’s (--host)',
}

const ACTIONS: Readonly<Record<string, string>> = { open: 'open', mkdir: 'make the folder', scandir: 'read the folder', read: 'read', write: 'write', rename: 'write', unlink: 'remove', listen: 'listen on' }

/**
 * A Node system error (ENOENT, EACCES, EADDRINUSE…) as the input error it is (exit 2): what could not
 * be done, to which path or address, and why in words, with the code to search for. Undefined for any
 * other error.
 */
export function asInputError(error: unknown): InputInvalid | undefined {
  if (!(error instanceof Error) || isObError(error)) return undefined
  const { code, syscall, path, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number }
  const reason = code === undefined ? undefined : REASONS[code]
  if (!reason) return undefined
  // An error that already names its file in words (writeFileAtomic's) is kept as it is.
  if (error.message.startsWith('cannot ')) return new InputInvalid(error.message, { cause: error })
  const target = path ?? (address === undefined ? undefined : `${address}${port === undefined ? '' : `:${port}`}`)
  const action = (syscall && ACTIONS[syscall]) ?? 'use'
  return new InputInvalid(`cannot ${action}${target === undefined ? '' : ` "${target}"`}: ${reason} (${code})`, { cause: error })
}
