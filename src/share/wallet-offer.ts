/** A credential offered to wallets: the deep link and its QR code, shown on the credential page. */
export interface WalletOffer {
  /** The Learner Credential Wallet deep link (`dccrequest://request?…`) the QR code encodes. */
  deepLink: string
  /** The QR code of `deepLink` as a `data:image/png;base64,…` URI (`qrDataUri` from `microcred/exchange`). */
  qrDataUri: string
  /** The LearnCard link (`https://learncard.app/request?…`), offered beside it. */
  learnCard?: string
  /** An OpenID4VCI credential offer URI (`openid-credential-offer://?…`), for OpenID wallets. */
  openIdOffer?: string
}

const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

// Only these schemes become links: anything else (javascript:, data:…) would run or load in the page.
const LINK_SCHEMES = ['dccrequest:', 'openid-credential-offer:', 'https:']
const linkable = (url: string | undefined): url is string => {
  if (!url) return false
  try {
    return LINK_SCHEMES.includes(new URL(url).protocol)
  } catch {
    return false
  }
}

/** The page's "Add to your wallet" block: QR code, deep link, LearnCard and OpenID links (escaped, scheme-checked). */
export function walletOfferHtml(offer: WalletOffer): string {
  const qr = /^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(offer.qrDataUri) ? offer.qrDataUri : ''
  const links = [
    linkable(offer.deepLink) ? `<a id="wallet-deep-link" href="${esc(offer.deepLink)}">Open in Learner Credential Wallet</a>` : '',
    linkable(offer.learnCard) && offer.learnCard.startsWith('https://') ? `<a href="${esc(offer.learnCard)}" rel="noopener">Open in LearnCard</a>` : '',
    linkable(offer.openIdOffer) ? `<a href="${esc(offer.openIdOffer)}">Open in an OpenID wallet</a>` : '',
  ].filter(Boolean)
  return `<section class="wallet"><h2>Add to your wallet</h2>
${qr ? `<img id="wallet-qr" src="${qr}" alt="QR code: scan with your credential wallet" width="240" height="240">` : ''}
<p class="actions">${links.join(' ')}</p></section>`
}
