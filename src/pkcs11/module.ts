import type * as Pkcs11js from 'pkcs11js'
import { isObError } from '../errors.js'
import { obError } from '../internal/ob-error.js'
import { importPeer } from '../internal/peer-dependency.js'

type Pkcs11Lib = typeof Pkcs11js
type Loaded = {
  lib: Pkcs11Lib
  pkcs11: Pkcs11js.PKCS11
  refs: number
  /** SHA-256 of the PIN each token (by slot) was logged in with: a login is shared by the whole process. */
  logins: Map<string, string>
}

// One loaded module per library path: Cryptoki is initialised once per process, so every signer
// of a module shares it, and the last one to close finalises it.
const modules = new Map<string, Promise<Loaded>>()

/** The `pkcs11js` addon, an optional peer dependency: loaded only when a PKCS#11 signer is opened. */
async function loadPkcs11js(): Promise<Pkcs11Lib> {
  try {
    const imported = (await importPeer('pkcs11js', { feature: 'PKCS#11 signing (microcred/pkcs11)', packages: ['pkcs11js'] }, () => import('pkcs11js'))) as Pkcs11Lib & {
      default?: Pkcs11Lib
    }
    return imported.default ?? imported
  } catch (cause) {
    if (isObError(cause)) throw cause
    // Installed, but its native part did not load: most often its install script (a node-gyp build) never ran.
    throw obError('ERR_OB_KEY_UNRESOLVED', `the "pkcs11js" package is installed but does not load (allow its install script, which builds it): ${(cause as Error).message}`, { cause })
  }
}

/** Loads and initialises a PKCS#11 library (shared; release it with `releaseModule`). */
export async function acquireModule(path: string): Promise<Loaded> {
  let entry = modules.get(path)
  if (!entry) {
    entry = (async () => {
      const lib = await loadPkcs11js()
      const pkcs11 = new lib.PKCS11()
      try {
        pkcs11.load(path)
      } catch (cause) {
        throw obError('ERR_OB_KEY_UNRESOLVED', `cannot load the PKCS#11 module "${path}": ${(cause as Error).message}`, { cause })
      }
      try {
        // Signatures run on libuv's threads (C_SignAsync), several sessions at once: the module must
        // lock for itself. Initialised without this flag, SoftHSM2 assumes one thread and its state
        // was corrupted under load (a crash in a later call).
        pkcs11.C_Initialize({ flags: lib.CKF_OS_LOCKING_OK })
      } catch (error) {
        if ((error as { code?: number }).code !== lib.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw error
      }
      return { lib, pkcs11, refs: 0, logins: new Map<string, string>() }
    })()
    modules.set(path, entry)
    entry.catch(() => modules.delete(path))
  }
  const loaded = await entry
  loaded.refs++
  return loaded
}

export async function releaseModule(path: string): Promise<void> {
  const entry = modules.get(path)
  if (!entry) return
  const loaded = await entry
  if (--loaded.refs > 0) return
  modules.delete(path)
  try {
    loaded.pkcs11.C_Finalize()
  } finally {
    loaded.pkcs11.close()
  }
}
