// microcred/share: carry a badge to LinkedIn and other places.
export { LINKEDIN_ORGANIZATION_ID_TYPES, type LinkedInAddToProfileOptions, linkedInAddToProfileUrl, linkedInShareUrl } from './linkedin.js'
export { type CredentialPageOptions, renderCredentialPage, type VerifierScriptReference } from './page.js'
export { statusListUrls } from './page-status.js'
export { type CredentialPageData, renderCredentialContent } from './page-content.js'
export { loadVerifierScript, type SharedVerifierScript, sharedVerifierScript } from './verifier-script.js'
export type { WalletOffer } from './wallet-offer.js'
