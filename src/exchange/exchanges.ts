import type { OpenBadgeCredential, SignedCredential } from '../credential/types.js'
import { VC_V2_CONTEXT } from '../credential/contexts.js'
import {
  ExchangeChallengeInvalid,
  ExchangeComplete,
  ExchangeDomainInvalid,
  ExchangeExpired,
  ExchangeNotFound,
  ExchangePresentationInvalid,
  ExchangeRequestInvalid,
} from '../errors.js'
import { isRecord } from '../internal/ids.js'
import { signDataIntegrity } from '../sign/data-integrity.js'
import type { Signer } from '../sign/signer.js'
import { verifyDidAuthPresentation } from './did-auth.js'
import { type ExchangeLinks, exchangeLinks } from './links.js'
import { type ExchangeRecord, type ExchangeStore, isExchangeId } from './store.js'

/** How long an exchange (and the challenge in its deep link) stays open. @default 30 days */
export const DEFAULT_EXCHANGE_TTL_MS = 30 * 24 * 60 * 60 * 1000
/** How long a challenge handed out by a `verifiablePresentationRequest` is accepted. @default 15 minutes */
export const DEFAULT_CHALLENGE_TTL_MS = 15 * 60 * 1000
/** Challenges kept per exchange; the oldest are forgotten beyond this (each empty POST adds one). */
const MAX_CHALLENGES = 16

export interface ExchangeServiceOptions {
  store: ExchangeStore
  /** Signs each credential when it is delivered; its key must be the credential issuer's. */
  signer: Signer
  /**
   * The public URL exchanges are served under; an exchange's URL is `${exchangesUrl}/${id}`,
   * its interaction URL `${exchangesUrl}/${id}/interaction?iuv=1`. Example: `https://issuer.example.org/exchanges`.
   */
  exchangesUrl: string
  /** The domain a wallet's proof must name. @default the host of `exchangesUrl` */
  domain?: string
  /** @default 30 days */
  exchangeTtlMs?: number
  /** @default 15 minutes */
  challengeTtlMs?: number
  /** @default () => new Date() */
  now?: () => Date
}

export interface CreateExchangeOptions {
  /** @default the service's exchangeTtlMs */
  ttlMs?: number
}

/** A created exchange: its record and every way to hand it to a wallet. */
export interface CreatedExchange {
  id: string
  expiresAt: string
  links: ExchangeLinks
}

/** A VC-API `verifiablePresentationRequest` asking the wallet to prove control of a DID. */
export interface DidAuthRequest {
  verifiablePresentationRequest: {
    query: [{ type: 'DIDAuthentication'; acceptedMethods: { method: string }[]; acceptedCryptosuites: { cryptosuite: string }[] }]
    challenge: string
    domain: string
  }
}

/** What the exchange returns once the wallet proved control of its DID. */
export interface ExchangeDelivery {
  verifiablePresentation: {
    '@context': string[]
    type: ['VerifiablePresentation']
    verifiableCredential: [SignedCredential]
  }
}

/** The VC-API exchanges of one issuer: create one per award, then let wallets take part in it. */
export interface ExchangeService {
  /** The public URL of an exchange. */
  exchangeUrl(id: string): string
  /** Opens a one-time exchange for an awarded, unsigned credential. */
  createExchange(credential: OpenBadgeCredential, options?: CreateExchangeOptions): Promise<CreatedExchange>
  /**
   * One step of the exchange: an empty body gets a `verifiablePresentationRequest`; a
   * `{ verifiablePresentation }` answering it gets the signed credential. Throws `ERR_OB_EXCHANGE_*`.
   */
  participate(id: string, body: unknown): Promise<DidAuthRequest | ExchangeDelivery>
  /** The links of an existing exchange (for a page or a QR code), or undefined. */
  linksOf(id: string): Promise<ExchangeLinks | undefined>
}

/**
 * The issuing side of VC-API exchanges, as the Learner Credential Wallet and LearnCard run them:
 * DIDAuthentication over a challenge, then the award signed with the wallet's DID as subject.
 * @example
 * const exchanges = createExchangeService({ store: new MemoryExchangeStore(), signer, exchangesUrl: 'https://issuer.example.org/exchanges' })
 * const { links } = await exchanges.createExchange(unsignedCredential)
 * console.log(links.lcw)   // dccrequest://request?issuer=…&vc_request_url=…&challenge=…
 */
export function createExchangeService({
  store,
  signer,
  exchangesUrl,
  domain = new URL(exchangesUrl).host,
  exchangeTtlMs = DEFAULT_EXCHANGE_TTL_MS,
  challengeTtlMs = DEFAULT_CHALLENGE_TTL_MS,
  now = () => new Date(),
}: ExchangeServiceOptions): ExchangeService {
  const base = exchangesUrl.replace(/\/+$/, '')
  const exchangeUrl = (id: string) => `${base}/${id}`
  const linksFor = (record: ExchangeRecord) =>
    exchangeLinks({ exchangeUrl: exchangeUrl(record.id), issuer: record.credential.issuer.id, challenge: record.challenges[0]?.value ?? '' })

  const open = async (id: string): Promise<ExchangeRecord> => {
    const record = isExchangeId(id) ? await store.get(id) : undefined
    if (!record) throw new ExchangeNotFound(`no exchange "${id}"`)
    if (record.state === 'complete') throw new ExchangeComplete(`exchange "${id}" already delivered its credential (${record.completedAt})`)
    if (Date.parse(record.expiresAt) <= now().getTime()) throw new ExchangeExpired(`exchange "${id}" expired at ${record.expiresAt}`)
    return record
  }

  const request = async (id: string): Promise<DidAuthRequest> => {
    const challenge = { value: randomId(), expiresAt: new Date(now().getTime() + challengeTtlMs).toISOString() }
    await store.update(id, (record) => ({ ...record, challenges: [record.challenges[0]!, ...record.challenges.slice(1).slice(-(MAX_CHALLENGES - 2)), challenge] }))
    return {
      verifiablePresentationRequest: {
        query: [{ type: 'DIDAuthentication', acceptedMethods: [{ method: 'key' }], acceptedCryptosuites: [{ cryptosuite: 'eddsa-rdfc-2022' }, { cryptosuite: 'Ed25519Signature2020' }] }],
        challenge: challenge.value,
        domain,
      },
    }
  }

  const deliver = async (record: ExchangeRecord, presentation: unknown): Promise<ExchangeDelivery> => {
    const proof = firstProof(presentation)
    const challenge = typeof proof?.challenge === 'string' ? proof.challenge : undefined
    const known = challenge === undefined ? undefined : record.challenges.find((c) => c.value === challenge)
    if (!known) throw new ExchangeChallengeInvalid(`the presentation's challenge ${challenge === undefined ? 'is missing' : `"${challenge}" was not issued by exchange "${record.id}"`}`)
    if (Date.parse(known.expiresAt) <= now().getTime()) throw new ExchangeExpired(`the challenge "${challenge}" expired at ${known.expiresAt}`)
    if (proof?.domain !== domain) throw new ExchangeDomainInvalid(`the presentation's proof is for domain "${String(proof?.domain)}", not "${domain}"`)
    const { did } = await verifyDidAuthPresentation(presentation, { challenge: known.value, domain })
    // An award made out to a DID goes to that DID only; one made out by email goes to whoever holds the link.
    const named = record.credential.credentialSubject.id
    if (named && named !== did) throw new ExchangePresentationInvalid(`this award is for "${named}"; the presentation proves control of "${did}"`)
    // Claim the exchange before signing: of two wallets racing, only the one that flips the state wins.
    let claimed = false
    await store.update(record.id, (current) => {
      if (current.state !== 'pending') return current
      claimed = true
      return { ...current, state: 'complete', issuedTo: did, completedAt: now().toISOString() }
    })
    if (!claimed) throw new ExchangeComplete(`exchange "${record.id}" already delivered its credential`)
    const credential: OpenBadgeCredential = { ...record.credential, credentialSubject: { ...record.credential.credentialSubject, id: did } }
    const signed = await signDataIntegrity(credential, { signer, created: now() })
    return { verifiablePresentation: { '@context': [VC_V2_CONTEXT], type: ['VerifiablePresentation'], verifiableCredential: [signed] } }
  }

  return {
    exchangeUrl,
    async createExchange(credential, { ttlMs = exchangeTtlMs } = {}) {
      if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError('ttlMs must be a positive number of milliseconds')
      const created = now()
      const expiresAt = new Date(created.getTime() + ttlMs).toISOString()
      const { proof: _unsigned, ...unsigned } = credential
      // The deep link's challenge lives as long as the exchange: a wallet may answer it without asking first.
      const record: ExchangeRecord = {
        id: randomId(),
        credential: unsigned as OpenBadgeCredential,
        createdAt: created.toISOString(),
        expiresAt,
        challenges: [{ value: randomId(), expiresAt }],
        state: 'pending',
      }
      await store.create(record)
      return { id: record.id, expiresAt, links: linksFor(record) }
    },
    async participate(id, body) {
      const record = await open(id)
      if (body === undefined || body === null || (isRecord(body) && Object.keys(body).length === 0)) return request(id)
      if (!isRecord(body) || !isRecord(body.verifiablePresentation))
        throw new ExchangeRequestInvalid('the body must be {} (to get a request) or { "verifiablePresentation": { … } }')
      return deliver(record, body.verifiablePresentation)
    },
    async linksOf(id) {
      const record = isExchangeId(id) ? await store.get(id) : undefined
      return record ? linksFor(record) : undefined
    },
  }
}

function firstProof(presentation: unknown): Record<string, unknown> | undefined {
  if (!isRecord(presentation)) return undefined
  const proof = Array.isArray(presentation.proof) ? presentation.proof[0] : presentation.proof
  return isRecord(proof) ? proof : undefined
}

/** 128 random bits, base64url: exchange ids and challenges. */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
