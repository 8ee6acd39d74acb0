// The browser build of `microcred/share`. `loadVerifierScript` is left out: it reads the verifier
// from the installed package's files, which only Node can do.
export { LINKEDIN_ORGANIZATION_ID_TYPES, type LinkedInAddToProfileOptions, linkedInAddToProfileUrl, linkedInShareUrl } from '../share/linkedin.js'
export { type CredentialPageOptions, renderCredentialPage, type VerifierScriptReference } from '../share/page.js'
export { statusListUrls } from '../share/page-status.js'
