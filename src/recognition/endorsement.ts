import { v4 as uuidv4 } from 'uuid'
import { type ProfileInput, profileOf, toDateTime } from '../credential/build.js'
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from '../credential/contexts.js'
import type { EndorsementCredential } from '../credential/types.js'
import { validateCredential } from '../credential/validate.js'
import { addDataIntegrityProof, assertSignerIsIssuer } from '../sign/data-integrity.js'
import type { Signer } from '../sign/signer.js'
import type { OpenBadgeCredential } from '../credential/types.js'

export interface IssueEndorsementOptions {
  /** The recognizer (state, district, union) endorsing. */
  endorser: ProfileInput
  /** What is endorsed: an achievement (template) id, an issuer profile id or a credential id. */
  subjectId: string
  /** Markdown, e.g. "Approved for 15 relicensure hours (2026–2028)". */
  comment: string
  /** A display name for the endorsement. @default "Endorsement by <endorser>" */
  name?: string
  signer: Signer
  /** @default now */
  validFrom?: Date
  validUntil?: Date
  /** @default urn:uuid v4 */
  id?: string
}

/**
 * Issues a signed OB 3.0 `EndorsementCredential` (Data Integrity). The signer must be the endorser's key.
 * @example
 * const endorsement = await issueEndorsement({ endorser: { id: stateKey.issuerId, name: 'State DOE' }, subjectId: template.id, comment: 'Counts 15 PD hours', signer })
 */
export async function issueEndorsement(options: IssueEndorsementOptions): Promise<EndorsementCredential & { proof: NonNullable<EndorsementCredential['proof']> }> {
  const { endorser, subjectId, comment, signer, validFrom = new Date(), validUntil } = options
  const endorsement: EndorsementCredential = {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: options.id ?? `urn:uuid:${uuidv4()}`,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: options.name ?? `Endorsement by ${endorser.name}`,
    issuer: profileOf(endorser),
    validFrom: toDateTime(validFrom),
    ...(validUntil ? { validUntil: toDateTime(validUntil) } : {}),
    credentialSubject: { id: subjectId, type: ['EndorsementSubject'], endorsementComment: comment },
  }
  assertSignerIsIssuer(endorsement as unknown as OpenBadgeCredential, signer)
  await validateCredential(endorsement as unknown as OpenBadgeCredential)
  return addDataIntegrityProof(endorsement, { signer, created: validFrom })
}
