// microcred/exchange: VC-API issuance exchanges (DIDAuthentication), wallet deep links and QR codes.
export {
  type CreatedExchange,
  type CreateExchangeOptions,
  createExchangeService,
  DEFAULT_CHALLENGE_TTL_MS,
  DEFAULT_EXCHANGE_TTL_MS,
  type DidAuthRequest,
  type ExchangeDelivery,
  type ExchangeService,
  type ExchangeServiceOptions,
} from './exchanges.js'
export { type DidAuthResult, type VerifyDidAuthOptions, verifyDidAuthPresentation } from './did-auth.js'
export { type ExchangeLinks, type ExchangeLinksInput, exchangeLinks, interactionProtocols, interactionUrl, learnCardLink, lcwDeepLink } from './links.js'
export { type QrOptions, qrDataUri, qrPng, qrSvg } from './qr.js'
export { DirectoryExchangeStore, type ExchangeChallenge, type ExchangeRecord, type ExchangeStore, isExchangeId, MemoryExchangeStore } from './store.js'
