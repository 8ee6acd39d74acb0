import { KeyInvalid } from '../errors.js'
import type { IssuerKey } from '../keys/issuer-keys.js'
import { readKeyFile } from '../keys/key-file.js'

/** Why Data Integrity refuses the key, and what to do instead. */
const WITH_JWT = 'use --format jwt for ES256/RS256 keys'
const EDDSA_ONLY = 'use an EdDSA key (microcred keys generate --alg EdDSA)'

/**
 * The issuer key file for a command that signs with Data Integrity (eddsa-rdfc-2022), which takes
 * Ed25519 keys only: another key is refused here, before anything is read, allocated or signed
 * (`ERR_OB_KEY_INVALID`, exit 2). `jwtInstead`: the command can sign a VC-JWT instead (`--format jwt`).
 */
export async function readDataIntegrityKey(path: string, { what, jwtInstead = false }: { what?: string; jwtInstead?: boolean } = {}): Promise<IssuerKey> {
  const key = await readKeyFile(path)
  assertDataIntegrityKey(key, path, { ...(what ? { what } : {}), jwtInstead })
  return key
}

/** As {@link readDataIntegrityKey}, for a key already read. */
export function assertDataIntegrityKey(key: IssuerKey, path: string, { what, jwtInstead = false }: { what?: string; jwtInstead?: boolean } = {}): void {
  if (key.algorithm === 'EdDSA') return
  const needs = what ? `${what} signs with Data Integrity (eddsa-rdfc-2022), which needs an Ed25519 key` : 'Data Integrity (eddsa-rdfc-2022) needs an Ed25519 key'
  throw new KeyInvalid(`${needs}, and "${path}" is an ${key.algorithm} key: ${jwtInstead ? WITH_JWT : EDDSA_ONLY}`)
}
