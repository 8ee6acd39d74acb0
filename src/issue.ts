import { type BuildCredentialOptions, buildCredential } from './credential/build.js'
import type { DocumentLoader } from './credential/document-loader.js'
import type { CompactJwt, SignedCredential } from './credential/types.js'
import { signDataIntegrity } from './sign/data-integrity.js'
import type { Signer } from './sign/signer.js'
import { signVcJwt } from './sign/vc-jwt.js'

export interface IssueCredentialOptions extends BuildCredentialOptions {
  signer: Signer
  /** The proof created at. @default the credential's validFrom */
  created?: Date
  documentLoader?: DocumentLoader
}

/**
 * Builds and signs an awarded micro-credential with a Data Integrity proof (`eddsa-rdfc-2022`).
 * @example
 * const credential = await issueCredential({ template, decision: final, submission, issuer, signer })
 */
export async function issueCredential(options: IssueCredentialOptions): Promise<SignedCredential> {
  const credential = await buildCredential(options)
  return signDataIntegrity(credential, {
    signer: options.signer,
    created: options.created ?? new Date(credential.validFrom),
    ...(options.documentLoader ? { documentLoader: options.documentLoader } : {}),
  })
}

/**
 * Builds and signs an awarded micro-credential as an OB 3.0 VC-JWT.
 * @example
 * const jwt = await issueCredentialJwt({ template, decision: final, submission, issuer, signer })
 */
export async function issueCredentialJwt(options: IssueCredentialOptions): Promise<CompactJwt> {
  return signVcJwt(await buildCredential(options), { signer: options.signer })
}
