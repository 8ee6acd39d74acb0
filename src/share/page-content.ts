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
  /**
   * Offer the credential and the baked image as downloads (`data:` links). A credential page's static
   * copy leaves them out and the browser adds them once it has verified the credential, so a page
   * carries the image and the credential once each, not twice. @default true
   */
  downloads?: boolean
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
export function renderCredentialContent(credential: unknown, { image, certUrl, downloads = true }: CredentialPageData = {}): string {
  const c = rec(credential)
  const issuer = rec(c.issuer)
  const subject = rec(asArray(c.credentialSubject)[0])
  const achievement = rec(subject.achievement)
  const name = str(c.name) ?? str(achievement.name) ?? 'Credential'
  const achievementImage = isRecord(achievement.image) ? achievement.image : { id: achievement.image }
  const imageSrc = isImageDataUrl(image) ? image : isImageDataUrl(achievementImage.id) ? achievementImage.id : undefined
  const resultRows = asArray(subject.result)
    .map(rec)
    .map((r) => resultRow(r, achievement))
    .join('\n')
  const evidence = asArray(c.evidence)
    .map(rec)
    .map((e) => `<li>${link(e.id, e.name ?? e.id)}${e.genre ? ` <span class="muted">(${esc(e.genre)})</span>` : ''}</li>`)
    .join('\n')
  const linkedIn = linkedInUrl(c, certUrl)
  const date = (iso: unknown) => (typeof iso === 'string' ? esc(iso.slice(0, 10)) : '')
  const jsonHref = downloads ? `data:application/ld+json;base64,${base64(new TextEncoder().encode(JSON.stringify(credential, null, 2)))}` : undefined
  const criteria = rec(achievement.criteria)
  return `<header>
${imageSrc ? `<img src="${esc(imageSrc)}" alt="${esc(str(achievementImage.caption) ?? `${name} badge`)}">` : ''}
<div><p class="muted">${esc(achievement.achievementType ?? 'Achievement')} · ${esc(issuer.name ?? '')}</p><h1>${esc(name)}</h1><p>${esc(achievement.description)}</p></div>
</header>
<section class="actions">
${jsonHref ? `<a href="${jsonHref}" download="credential.json">Download JSON</a>` : ''}
${downloads && imageSrc && imageSrc === image ? `<a href="${esc(imageSrc)}" download="badge.png">Download PNG</a>` : ''}
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

/** A number from an OB 3.0 numeric string ("3", "14"), or undefined. */
const numberOf = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : typeof value === 'number' ? value : Number.NaN
  return Number.isFinite(n) ? n : undefined
}

/** "3 of 4 points" when both are numbers, else "". */
const outOf = (points: number | undefined, max: number | undefined) => (points !== undefined && max !== undefined ? `${points} of ${max} point${max === 1 ? '' : 's'}` : '')

/**
 * One rubric table row: the criterion, what was achieved and what was required. A rubric level shows
 * its name and its points out of the criterion's best level ("Proficient — 3 of 4 points"); a score
 * shows its value out of `valueMax` ("14 of 17 points"), and its `requiredValue` as "at least 12".
 */
function resultRow(result: Record<string, unknown>, achievement: Record<string, unknown>): string {
  const description = asArray(achievement.resultDescription)
    .map(rec)
    .find((rd) => typeof rd.id === 'string' && rd.id === result.resultDescription)
  const levels = asArray(description?.rubricCriterionLevel).map(rec)
  const best = levels.reduce<number | undefined>((max, level) => {
    const points = numberOf(level.points)
    return points === undefined ? max : Math.max(max ?? points, points)
  }, undefined)
  const level = (id: unknown) => (typeof id === 'string' ? levels.find((l) => l.id === id) : undefined)
  const achieved = level(result.achievedLevel)
  const required = level(description?.requiredLevel)
  const withPoints = (l: Record<string, unknown>) => {
    const points = outOf(numberOf(l.points), best)
    return `${esc(l.name ?? l.id)}${points ? ` <span class="muted">— ${esc(points)}</span>` : ''}`
  }
  const value = numberOf(result.value)
  const max = numberOf(description?.valueMax)
  const achievedCell = achieved ? withPoints(achieved) : value !== undefined && max !== undefined ? esc(outOf(value, max)) : esc(result.value ?? result.status ?? '')
  const requiredValue = numberOf(description?.requiredValue)
  const requiredCell = required ? esc(required.name ?? required.id) : requiredValue !== undefined ? `at least ${esc(requiredValue)}` : ''
  return `<tr><th scope="row">${esc(description?.name ?? result.resultDescription)}</th><td>${achievedCell}</td><td>${requiredCell}</td></tr>`
}

/** Recipient, alignment and endorsement sections; a credential too odd to show them gets none (the verifier reports why). */
function recognitionSections(credential: unknown): string {
  try {
    return recognitionSectionsHtml(credential as OpenBadgeCredential)
  } catch {
    return ''
  }
}
