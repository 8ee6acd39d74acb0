import { base64 } from '../internal/base64.js'
import type { OpenBadgeCredential } from '../credential/types.js'
import { linkedInAddToProfileUrl } from './linkedin.js'
import { openGraphImage, recognitionSectionsHtml } from './page-sections.js'
import { type WalletOffer, walletOfferHtml } from './wallet-offer.js'

export interface CredentialPageOptions {
  /** The credential with its embedded proof (what the page verifies and offers as JSON). */
  credential: OpenBadgeCredential
  /** The browser verifier (`dist/browser/microcred-verify.js`), inlined so the page needs no network. */
  verifierScript: string
  /** The baked PNG, shown and offered for download. */
  bakedPng?: Uint8Array
  /** Where this page will be published; used for Open Graph and the LinkedIn button. */
  certUrl?: string
  /**
   * Signed status list credentials by URL, embedded so the page can check status without a request.
   * A static page shows the status as of these lists; republish pages (or serve lists) to update.
   */
  statusLists?: ReadonlyMap<string, unknown>
  /** The badge image's public https URL, for `og:image`. @default the achievement's https image, else `badge.png` beside a directory `certUrl` */
  imageUrl?: string
  /** A wallet offer (deep link + QR code) shown as an "Add to your wallet" block. */
  wallet?: WalletOffer
}

const esc = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** JSON safe inside `<script>`: no `</script>`, no HTML comment openers. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')

/** A tiny, safe markdown subset for criteria narratives: escaped text, **bold**, lists, paragraphs. */
function narrativeHtml(markdown: string): string {
  const blocks: string[] = []
  let list: string[] = []
  const flush = () => {
    if (list.length) blocks.push(`<ul>${list.map((i) => `<li>${i}</li>`).join('')}</ul>`)
    list = []
  }
  for (const raw of markdown.split('\n')) {
    const line = esc(raw).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    const item = line.match(/^\s*(?:[-*]|\d+\.)\s+(.*)$/)
    if (item) list.push(item[1]!)
    else {
      flush()
      if (line.trim()) blocks.push(`<p>${line}</p>`)
    }
  }
  flush()
  return blocks.join('\n')
}

/**
 * One self-contained HTML page per badge: badge image, achievement, criteria, rubric results,
 * evidence, issuer, dates, Open Graph tags, the credential embedded, downloads, an "Add to
 * LinkedIn" button, and in-browser verification. A strict CSP forbids every network request.
 * @example
 * const html = renderCredentialPage({ credential, bakedPng, verifierScript, certUrl: 'https://badges.example.org/c/1' })
 */
export function renderCredentialPage({ credential, verifierScript, bakedPng, certUrl, statusLists, imageUrl, wallet }: CredentialPageOptions): string {
  const subject = credential.credentialSubject
  const achievement = subject.achievement
  const name = credential.name ?? achievement.name
  const imageSrc = bakedPng ? `data:image/png;base64,${base64(bakedPng)}` : achievement.image?.id.startsWith('data:') ? achievement.image.id : undefined
  const ogImage = openGraphImage(credential, { imageUrl, certUrl, hasPng: bakedPng !== undefined })
  const levels = new Map<string, { name: string; rd: string }>()
  const descriptions = new Map<string, { name: string; required?: string; type: string }>()
  for (const rd of achievement.resultDescription ?? []) {
    descriptions.set(rd.id, { name: rd.name, type: rd.resultType, ...(rd.requiredLevel ? { required: rd.requiredLevel } : {}) })
    for (const level of rd.rubricCriterionLevel ?? []) levels.set(level.id, { name: level.name, rd: rd.id })
  }
  const resultRows = (subject.result ?? [])
    .map((r) => {
      const rd = r.resultDescription ? descriptions.get(r.resultDescription) : undefined
      const achieved = r.achievedLevel ? levels.get(r.achievedLevel)?.name : r.value
      const required = rd?.required ? levels.get(rd.required)?.name : undefined
      return `<tr><th scope="row">${esc(rd?.name ?? r.resultDescription)}</th><td>${esc(achieved)}</td><td>${esc(required ?? '')}</td></tr>`
    })
    .join('\n')
  const evidence = (credential.evidence ?? [])
    .map((e) => `<li>${e.id ? `<a href="${esc(e.id)}" rel="noopener nofollow">${esc(e.name ?? e.id)}</a>` : esc(e.name)}${e.genre ? ` <span class="muted">(${esc(e.genre)})</span>` : ''}</li>`)
    .join('\n')
  const linkedIn = certUrl ? linkedInAddToProfileUrl(credential, { certUrl }) : undefined
  const date = (iso: string | undefined) => (iso ? esc(iso.slice(0, 10)) : '')
  const jsonHref = `data:application/ld+json;base64,${base64(new TextEncoder().encode(JSON.stringify(credential, null, 2)))}`
  const csp = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(name)} — ${esc(credential.issuer.name ?? credential.issuer.id)}</title>
<meta property="og:type" content="website">
<meta property="og:title" content="${esc(name)}">
<meta property="og:description" content="${esc(achievement.description)}">
${certUrl ? `<meta property="og:url" content="${esc(certUrl)}">\n` : ''}${ogImage ? `<meta property="og:image" content="${esc(ogImage)}">\n` : ''}<meta name="description" content="${esc(achievement.description)}">
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.5}
header{display:flex;gap:1.5rem;align-items:center}header img{width:160px;height:160px}
h1{margin:.2rem 0;font-size:1.8rem}.muted{color:#555}
#status{padding:.8rem 1rem;border-radius:.5rem;font-weight:600;margin:1rem 0;background:#eee}
#status.verified{background:#e3f4e6;color:#14532d;border:2px solid #1e7b3a}#status.failed{background:#fde8e8;color:#7f1d1d;border:2px solid #b42318}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ddd}
.actions a{display:inline-block;margin:.3rem .5rem .3rem 0;padding:.5rem .9rem;border-radius:.4rem;background:#1f4e79;color:#fff;text-decoration:none}
.actions a.linkedin{background:#0a66c2}details{margin-top:1rem}
</style>
</head>
<body>
<header>
${imageSrc ? `<img src="${esc(imageSrc)}" alt="${esc(achievement.image?.caption ?? `${name} badge`)}">` : ''}
<div><p class="muted">${esc(achievement.achievementType ?? 'Achievement')} · ${esc(credential.issuer.name ?? '')}</p><h1>${esc(name)}</h1><p>${esc(achievement.description)}</p></div>
</header>
<div id="status" role="status" aria-live="polite">Verifying…</div>
<section class="actions">
<a href="${jsonHref}" download="credential.json">Download JSON</a>
${bakedPng ? `<a href="${esc(imageSrc)}" download="badge.png">Download PNG</a>` : ''}
${linkedIn ? `<a class="linkedin" href="${esc(linkedIn)}" rel="noopener">Add to LinkedIn</a>` : ''}
</section>
${wallet ? walletOfferHtml(wallet) : ''}
<section><h2>Issued</h2><dl>
<dt>Issuer</dt><dd>${esc(credential.issuer.name)}${credential.issuer.url ? ` — <a href="${esc(credential.issuer.url)}" rel="noopener">${esc(credential.issuer.url)}</a>` : ''}<br><code>${esc(credential.issuer.id)}</code></dd>
<dt>Awarded</dt><dd>${date(credential.awardedDate ?? credential.validFrom)}</dd>
<dt>Valid</dt><dd>from ${date(credential.validFrom)}${credential.validUntil ? ` until ${date(credential.validUntil)}` : ''}</dd>
${subject.creditsEarned !== undefined ? `<dt>Credit</dt><dd>${esc(subject.creditsEarned)} hours</dd>` : ''}
</dl></section>
${recognitionSectionsHtml(credential)}
<section><h2>Criteria</h2>${narrativeHtml(achievement.criteria.narrative ?? '')}</section>
${resultRows ? `<section><h2>Rubric results</h2><table><thead><tr><th>Criterion</th><th>Achieved</th><th>Required</th></tr></thead><tbody>${resultRows}</tbody></table></section>` : ''}
${evidence ? `<section><h2>Evidence</h2><ul>${evidence}</ul></section>` : ''}
<details><summary>Verification checks</summary><ul id="checks"></ul></details>
<script type="application/ld+json" id="credential">${scriptJson(credential)}</script>
<script type="application/json" id="status-lists">${scriptJson(Object.fromEntries(statusLists ?? []))}</script>
<script>${verifierScript.replace(/<\/script/gi, '<\\/script')}</script>
<script>
(async () => {
  const status = document.getElementById('status')
  const list = document.getElementById('checks')
  try {
    const statusLists = new Map(Object.entries(JSON.parse(document.getElementById('status-lists').textContent)))
    const report = await microcred.verifyBadge(JSON.parse(document.getElementById('credential').textContent), { statusLists })
    for (const c of report.checks) {
      const li = document.createElement('li')
      li.textContent = c.status + ' · ' + c.id + (c.code ? ' · ' + c.code : '') + ' — ' + c.message
      list.appendChild(li)
    }
    const failure = microcred.firstFailure(report)
    status.className = report.verified ? 'verified' : 'failed'
    status.textContent = report.verified
      ? 'Verified' + (report.issuerKeyConfirmed ? '' : ' (the signing key is not confirmed as the issuer’s)')
      : 'Not verified — ' + failure.id + ': ' + (failure.code ? failure.code + ': ' : '') + failure.message
  } catch (error) {
    status.className = 'failed'
    status.textContent = 'Not verified — the verifier failed: ' + error
  }
})()
</script>
</body>
</html>
`
}
