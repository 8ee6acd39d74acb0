import type { OpenBadgeCredential } from '../credential/types.js'

const esc = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** Only https links are rendered as links; anything else is shown as text. */
const link = (href: string | undefined, text: string) =>
  href?.startsWith('https://') ? `<a href="${esc(href)}" rel="noopener nofollow">${esc(text)}</a>` : esc(text)

/**
 * What a hiring district looks for beyond the rubric: who earned it (the name, when the credential
 * carries one), the standards it aligns to, and who endorses it (the endorsements themselves are
 * verified by the page's verifier with the credential).
 */
export function recognitionSectionsHtml(credential: OpenBadgeCredential): string {
  const subject = credential.credentialSubject
  const { alignment = [], endorsement = [] } = subject.achievement
  const recipient =
    typeof subject.name === 'string' && subject.name
      ? esc(subject.name)
      : subject.id
        ? `<code>${esc(subject.id)}</code>`
        : subject.identifier?.length
          ? 'Identified by a hashed email address (ask the earner to confirm it is theirs)'
          : ''
  const alignments = alignment
    .map((a) => `<li>${link(a.targetUrl, a.targetName)}${a.targetCode ? ` <span class="muted">(${esc(a.targetCode)})</span>` : ''}${a.targetFramework ? ` — ${esc(a.targetFramework)}` : ''}</li>`)
    .join('\n')
  const endorsements = endorsement
    .map((e) => `<li><strong>${link(e.issuer.url, e.issuer.name ?? e.issuer.id)}</strong>${e.credentialSubject.endorsementComment ? `: ${esc(e.credentialSubject.endorsementComment)}` : ''} <span class="muted">(${esc(e.validFrom.slice(0, 10))}${e.validUntil ? ` – ${esc(e.validUntil.slice(0, 10))}` : ''})</span></li>`)
    .join('\n')
  return [
    recipient ? `<section id="recipient"><h2>Earned by</h2><p>${recipient}</p></section>` : '',
    alignments ? `<section id="alignment"><h2>Aligned to</h2><ul>${alignments}</ul></section>` : '',
    endorsements ? `<section id="endorsement"><h2>Endorsed by</h2><ul>${endorsements}</ul></section>` : '',
  ]
    .filter(Boolean)
    .join('\n')
}

/**
 * The public URL of the badge image for `og:image` (link previews need an https image, never a
 * `data:` URI): the option, else the achievement's https image, else `badge.png` next to a page
 * published at a directory URL (how batch issuance lays out its output).
 */
export function openGraphImage(credential: OpenBadgeCredential, { imageUrl, certUrl, hasPng }: { imageUrl?: string | undefined; certUrl?: string | undefined; hasPng: boolean }): string | undefined {
  if (imageUrl?.startsWith('https://')) return imageUrl
  const image = credential.credentialSubject.achievement.image?.id
  if (image?.startsWith('https://')) return image
  if (hasPng && certUrl?.startsWith('https://') && certUrl.endsWith('/')) return new URL('badge.png', certUrl).href
  return undefined
}
