import { OB_V3_CONTEXT, VC_V2_CONTEXT } from '../credential/contexts.js'

/** The credential configurations microcred offers: an OB 3.0 OpenBadgeCredential, as Data Integrity JSON-LD or as a VC-JWT. */
export const CREDENTIAL_CONFIGURATIONS = {
  OpenBadgeCredential_ldp_vc: 'ldp_vc',
  OpenBadgeCredential_jwt_vc_json: 'jwt_vc_json',
} as const

export type CredentialConfigurationId = keyof typeof CREDENTIAL_CONFIGURATIONS
export type CredentialFormat = (typeof CREDENTIAL_CONFIGURATIONS)[CredentialConfigurationId]

export const PRE_AUTHORIZED_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code'
/** JWT algorithms accepted for a wallet's proof of possession (asymmetric only). */
export const PROOF_ALGORITHMS = ['EdDSA', 'ES256'] as const

export interface Oid4vciEndpoints {
  credentialIssuer: string
  tokenEndpoint: string
  nonceEndpoint: string
  credentialEndpoint: string
}

/** The endpoints of an issuer at `credentialIssuer` (its own authorization server). */
export function endpointsOf(credentialIssuer: string): Oid4vciEndpoints {
  const base = credentialIssuer.replace(/\/+$/, '')
  return { credentialIssuer: base, tokenEndpoint: `${base}/oid4vci/token`, nonceEndpoint: `${base}/oid4vci/nonce`, credentialEndpoint: `${base}/oid4vci/credential` }
}

/**
 * Credential issuer metadata (OpenID4VCI 1.0 §12.2), served at `/.well-known/openid-credential-issuer`.
 * @example
 * credentialIssuerMetadata({ credentialIssuer: 'https://issuer.example.org', issuerName: 'District', signingAlgorithm: 'EdDSA' })
 */
export function credentialIssuerMetadata({ credentialIssuer, issuerName, signingAlgorithm }: { credentialIssuer: string; issuerName: string; signingAlgorithm: string }) {
  const endpoints = endpointsOf(credentialIssuer)
  const common = {
    cryptographic_binding_methods_supported: ['did:key', 'did:jwk', 'jwk'],
    proof_types_supported: { jwt: { proof_signing_alg_values_supported: [...PROOF_ALGORITHMS] } },
    credential_metadata: { display: [{ name: 'Open Badge', locale: 'en' }] },
  }
  const type = ['VerifiableCredential', 'OpenBadgeCredential']
  const configurations: Record<CredentialConfigurationId, Record<string, unknown>> = {
    OpenBadgeCredential_ldp_vc: {
      format: 'ldp_vc',
      credential_definition: { '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT], type },
      credential_signing_alg_values_supported: ['eddsa-rdfc-2022'],
      ...common,
    },
    OpenBadgeCredential_jwt_vc_json: {
      format: 'jwt_vc_json',
      credential_definition: { type },
      credential_signing_alg_values_supported: [signingAlgorithm],
      ...common,
    },
  }
  // A Data Integrity proof here is eddsa-rdfc-2022: only an Ed25519 issuer offers ldp_vc.
  if (signingAlgorithm !== 'EdDSA') delete (configurations as Partial<typeof configurations>).OpenBadgeCredential_ldp_vc
  return {
    credential_issuer: endpoints.credentialIssuer,
    credential_endpoint: endpoints.credentialEndpoint,
    nonce_endpoint: endpoints.nonceEndpoint,
    display: [{ name: issuerName, locale: 'en' }],
    credential_configurations_supported: configurations,
  }
}

/** OAuth 2.0 authorization server metadata (RFC 8414) for the pre-authorized code flow. */
export function authorizationServerMetadata(credentialIssuer: string) {
  const endpoints = endpointsOf(credentialIssuer)
  return {
    issuer: endpoints.credentialIssuer,
    token_endpoint: endpoints.tokenEndpoint,
    grant_types_supported: [PRE_AUTHORIZED_CODE_GRANT],
    'pre-authorized_grant_anonymous_access_supported': true,
    response_types_supported: [],
    token_endpoint_auth_methods_supported: ['none'],
  }
}
