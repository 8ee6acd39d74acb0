// microcred/oid4vci: OpenID for Verifiable Credential Issuance 1.0, pre-authorized code flow.
export {
  type CreatedOffer,
  type CreateOfferOptions,
  createOid4vciIssuer,
  credentialOfferUri,
  DirectoryOfferStore,
  MemoryOfferStore,
  type OfferRecord,
  type OfferStore,
  type Oid4vciIssuer,
  type Oid4vciIssuerOptions,
} from './issuer.js'
export {
  authorizationServerMetadata,
  CREDENTIAL_CONFIGURATIONS,
  type CredentialConfigurationId,
  type CredentialFormat,
  credentialIssuerMetadata,
  PRE_AUTHORIZED_CODE_GRANT,
  PROOF_ALGORITHMS,
} from './metadata.js'
export { PROOF_JWT_TYPE, type ProvenHolder, type VerifyProofOptions, verifyProofJwt } from './proof.js'
