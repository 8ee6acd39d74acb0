// microcred/publish: the issuer's static site (profile, DID document, JWK set, achievements, status lists, pages).
export { JWKS_PATH, type PublishSiteOptions, type PublishSiteResult, publishIssuerSite, type SiteCredential } from './site.js'
