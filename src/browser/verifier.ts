// The browser build of the verifier (dist/browser/microcred-verify.js, global `microcred`):
// what a credential page runs to check a badge with no server.
export { verifyBadge } from '../verify/verify-badge.js'
export { firstFailure } from '../verify/report.js'
export { renderCredentialContent } from '../share/page-content.js'
export { bannerOf, mountCredentialPage, statusLineOf } from '../share/page-view.js'
