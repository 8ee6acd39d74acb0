import { bundledDocumentLoader, type DocumentLoader } from '../credential/document-loader.js'
import type { DataIntegrityProof as Proof, OpenBadgeCredential, SignedCredential } from '../credential/types.js'
import { describeJsonLdError, isJsonLdError } from '../credential/jsonld-safe.js'
import { validateCredential } from '../credential/validate.js'
import { JsonLdInvalid, KeyInvalid, KeyNotIssuer, ProofInvalid, SignerFailed } from '../errors.js'
import { installJsonLdContextSharing } from '../internal/jsonld-context-sharing.js'
import { markStaticDocumentLoader } from '../internal/static-loaders.js'
import { asArray, controllerOf } from '../internal/ids.js'
import { type Signer, signWith } from './signer.js'

export interface SignDataIntegrityOptions {
  signer: Signer
  /** @default offline loader with the bundled contexts */
  documentLoader?: DocumentLoader
  /** The proof's `created` time. @default now */
  created?: Date
}

/**
 * Adds a `DataIntegrityProof` (`eddsa-rdfc-2022`) with `@digitalbazaar/vc`, after checking the
 * credential against the official schema and JSON-LD safe mode, and that the signer's key is
 * controlled by the issuer. `proof` is emitted as an array. The input is not mutated.
 * @example
 * const signed = await signDataIntegrity(credential, { signer: await signerFromJwk(key.privateJwk, { id: key.verificationMethod }) })
 */
export async function signDataIntegrity(
  credential: OpenBadgeCredential,
  { signer, documentLoader, created }: SignDataIntegrityOptions,
): Promise<SignedCredential> {
  assertSignerIsIssuer(credential, signer)
  // Schema here; JSON-LD safe mode is enforced by the canonicalization inside signing itself.
  await validateCredential(credential, { jsonLd: false })
  return (await addDataIntegrityProof(credential, { signer, ...(documentLoader ? { documentLoader } : {}), ...(created ? { created } : {}) })) as unknown as SignedCredential
}

/**
 * Adds an `eddsa-rdfc-2022` proof to any JSON-LD verifiable credential (status lists, endorsements
 * of other types) without the OB 3.0 schema check; JSON-LD safe mode still applies.
 */
export async function addDataIntegrityProof<T extends object>(
  document: T,
  { signer, documentLoader, created }: SignDataIntegrityOptions,
): Promise<T & { proof: Proof[] }> {
  if (signer.algorithm !== 'EdDSA') throw new KeyInvalid(`eddsa-rdfc-2022 needs an Ed25519 key; the signer is ${signer.algorithm}`)
  await installJsonLdContextSharing()
  const { DataIntegrityProof, eddsaRdfc2022, vc } = await loadSigningStack()
  const suite = new DataIntegrityProof({
    signer: { id: signer.id, algorithm: 'Ed25519', sign: ({ data }: { data: Uint8Array }) => signWith(signer, data) },
    // With the bundled, offline loader, canonicalization is a pure function of the input's JSON.
    cryptosuite: documentLoader ? eddsaRdfc2022 : withProofConfigCache(eddsaRdfc2022),
    ...(created ? { date: created } : {}),
  })
  let signed: Record<string, unknown>
  try {
    // vc.issue adds `proof` to the object it is given (nothing deeper; a test signs a deep-frozen
    // credential): a shallow copy keeps the caller's object untouched without a deep clone.
    signed = await vc.issue({ credential: { ...document }, suite, documentLoader: documentLoader ?? bundledDocumentLoader() })
  } catch (cause) {
    const signerFailure = signerFailureIn(cause)
    if (signerFailure) throw signerFailure
    if (isJsonLdError(cause)) throw new JsonLdInvalid(`JSON-LD expansion failed in safe mode: ${describeJsonLdError(cause)}`, { cause })
    throw new ProofInvalid(`Data Integrity signing failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
  signed.proof = asArray(signed.proof) as Proof[]
  return signed as T & { proof: Proof[] }
}

type Cryptosuite = typeof import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite').cryptosuite
const PROOF_CONFIG_MAX_CHARS = 2048
const proofConfigs = new Map<string, Promise<string>>()
let cachingSuite: Cryptosuite | undefined

/**
 * Every proof of a batch signed in the same second has the same proof configuration (type,
 * cryptosuite, created, verificationMethod, proofPurpose, @context), and canonicalizing it costs a
 * JSON-LD expansion. Proof configurations (never a credential) are remembered by their exact JSON,
 * a few recent ones; only with the bundled offline loader, where the result depends on nothing else.
 */
function withProofConfigCache(suite: Cryptosuite): Cryptosuite {
  cachingSuite ??= {
    ...suite,
    canonize(input: unknown, options: { documentLoader?: unknown } | undefined) {
      // jsonld-signatures wraps our loader in one that first serves its own built-in (immutable)
      // contexts: still static, so jsonld may reuse subtree expansions under it.
      if (typeof options?.documentLoader === 'function') markStaticDocumentLoader(options.documentLoader)
      if (!isProofConfiguration(input)) return suite.canonize(input, options)
      const key = JSON.stringify(input)
      if (key.length > PROOF_CONFIG_MAX_CHARS) return suite.canonize(input, options)
      let canonical = proofConfigs.get(key)
      if (!canonical) {
        canonical = suite.canonize(input, options)
        canonical.catch(() => proofConfigs.delete(key))
        proofConfigs.set(key, canonical)
        if (proofConfigs.size > 16) proofConfigs.delete(proofConfigs.keys().next().value as string)
      }
      return canonical
    },
  }
  return cachingSuite
}

function isProofConfiguration(input: unknown): boolean {
  return typeof input === 'object' && input !== null && 'proofPurpose' in input && !('credentialSubject' in input)
}

// The Data Integrity stack loads on first use: JWT-only and verify-only callers never pay for it.
let signingStack:
  | Promise<{
      DataIntegrityProof: typeof import('@digitalbazaar/data-integrity').DataIntegrityProof
      eddsaRdfc2022: typeof import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite').cryptosuite
      vc: typeof import('@digitalbazaar/vc')
    }>
  | undefined
function loadSigningStack() {
  signingStack ??= Promise.all([import('@digitalbazaar/data-integrity'), import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'), import('@digitalbazaar/vc')]).then(
    ([di, suite, vc]) => ({ DataIntegrityProof: di.DataIntegrityProof, eddsaRdfc2022: suite.cryptosuite, vc }),
  )
  return signingStack
}

/** Throws `ERR_OB_KEY_NOT_ISSUER` unless the signer's verification method is controlled by the credential's issuer. */
export function assertSignerIsIssuer(credential: OpenBadgeCredential, signer: Signer): void {
  const issuerId = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer?.id
  const controller = controllerOf(signer.id)
  if (controller !== issuerId)
    throw new KeyNotIssuer(`the signing key "${signer.id}" is controlled by "${controller}", not by the issuer "${String(issuerId)}"`)
}

/** The signer's failure, if that is what stopped signing (the signing stack may wrap it). */
function signerFailureIn(error: unknown): SignerFailed | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) if (e instanceof SignerFailed) return e
  return undefined
}
