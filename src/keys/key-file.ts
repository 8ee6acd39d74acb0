import { chmod, readFile } from 'node:fs/promises'
import { KeyInvalid } from '../errors.js'
import { writeFileAtomic } from '../io/atomic-write.js'
import { hasPrivateMembers } from './jwk.js'
import type { IssuerKey } from './issuer-keys.js'

/**
 * Writes an issuer key file (JSON with the private JWK) with mode 0600, atomically.
 * @example
 * await writeKeyFile('issuer.key.json', await generateIssuerKey())
 */
export async function writeKeyFile(path: string, key: IssuerKey): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 })
  await chmod(path, 0o600)
}

/** Reads and checks an issuer key file; throws `ERR_OB_KEY_INVALID` with the reason. */
export async function readKeyFile(path: string): Promise<IssuerKey> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'))
  } catch (cause) {
    throw new KeyInvalid(`cannot read key file "${path}"`, { cause })
  }
  const key = parsed as Partial<IssuerKey>
  if (
    key?.type !== 'microcred-issuer-key' ||
    typeof key.issuerId !== 'string' ||
    typeof key.verificationMethod !== 'string' ||
    typeof key.privateJwk !== 'object' ||
    !hasPrivateMembers(key.privateJwk ?? {})
  )
    throw new KeyInvalid(`"${path}" is not a microcred issuer key file (expected type "microcred-issuer-key" with a private JWK)`)
  return key as IssuerKey
}
