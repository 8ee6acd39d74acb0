// The visible part of a credential page, as one pure function of the credential. The page is built
// with it (the static copy, for readers without JavaScript) and the browser verifier builds it again
// from the credential it has just verified, so what a reader sees is what was signed.
import { base64 } from '../internal/base64.js'
import { asArray, isRecord } from '../internal/ids.js'
import { isImageDataUrl, isLinkable } from '../internal/safe-url.js'
import type { OpenBadgeCredential } from '../credential/types.js'
import { linkedInAddToProfileUrl } from './linkedin.js'
import { recognitionSectionsHtml } from './page-sections.js'

/** What a page shows beside the credential itself. */
export interface CredentialPageData {
  /** The badge image as a `data:image/…` URL (the baked PNG). */
  image?: string
  /** Where the page is published: the LinkedIn button and Open Graph need it. */
  certUrl?: string
}

const esc = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
const rec = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {})

/** A link only when the address is `https:`/`http:`; anything else is shown as text, never followed. */
const link = (href: unknown, text: unknown) => (isLinkable(href) ? `<a href="${esc(href)}" rel="noopener nofollow">${esc(text)}</a>` : esc(text))

/** A tiny, safe markdown subset for criteria narratives: escaped text, **bold**, lists, paragraphs. */
export function narrativeHtml(markdown: string): string {
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

/** The LinkedIn "Add to profile" URL, or undefined without a `certUrl` (same rules as `linkedInAddToProfileUrl`). */
function linkedInUrl(credential: Record<string, unknown>, certUrl: string | undefined): string | undefined {
  if (!certUrl || !isLinkable(certUrl)) return undefined
  try {
    return linkedInAddToProfileUrl(credential as unknown as Parameters<typeof linkedInAddToProfileUrl>[0], { certUrl })
  } catch {
    return undefined
  }
}

/**
 * The page body for a credential: badge image, achievement, downloads, issuer, dates, criteria,
 * rubric results and evidence. Every value is HTML-escaped; only `https:`/`http:` addresses become
 * links and only `data:image/…` URLs become images. Works on any shape (a forged credential too).
 * @example
 * main.innerHTML = renderCredentialContent(report.credential, { certUrl })
 */
export function renderCredentialContent(credential: unknown, { image, certUrl }: CredentialPageData = {}): string {
  const c = rec(credential)
  const issuer = rec(c.issuer)
  const subject = rec(asArray(c.credentialSubject)[0])
  const achievement = rec(subject.achievement)
  const name = str(c.name) ?? str(achievement.name) ?? 'Credential'
  const achievementImage = isRecord(achievement.image) ? achievement.image : { id: achievement.image }
  const imageSrc = isImageDataUrl(image) ? image : isImageDataUrl(achievementImage.id) ? achievementImage.id : undefined
  const levels = new Map<string, string>()
  const descriptions = new Map<string, { name: unknown; required: unknown }>()
  for (const rd of asArray(achievement.resultDescription).map(rec)) {
    if (typeof rd.id !== 'string') continue
    descriptions.set(rd.id, { name: rd.name, required: rd.requiredLevel })
    for (const level of asArray(rd.rubricCriterionLevel).map(rec)) if (typeof level.id === 'string') levels.set(level.id, String(level.name ?? level.id))
  }
  const resultRows = asArray(subject.result)
    .map(rec)
    .map((r) => {
      const rd = typeof r.resultDescription === 'string' ? descriptions.get(r.resultDescription) : undefined
      const achieved = typeof r.achievedLevel === 'string' ? levels.get(r.achievedLevel) : r.value
      const required = typeof rd?.required === 'string' ? levels.get(rd.required) : undefined
      return `<tr><th scope="row">${esc(rd?.name ?? r.resultDescription)}</th><td>${esc(achieved)}</td><td>${esc(required ?? '')}</td></tr>`
    })
    .join('\n')
  const evidence = asArray(c.evidence)
    .map(rec)
    .map((e) => `<li>${link(e.id, e.name ?? e.id)}${e.genre ? ` <span class="muted">(${esc(e.genre)})</span>` : ''}</li>`)
    .join('\n')
  const linkedIn = linkedInUrl(c, certUrl)
  const date = (iso: unknown) => (typeof iso === 'string' ? esc(iso.slice(0, 10)) : '')
  const jsonHref = `data:application/ld+json;base64,${base64(new TextEncoder().encode(JSON.stringify(credential, null, 2)))}`
  const criteria = rec(achievement.criteria)
  return `<header>
${imageSrc ? `<img src="${esc(imageSrc)}" alt="${esc(str(achievementImage.caption) ?? `${name} badge`)}">` : ''}
<div><p class="muted">${esc(achievement.achievementType ?? 'Achievement')} · ${esc(issuer.name ?? '')}</p><h1>${esc(name)}</h1><p>${esc(achievement.description)}</p></div>
</header>
<section class="actions">
<a href="${jsonHref}" download="credential.json">Download JSON</a>
${imageSrc && imageSrc === image ? `<a href="${esc(imageSrc)}" download="badge.png">Download PNG</a>` : ''}
${linkedIn ? `<a class="linkedin" href="${esc(linkedIn)}" rel="noopener">Add to LinkedIn</a>` : ''}
</section>
<section><h2>Issued</h2><dl>
<dt>Issuer</dt><dd>${esc(issuer.name)}${issuer.url ? ` — ${link(issuer.url, issuer.url)}` : ''}<br><code>${esc(issuer.id ?? c.issuer)}</code></dd>
<dt>Awarded</dt><dd>${date(c.awardedDate ?? c.validFrom)}</dd>
<dt>Valid</dt><dd>from ${date(c.validFrom)}${c.validUntil ? ` until ${date(c.validUntil)}` : ''}</dd>
${subject.creditsEarned !== undefined ? `<dt>Credit</dt><dd>${esc(subject.creditsEarned)} hours</dd>` : ''}
</dl></section>
${recognitionSections(credential)}
<section><h2>Criteria</h2>${narrativeHtml(str(criteria.narrative) ?? '')}${isLinkable(criteria.id) ? `<p>${link(criteria.id, 'Criteria page')}</p>` : ''}</section>
${resultRows ? `<section><h2>Rubric results</h2><table><thead><tr><th>Criterion</th><th>Achieved</th><th>Required</th></tr></thead><tbody>${resultRows}</tbody></table></section>` : ''}
${evidence ? `<section><h2>Evidence</h2><ul>${evidence}</ul></section>` : ''}`
}

/** Recipient, alignment and endorsement sections; a credential too odd to show them gets none (the verifier reports why). */
function recognitionSections(credential: unknown): string {
  try {
    return recognitionSectionsHtml(credential as OpenBadgeCredential)
  } catch {
    return ''
  }
}
