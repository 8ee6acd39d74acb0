import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020'
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import jsigs from 'jsonld-signatures'
import { createDocumentLoader, type DocumentLoaderOptions } from '../../credential/document-loader.js'
import { describeJsonLdError } from '../../credential/jsonld-safe.js'
import { asArray, isRecord } from '../../internal/ids.js'
import type { ResolvedKey } from '../../keys/resolve-key.js'
import { MAX_PROOFS } from '../input-safety.js'
import type { CheckResult } from '../report.js'

/** `eddsa-2022` is the pre-standard name of the same EdDSA + RDF canonicalization suite, found in the wild (data-integrity v1 context). */
const eddsa2022 = { ...eddsaRdfc2022, name: 'eddsa-2022' }

export interface DataIntegrityOutcome {
  check: CheckResult
  /** The key of the first proof that verified. */
  key?: ResolvedKey
  /**
   * Every proof that verified, in document order, with its key when the loader resolved one. A
   * proof set may hold proofs by several keys (an adversary can add a valid proof of their own):
   * the caller binds any of them to the issuer, not just the first.
   */
  verified: VerifiedProof[]
}

/** A proof whose signature verified, and the key it verified under. */
export interface VerifiedProof {
  proof: Record<string, unknown>
  key?: ResolvedKey
}

/**
 * Verifies the embedded proof(s) with jsonld-signatures: `eddsa-rdfc-2022`, plus legacy `eddsa-2022`
 * and `Ed25519Signature2020`. Any one valid proof suffices (OB 3.0 §8.1). The proof purpose is
 * checked here; whether the key belongs to the issuer is the key-binding check's job.
 */
export async function verifyDataIntegrity(credential: Record<string, unknown>, loaderOptions: DocumentLoaderOptions): Promise<DataIntegrityOutcome> {
  const proofs = asArray(credential.proof).filter(isRecord)
  if (proofs.length === 0) return { check: { id: 'proof', status: 'failed', code: 'ERR_OB_PROOF_MISSING', message: 'no proof' }, verified: [] }
  // Each proof costs a canonicalization: thousands of them (a few MiB) would hold the verifier for seconds.
  if (proofs.length > MAX_PROOFS)
    return { check: { id: 'proof', status: 'failed', code: 'ERR_OB_PROOF_INVALID', message: `${proofs.length} proofs; at most ${MAX_PROOFS} are verified` }, verified: [] }
  const keys = new Map<string, ResolvedKey>()
  const documentLoader = createDocumentLoader({ ...loaderOptions, onKeyResolved: (key) => keys.set(key.id, key) })
  const suite = [
    new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    new DataIntegrityProof({ cryptosuite: eddsa2022, legacyContext: true }),
    new Ed25519Signature2020(),
  ]
  const purpose = new jsigs.purposes.ProofPurpose({ term: 'assertionMethod', maxTimestampDelta: Number.POSITIVE_INFINITY })
  // Verify a copy whose proof is an array: jsigs also accepts one object, but normalizing keeps the report uniform.
  const document = { ...credential, proof: proofs }
  let result: Awaited<ReturnType<typeof jsigs.verify>>
  try {
    result = await jsigs.verify(document, { suite, purpose, documentLoader })
  } catch (error) {
    return { check: { id: 'proof', status: 'failed', code: 'ERR_OB_PROOF_INVALID', message: describeJsonLdError(error) }, verified: [] }
  }
  const verifiedProofs = (result.results ?? [])
    .filter((r) => r.verified)
    .map((r): VerifiedProof => {
      const key = keys.get(String(r.proof.verificationMethod))
      return { proof: r.proof, ...(key ? { key } : {}) }
    })
  const verified = verifiedProofs[0]
  if (result.verified && verified) {
    const vm = String(verified.proof.verificationMethod)
    const suiteName = String(verified.proof.cryptosuite ?? verified.proof.type)
    const key = verified.key
    const legacy = suiteName !== 'eddsa-rdfc-2022'
    return {
      verified: verifiedProofs,
      check: {
        id: 'proof',
        status: legacy ? 'warning' : 'passed',
        ...(legacy ? { code: 'WARN_OB_LEGACY_FORMAT' as const } : {}),
        message: `${suiteName} signature by ${vm} is valid${legacy ? ' (deprecated suite; OB 3.0 issuers use eddsa-rdfc-2022)' : ''}`,
      },
      ...(key ? { key } : {}),
    }
  }
  const supported = proofs.some((p) => ['eddsa-rdfc-2022', 'eddsa-2022'].includes(String(p.cryptosuite)) || p.type === 'Ed25519Signature2020')
  if (!supported)
    return {
      check: { id: 'proof', status: 'failed', code: 'ERR_OB_PROOF_UNSUPPORTED', message: `no supported proof (types: ${proofs.map((p) => String(p.cryptosuite ?? p.type)).join(', ')})` },
      verified: [],
    }
  const errors = [...(result.results ?? []).map((r) => r.error).filter((e) => e !== undefined), ...(result.error?.errors ?? [])]
  const reason = errors.map((e) => describeJsonLdError(e)).find(Boolean) ?? result.error?.message ?? 'the signature does not match'
  // The loader's own coded errors (a key its DID document does not vouch for, a refused fetch) may come wrapped.
  const coded = errors.map(codeOf).find((code) => code === 'ERR_OB_KEY_NOT_ISSUER' || code === 'ERR_OB_FETCH_REFUSED' || code === 'ERR_OB_FETCH_FAILED')
  if (coded) return { check: { id: 'proof', status: 'failed', code: coded, message: reason }, verified: [] }
  const unresolved = errors.some((e) => (e as { code?: string }).code === 'ERR_OB_KEY_UNRESOLVED' || /resolve|not available offline|remote loading|remote look-ups/i.test(String(e?.message)))
  return { check: { id: 'proof', status: 'failed', code: unresolved ? 'ERR_OB_KEY_UNRESOLVED' : 'ERR_OB_PROOF_INVALID', message: reason }, verified: [] }
}

function codeOf(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined
  const { code, cause, details } = error as { code?: unknown; cause?: unknown; details?: { cause?: unknown } }
  if (typeof code === 'string' && code.startsWith('ERR_OB_')) return code
  return codeOf(cause, depth + 1) ?? codeOf(details?.cause, depth + 1)
}
