/** Every way to hand one exchange to a wallet. */
export interface ExchangeLinks {
  /** The VC-API exchange endpoint (POST). */
  exchangeUrl: string
  /** VC-API interaction URL: GET with `iuv=1` answers `{ protocols: { vcapi } }`. */
  interactionUrl: string
  /** The Learner Credential Wallet deep link (`dccrequest://request?…`). */
  lcw: string
  /** The LearnCard link (`https://learncard.app/request?vc_request_url=…`). */
  learnCard: string
}

export interface ExchangeLinksInput {
  exchangeUrl: string
  /** The issuer's id, shown by the wallet before it accepts. */
  issuer: string
  /** The challenge the wallet signs its DIDAuthentication over. */
  challenge: string
}

/**
 * The VC-API interaction URL of an exchange (`…/interaction?iuv=1`), which a wallet GETs to
 * learn which protocols the exchange speaks.
 * @example
 * interactionUrl('https://issuer.example.org/exchanges/abc')  // 'https://issuer.example.org/exchanges/abc/interaction?iuv=1'
 */
export function interactionUrl(exchangeUrl: string): string {
  const url = new URL(`${exchangeUrl.replace(/\/+$/, '')}/interaction`)
  url.searchParams.set('iuv', '1')
  return url.href
}

/** The body an interaction URL answers with: the protocols a wallet may continue with. */
export function interactionProtocols(exchangeUrl: string): { protocols: { vcapi: string } } {
  return { protocols: { vcapi: exchangeUrl } }
}

/**
 * The Learner Credential Wallet deep link: `dccrequest://request?issuer=…&vc_request_url=…&challenge=…`.
 * @example
 * lcwDeepLink({ issuer: 'did:web:district.example.org', exchangeUrl, challenge })
 */
export function lcwDeepLink({ issuer, exchangeUrl, challenge }: ExchangeLinksInput): string {
  const query = new URLSearchParams({ issuer, vc_request_url: exchangeUrl, challenge })
  return `dccrequest://request?${query.toString()}`
}

/**
 * The LearnCard request link: `https://learncard.app/request?vc_request_url=…`.
 * @example
 * learnCardLink(exchangeUrl)
 */
export function learnCardLink(exchangeUrl: string): string {
  return `https://learncard.app/request?${new URLSearchParams({ vc_request_url: exchangeUrl }).toString()}`
}

/** All the links of one exchange. */
export function exchangeLinks(input: ExchangeLinksInput): ExchangeLinks {
  return { exchangeUrl: input.exchangeUrl, interactionUrl: interactionUrl(input.exchangeUrl), lcw: lcwDeepLink(input), learnCard: learnCardLink(input.exchangeUrl) }
}
