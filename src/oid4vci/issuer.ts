import { createHash, randomInt, timingSafeEqual } from 'node:crypto'
import type { OpenBadgeCredential } from '../credential/types.js'
import { randomId } from '../exchange/exchanges.js'
import { isRecord } from '../internal/ids.js'
import { DirectoryRecordStore, MemoryRecordStore, type RecordStore } from '../internal/record-store.js'
import { signDataIntegrity } from '../sign/data-integrity.js'
import type { Signer } from '../sign/signer.js'
import { HttpRefusal, readBody } from '../server/http.js'
import { signVcJwt } from '../sign/vc-jwt.js'
import {
  authorizationServerMetadata,
  CREDENTIAL_CONFIGURATIONS,
  type CredentialConfigurationId,
  credentialIssuerMetadata,
  endpointsOf,
  PRE_AUTHORIZED_CODE_GRANT,
} from './metadata.js'
import { NonceBook } from './nonces.js'
import { verifyProofJwt } from './proof.js'

/** One credential offer and how far the wallet got with it. Secrets are stored only as SHA-256 hashes. */
export interface OfferRecord {
  id: string
  credential: OpenBadgeCredential
  configurationIds: CredentialConfigurationId[]
  createdAt: string
  /** Until when the pre-authorized code may be exchanged for a token. */
  expiresAt: string
  codeHash: string
  txCodeHash?: string
  failedTxCodes: number
  tokenHash?: string
  tokenExpiresAt?: string
  /** Configurations already delivered (each offered configuration is delivered once). */
  issued: { configurationId: CredentialConfigurationId; holder: string; at: string }[]
}

export type OfferStore = RecordStore<OfferRecord>

/** Offers in memory. */
export class MemoryOfferStore extends MemoryRecordStore<OfferRecord> {}

/**
 * Offers in a directory, one JSON file each (mode 0600), replaced atomically.
 * @example
 * const store = await DirectoryOfferStore.open('issuer-state/oid4vci')
 */
export class DirectoryOfferStore extends DirectoryRecordStore<OfferRecord> {
  static async open(dir: string): Promise<DirectoryOfferStore> {
    await DirectoryRecordStore.prepare(dir)
    return new DirectoryOfferStore(dir)
  }
}

export interface Oid4vciIssuerOptions {
  /** The credential issuer identifier, an https URL (http only for loopback tests), e.g. `https://issuer.example.org`. */
  credentialIssuer: string
  /** Shown by wallets. */
  issuerName: string
  /** Signs delivered credentials; its key must be the credential issuer's. */
  signer: Signer
  store: OfferStore
  /** How long an offer's pre-authorized code stays usable. @default 7 days */
  offerTtlMs?: number
  /** @default 10 minutes */
  accessTokenTtlMs?: number
  /** @default 5 minutes */
  nonceTtlMs?: number
  /** Wrong transaction codes before the offer is burned. @default 5 */
  maxTxCodeAttempts?: number
  now?: () => Date
}

export interface CreateOfferOptions {
  /** @default every configuration the issuer supports */
  configurationIds?: CredentialConfigurationId[]
  /** Ask the wallet for a numeric transaction code of this many digits, sent to the educator another way. */
  txCodeLength?: number
}

/** A credential offer (OpenID4VCI 1.0 §4.1) and the ways to hand it to a wallet. */
export interface CreatedOffer {
  id: string
  offer: {
    credential_issuer: string
    credential_configuration_ids: CredentialConfigurationId[]
    grants: { [PRE_AUTHORIZED_CODE_GRANT]: { 'pre-authorized_code': string; tx_code?: { length: number; input_mode: 'numeric'; description: string } } }
  }
  /** `openid-credential-offer://?credential_offer=…`, for a link or a QR code. */
  offerUri: string
  /** The transaction code to give the educator out of band, when one was asked for. */
  txCode?: string
  expiresAt: string
}

/** The OpenID4VCI issuer: create offers, and route the wallet's requests (`route` answers `undefined` for others). */
export interface Oid4vciIssuer {
  createOffer(credential: OpenBadgeCredential, options?: CreateOfferOptions): Promise<CreatedOffer>
  route(request: Request): Promise<Response | undefined>
  metadata(): ReturnType<typeof credentialIssuerMetadata>
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/** `<offer id>.<secret>`: the record is found by id, the secret checked against its hash. */
function splitSecret(value: unknown): { id: string; secret: string } | undefined {
  if (typeof value !== 'string' || value.length > 300) return undefined
  const [id, secret, ...rest] = value.split('.')
  return id && secret && rest.length === 0 ? { id, secret } : undefined
}

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(description)
  }
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers } })

const MAX_BODY = 64 * 1024

async function bodyText(request: Request): Promise<string> {
  try {
    return new TextDecoder().decode(await readBody(request, { maxBodyBytes: MAX_BODY }))
  } catch (error) {
    if (error instanceof HttpRefusal) throw new OAuthError(error.status, error.error, error.message)
    throw error
  }
}

/**
 * An OpenID for Verifiable Credential Issuance 1.0 issuer, pre-authorized code flow, for OB 3.0
 * `OpenBadgeCredential`s as `ldp_vc` (Data Integrity, eddsa-rdfc-2022) and `jwt_vc_json` (VC-JWT).
 * It is its own authorization server. The wallet proves possession of its key with a JWT proof
 * (`openid4vci-proof+jwt`, a `c_nonce` from the nonce endpoint, `aud` = the issuer); the
 * credential is signed then, for the DID of that key (did:key, or did:jwk for a bare JWK).
 * @example
 * const oid4vci = createOid4vciIssuer({ credentialIssuer: 'https://issuer.example.org', issuerName: 'District', signer, store: new MemoryOfferStore() })
 * const { offerUri } = await oid4vci.createOffer(unsignedCredential)
 * const handler = createIssuerHandler({ routes: [oid4vci] })
 */
export function createOid4vciIssuer({
  credentialIssuer,
  issuerName,
  signer,
  store,
  offerTtlMs = 7 * 24 * 3600_000,
  accessTokenTtlMs = 10 * 60_000,
  nonceTtlMs = 5 * 60_000,
  maxTxCodeAttempts = 5,
  now = () => new Date(),
}: Oid4vciIssuerOptions): Oid4vciIssuer {
  const url = new URL(credentialIssuer)
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]'
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new TypeError('credentialIssuer must be an https URL (http only on loopback)')
  const endpoints = endpointsOf(credentialIssuer)
  const issuerPath = new URL(endpoints.credentialIssuer).pathname.replace(/\/+$/, '')
  const metadata = () => credentialIssuerMetadata({ credentialIssuer, issuerName, signingAlgorithm: signer.algorithm })
  const supported = () => Object.keys(metadata().credential_configurations_supported) as CredentialConfigurationId[]
  const nonces = new NonceBook(nonceTtlMs)

  const token = async (request: Request): Promise<Response> => {
    const type = request.headers.get('content-type') ?? ''
    if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded'))
      throw new OAuthError(400, 'invalid_request', 'the token request must be application/x-www-form-urlencoded')
    const form = new URLSearchParams(await bodyText(request))
    if (form.get('grant_type') !== PRE_AUTHORIZED_CODE_GRANT) throw new OAuthError(400, 'unsupported_grant_type', `only "${PRE_AUTHORIZED_CODE_GRANT}" is supported`)
    const code = splitSecret(form.get('pre-authorized_code'))
    if (!code) throw new OAuthError(400, 'invalid_grant', 'the pre-authorized code is missing or malformed')
    const txCode = form.get('tx_code') ?? form.get('user_pin')
    const accessToken = `${code.id}.${randomId()}${randomId()}`
    let failure: OAuthError | undefined
    const at = now()
    const updated = await store.update(code.id, (offer) => {
      failure = undefined
      if (!sameHash(offer.codeHash, sha256(code.secret))) failure = new OAuthError(400, 'invalid_grant', 'the pre-authorized code is not valid')
      else if (offer.tokenHash) failure = new OAuthError(400, 'invalid_grant', 'the pre-authorized code was already used')
      else if (Date.parse(offer.expiresAt) <= at.getTime()) failure = new OAuthError(400, 'invalid_grant', `the offer expired at ${offer.expiresAt}`)
      else if (offer.failedTxCodes >= maxTxCodeAttempts) failure = new OAuthError(400, 'invalid_grant', 'too many wrong transaction codes; ask for a new offer')
      else if (offer.txCodeHash && (!txCode || !sameHash(offer.txCodeHash, sha256(txCode)))) {
        failure = new OAuthError(400, 'invalid_grant', 'the transaction code is missing or wrong')
        return { ...offer, failedTxCodes: offer.failedTxCodes + 1 }
      }
      if (failure) return offer
      return { ...offer, tokenHash: sha256(accessToken), tokenExpiresAt: new Date(at.getTime() + accessTokenTtlMs).toISOString() }
    })
    if (!updated) throw new OAuthError(400, 'invalid_grant', 'the pre-authorized code is not valid')
    if (failure) throw failure
    return json({ access_token: accessToken, token_type: 'Bearer', expires_in: Math.floor(accessTokenTtlMs / 1000) })
  }

  const credential = async (request: Request): Promise<Response> => {
    const authorization = request.headers.get('authorization') ?? ''
    const bearer = splitSecret(/^Bearer (\S+)$/i.exec(authorization)?.[1])
    if (!bearer) throw new OAuthError(401, 'invalid_token', 'a Bearer access token is required')
    const offer = await store.get(bearer.id)
    const at = now()
    if (!offer?.tokenHash || !sameHash(offer.tokenHash, sha256(`${bearer.id}.${bearer.secret}`)) || Date.parse(offer.tokenExpiresAt ?? '') <= at.getTime())
      throw new OAuthError(401, 'invalid_token', 'the access token is not valid or has expired')
    let body: unknown
    try {
      body = JSON.parse(await bodyText(request))
    } catch (error) {
      if (error instanceof OAuthError) throw error
      throw new OAuthError(400, 'invalid_credential_request', 'the credential request must be JSON')
    }
    if (!isRecord(body)) throw new OAuthError(400, 'invalid_credential_request', 'the credential request must be a JSON object')
    const configurationId = configurationOf(body)
    if (!configurationId || !offer.configurationIds.includes(configurationId))
      throw new OAuthError(400, 'unknown_credential_configuration', `the request asks for a credential this offer does not include (${offer.configurationIds.join(', ')})`)
    const proofJwt = proofOf(body)
    const holder = await verifyProofJwt(proofJwt, { audience: endpoints.credentialIssuer, consumeNonce: (nonce) => nonces.consume(nonce, at), now: at })
    const named = offer.credential.credentialSubject.id
    if (named && named !== holder.id) throw new OAuthError(400, 'invalid_proof', `this award is for "${named}"; the proof is by "${holder.id}"`)
    let claimed = false
    await store.update(offer.id, (current) => {
      if (current.issued.some((i) => i.configurationId === configurationId)) return current
      claimed = true
      return { ...current, issued: [...current.issued, { configurationId, holder: holder.id, at: at.toISOString() }] }
    })
    if (!claimed) throw new OAuthError(400, 'invalid_credential_request', `this offer's ${configurationId} was already delivered`)
    const bound: OpenBadgeCredential = { ...offer.credential, credentialSubject: { ...offer.credential.credentialSubject, id: holder.id } }
    const issued = CREDENTIAL_CONFIGURATIONS[configurationId] === 'ldp_vc' ? await signDataIntegrity(bound, { signer, created: at }) : await signVcJwt(bound, { signer })
    return json({ credentials: [{ credential: issued }] })
  }

  const route = async (request: Request): Promise<Response | undefined> => {
    const { pathname } = new URL(request.url)
    try {
      if (request.method === 'GET' && (pathname === `/.well-known/openid-credential-issuer${issuerPath}` || pathname === `${issuerPath}/.well-known/openid-credential-issuer`))
        return json(metadata(), 200, { 'cache-control': 'max-age=300' })
      if (request.method === 'GET' && (pathname === `/.well-known/oauth-authorization-server${issuerPath}` || pathname === `${issuerPath}/.well-known/oauth-authorization-server`))
        return json(authorizationServerMetadata(credentialIssuer), 200, { 'cache-control': 'max-age=300' })
      const endpoint = [endpoints.tokenEndpoint, endpoints.nonceEndpoint, endpoints.credentialEndpoint].find((e) => new URL(e).pathname === pathname)
      if (!endpoint) return undefined
      if (request.method !== 'POST') throw new OAuthError(405, 'invalid_request', 'use POST')
      if (endpoint === endpoints.tokenEndpoint) return await token(request)
      if (endpoint === endpoints.nonceEndpoint) {
        const { nonce, expiresIn } = nonces.issue(now())
        return json({ c_nonce: nonce, c_nonce_expires_in: expiresIn })
      }
      return await credential(request)
    } catch (error) {
      return errorResponse(error)
    }
  }

  return {
    metadata,
    route,
    async createOffer(unsigned, { configurationIds = supported(), txCodeLength } = {}) {
      const unknown = configurationIds.filter((id) => !supported().includes(id))
      if (configurationIds.length === 0 || unknown.length > 0) throw new RangeError(`unsupported credential configurations: ${unknown.join(', ') || '(none given)'}`)
      if (txCodeLength !== undefined && (!Number.isInteger(txCodeLength) || txCodeLength < 4 || txCodeLength > 12)) throw new RangeError('txCodeLength must be 4–12 digits')
      const { proof: _unsigned, ...credential } = unsigned
      const created = now()
      const id = randomId()
      const secret = randomId()
      const txCode = txCodeLength === undefined ? undefined : Array.from({ length: txCodeLength }, () => randomInt(10)).join('')
      const expiresAt = new Date(created.getTime() + offerTtlMs).toISOString()
      await store.create({
        id,
        credential: credential as OpenBadgeCredential,
        configurationIds,
        createdAt: created.toISOString(),
        expiresAt,
        codeHash: sha256(secret),
        ...(txCode ? { txCodeHash: sha256(txCode) } : {}),
        failedTxCodes: 0,
        issued: [],
      })
      const grant = {
        'pre-authorized_code': `${id}.${secret}`,
        ...(txCode ? { tx_code: { length: txCode.length, input_mode: 'numeric' as const, description: 'The code your issuer sent you' } } : {}),
      }
      const offer = { credential_issuer: endpoints.credentialIssuer, credential_configuration_ids: configurationIds, grants: { [PRE_AUTHORIZED_CODE_GRANT]: grant } }
      return { id, offer, offerUri: credentialOfferUri(offer), ...(txCode ? { txCode } : {}), expiresAt }
    },
  }
}

/** `openid-credential-offer://?credential_offer=<JSON>` (OpenID4VCI 1.0 §4.1.2). */
export function credentialOfferUri(offer: object): string {
  return `openid-credential-offer://?${new URLSearchParams({ credential_offer: JSON.stringify(offer) }).toString()}`
}

function configurationOf(body: Record<string, unknown>): CredentialConfigurationId | undefined {
  if (typeof body.credential_configuration_id === 'string')
    return body.credential_configuration_id in CREDENTIAL_CONFIGURATIONS ? (body.credential_configuration_id as CredentialConfigurationId) : undefined
  // Drafts before 15 name the format instead.
  if (body.format === 'ldp_vc') return 'OpenBadgeCredential_ldp_vc'
  if (body.format === 'jwt_vc_json') return 'OpenBadgeCredential_jwt_vc_json'
  return undefined
}

function proofOf(body: Record<string, unknown>): unknown {
  if (isRecord(body.proofs)) {
    const jwts = body.proofs.jwt
    if (!Array.isArray(jwts) || jwts.length !== 1) throw new OAuthError(400, 'invalid_proof', 'send exactly one proof in "proofs.jwt"')
    return jwts[0]
  }
  if (isRecord(body.proof)) {
    if (body.proof.proof_type !== 'jwt') throw new OAuthError(400, 'invalid_proof', 'only "jwt" proofs are supported')
    return body.proof.jwt
  }
  throw new OAuthError(400, 'invalid_proof', 'a proof of possession ("proofs.jwt") is required')
}

const CODE_TO_OAUTH: Record<string, string> = {
  ERR_OB_OID4VCI_NONCE_INVALID: 'invalid_nonce',
  ERR_OB_OID4VCI_PROOF_INVALID: 'invalid_proof',
  ERR_OB_OID4VCI_TOKEN_INVALID: 'invalid_token',
  ERR_OB_OID4VCI_REQUEST_INVALID: 'invalid_credential_request',
}

function errorResponse(error: unknown): Response {
  if (error instanceof OAuthError) {
    const code = { invalid_token: 'ERR_OB_OID4VCI_TOKEN_INVALID', invalid_proof: 'ERR_OB_OID4VCI_PROOF_INVALID' }[error.error] ?? (error.status === 413 ? undefined : 'ERR_OB_OID4VCI_REQUEST_INVALID')
    const headers: Record<string, string> = error.status === 401 ? { 'www-authenticate': `Bearer error="${error.error}"` } : {}
    return json({ error: error.error, error_description: error.message, ...(code ? { code } : {}), ...error.extra }, error.status, headers)
  }
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && code in CODE_TO_OAUTH)
    return json({ error: CODE_TO_OAUTH[code], error_description: (error as Error).message, code }, 400)
  if (typeof code === 'string' && code.startsWith('ERR_OB_')) return json({ error: 'invalid_credential_request', error_description: (error as Error).message, code }, 400)
  return json({ error: 'server_error', error_description: 'the issuer could not complete the request' }, 500)
}
