import type { DocumentLoader, RemoteDocument } from '../credential/document-loader.js'
import { bundledDocumentLoader } from '../credential/document-loader.js'
import { ExchangePresentationInvalid } from '../errors.js'
import { isRecord } from '../internal/ids.js'

/** What a verified DIDAuthentication presentation proves: this DID signed over this challenge. */
export interface DidAuthResult {
  /** The DID whose authentication key signed the presentation. */
  did: string
  /** The verification method that signed. */
  verificationMethod: string
}

export interface VerifyDidAuthOptions {
  challenge: string
  domain: string
}

let stack: Promise<{ verifyPresentation: (options: Record<string, unknown>) => Promise<PresentationVerifyResult>; suites: unknown[]; documentLoader: DocumentLoader }> | undefined

interface PresentationVerifyResult {
  verified: boolean
  error?: unknown
  presentationResult?: { results?: { verified: boolean; verificationMethod?: { id?: string; controller?: string }; purposeResult?: { controller?: { id?: string } } }[] }
}

/**
 * The verifying stack, loaded on first use: `@digitalbazaar/vc` with the two Ed25519 suites wallets
 * sign DIDAuthentication with (`eddsa-rdfc-2022` Data Integrity, and `Ed25519Signature2020`, which
 * the Learner Credential Wallet uses), and did:key resolved offline by `@digitalbazaar/did-method-key`.
 */
function loadStack() {
  stack ??= (async () => {
    const [vc, { DataIntegrityProof }, { cryptosuite }, { Ed25519Signature2020 }, didKey, Ed25519Multikey] = await Promise.all([
      import('@digitalbazaar/vc'),
      import('@digitalbazaar/data-integrity'),
      import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
      import('@digitalbazaar/ed25519-signature-2020'),
      import('@digitalbazaar/did-method-key'),
      import('@digitalbazaar/ed25519-multikey'),
    ])
    const driver = didKey.driver()
    driver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from })
    const bundled = bundledDocumentLoader()
    const documentLoader: DocumentLoader = async (url: string): Promise<RemoteDocument> => {
      if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: await driver.get({ url }) }
      // Anything else (did:web, https) would need the network: a wallet proves control of a did:key here.
      return bundled(url)
    }
    const verifyPresentation = (vc as unknown as { verify: (options: Record<string, unknown>) => Promise<PresentationVerifyResult> }).verify
    return { verifyPresentation, suites: [new DataIntegrityProof({ cryptosuite }), new Ed25519Signature2020()], documentLoader }
  })()
  return stack
}

/**
 * Verifies a DIDAuthentication presentation (VC-API exchanges): an `authentication` proof over
 * `challenge` and `domain` by a key of a did:key DID, and, if the presentation names a `holder`,
 * that the holder is that DID. Credentials inside are not accepted: DIDAuth proves control only.
 * Throws `ERR_OB_EXCHANGE_PRESENTATION_INVALID` naming the reason.
 * @example
 * const { did } = await verifyDidAuthPresentation(body.verifiablePresentation, { challenge, domain: 'issuer.example.org' })
 */
export async function verifyDidAuthPresentation(presentation: unknown, { challenge, domain }: VerifyDidAuthOptions): Promise<DidAuthResult> {
  if (!isRecord(presentation)) throw new ExchangePresentationInvalid('"verifiablePresentation" must be an object')
  if (presentation.verifiableCredential !== undefined)
    throw new ExchangePresentationInvalid('a DIDAuthentication presentation must not carry credentials')
  const proofs = Array.isArray(presentation.proof) ? presentation.proof : [presentation.proof]
  if (proofs.length !== 1 || !isRecord(proofs[0])) throw new ExchangePresentationInvalid('the presentation needs exactly one proof')
  const { verifyPresentation, suites, documentLoader } = await loadStack()
  let result: PresentationVerifyResult
  try {
    result = await verifyPresentation({ presentation, challenge, domain, suite: suites, documentLoader })
  } catch (cause) {
    throw new ExchangePresentationInvalid(`the presentation could not be verified: ${messageOf(cause)}`, { cause })
  }
  const proofResult = result.presentationResult?.results?.[0]
  if (!result.verified || !proofResult?.verified) throw new ExchangePresentationInvalid(`the presentation's proof did not verify: ${messageOf(result.error)}`)
  const did = proofResult.purposeResult?.controller?.id ?? proofResult.verificationMethod?.controller
  const verificationMethod = proofResult.verificationMethod?.id
  if (typeof did !== 'string' || typeof verificationMethod !== 'string' || !did.startsWith('did:'))
    throw new ExchangePresentationInvalid('the proof names no DID controller for its key')
  const holder = isRecord(presentation.holder) ? presentation.holder.id : presentation.holder
  if (holder !== undefined && holder !== did)
    throw new ExchangePresentationInvalid(`the presentation's holder "${String(holder)}" is not the DID that signed it ("${did}")`)
  return { did, verificationMethod }
}

function messageOf(error: unknown): string {
  if (!error) return 'no reason given'
  const nested = (error as { errors?: unknown[] }).errors
  if (Array.isArray(nested) && nested.length > 0) return nested.map(messageOf).join('; ')
  return error instanceof Error ? error.message : String(error)
}
