import { exportJWK, generateKeyPair as joseGenerateKeyPair } from 'jose'
import { KeyInvalid } from '../errors.js'
import { DID_V1_CONTEXT, MULTIKEY_CONTEXT } from '../credential/contexts.js'
import { algorithmOf, type PrivateJwk, type PublicJwk, type SigningAlgorithm, toPublicJwk } from './jwk.js'
import { multibaseFromJwk } from './multikey.js'

/** How the issuer is identified: `did:key` (offline), `did:web` (host the DID document) or an https URL. */
export type IssuerIdentifierMethod = { method: 'did:key' } | { method: 'did:web'; host: string } | { method: 'url'; url: string }

/** A JSON document the issuer publishes (DID document or key document). */
export type PublishedDocument = Record<string, unknown>

/** A generated issuer key with its identifiers. Written to disk by `writeKeyFile` with mode 0600. */
export interface IssuerKey {
  type: 'microcred-issuer-key'
  algorithm: SigningAlgorithm
  /** The issuer id to put in `issuer.id` (the key's controller). */
  issuerId: string
  /** The verification method id that goes in proofs and JWT `kid`. */
  verificationMethod: string
  publicJwk: PublicJwk
  privateJwk: PrivateJwk
  /** For did:web: the DID document to serve at `https://HOST/.well-known/did.json`. For url: the key document. */
  publish?: { url: string; document: PublishedDocument }
}

export interface GenerateIssuerKeyOptions {
  /** @default 'EdDSA' */
  algorithm?: SigningAlgorithm
  /** @default { method: 'did:key' } */
  identifier?: IssuerIdentifierMethod
}

/**
 * Generates an issuer key (Ed25519, P-256 or RSA-2048) and its identifiers.
 * @example
 * const key = await generateIssuerKey({ algorithm: 'EdDSA', identifier: { method: 'did:web', host: 'district.example.org' } })
 */
export async function generateIssuerKey({
  algorithm = 'EdDSA',
  identifier = { method: 'did:key' },
}: GenerateIssuerKeyOptions = {}): Promise<IssuerKey> {
  const joseAlg = algorithm === 'EdDSA' ? 'Ed25519' : algorithm
  const { privateKey } = await joseGenerateKeyPair(joseAlg, { extractable: true, ...(algorithm === 'RS256' ? { modulusLength: 2048 } : {}) })
  const privateJwk = (await exportJWK(privateKey)) as PrivateJwk
  return issuerKeyFromJwk(privateJwk, identifier)
}

/** Derives identifiers (and the document to publish) for an existing private JWK. */
export async function issuerKeyFromJwk(privateJwk: PrivateJwk, identifier: IssuerIdentifierMethod = { method: 'did:key' }): Promise<IssuerKey> {
  const algorithm = algorithmOf(privateJwk)
  if (algorithm === 'RS256' && privateJwk.n && Math.ceil((privateJwk.n.length * 6) / 8) < 256)
    throw new KeyInvalid('RSA keys must be at least 2048 bits')
  const publicJwk = toPublicJwk(privateJwk)
  const multibase = algorithm === 'RS256' ? undefined : await multibaseFromJwk(publicJwk)
  const base = { type: 'microcred-issuer-key' as const, algorithm, publicJwk, privateJwk: { ...privateJwk } }

  switch (identifier.method) {
    case 'did:key': {
      if (!multibase) throw new KeyInvalid('did:key issuers need an Ed25519 or P-256 key; use did:web or a URL for RSA')
      const did = `did:key:${multibase}`
      return { ...base, issuerId: did, verificationMethod: `${did}#${multibase}` }
    }
    case 'did:web': {
      const did = didWebFromHost(identifier.host)
      const verificationMethod = `${did}#${multibase ?? 'key-1'}`
      const document = controllerDocument(did, verificationMethod, publicJwk, multibase)
      return { ...base, issuerId: did, verificationMethod, publish: { url: didWebDocumentUrl(did), document } }
    }
    case 'url': {
      const url = new URL(identifier.url)
      if (url.protocol !== 'https:' || url.hash) throw new KeyInvalid(`issuer URL must be https without a fragment (got "${identifier.url}")`)
      const issuerId = url.href
      const verificationMethod = `${issuerId}#${multibase ?? 'key-1'}`
      return { ...base, issuerId, verificationMethod, publish: { url: issuerId, document: controllerDocument(issuerId, verificationMethod, publicJwk, multibase) } }
    }
  }
}

/** `did:web` identifier for a host (and optional path), e.g. `district.example.org/issuers/pd` → `did:web:district.example.org:issuers:pd`. */
export function didWebFromHost(host: string): string {
  const [domain, ...path] = host.replace(/^https:\/\//, '').replace(/\/+$/, '').split('/')
  if (!domain || !/^[A-Za-z0-9.-]+(:\d+)?$/.test(domain)) throw new KeyInvalid(`"${host}" is not a host name`)
  return ['did:web', encodeURIComponent(domain), ...path.map(encodeURIComponent)].join(':')
}

/** Where a did:web DID document is served (did:web method spec §3.2). */
export function didWebDocumentUrl(did: string): string {
  const [, , domain, ...path] = did.split(':')
  const origin = `https://${decodeURIComponent(domain ?? '')}`
  return path.length === 0 ? `${origin}/.well-known/did.json` : `${origin}/${path.map(decodeURIComponent).join('/')}/did.json`
}

function controllerDocument(id: string, verificationMethod: string, publicJwk: PublicJwk, multibase: string | undefined): PublishedDocument {
  const method = multibase
    ? { id: verificationMethod, type: 'Multikey', controller: id, publicKeyMultibase: multibase }
    : { id: verificationMethod, type: 'JsonWebKey2020', controller: id, publicKeyJwk: publicJwk }
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_CONTEXT],
    id,
    verificationMethod: [method],
    assertionMethod: [verificationMethod],
    authentication: [verificationMethod],
  }
}
