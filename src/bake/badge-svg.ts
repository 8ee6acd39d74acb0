export interface BadgeImageInput {
  title: string
  /** Competency area (category); picks the colour. */
  area: string
  issuerName: string
}

/** Dark colours that keep white text above WCAG AA contrast (4.5:1). */
const PALETTE = ['#1F4E79', '#7A1F5C', '#1E5E3B', '#8A3B12', '#3F2A7A', '#0F5D6B', '#6B2222', '#3C4A12'] as const

/** The palette colour of a competency area: stable for the same area (FNV-1a hash). */
export function areaColor(area: string): string {
  let hash = 0x811c9dc5
  for (const char of area.trim().toLowerCase()) {
    hash ^= char.codePointAt(0)!
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  // FNV's low bits are weak for short strings: finish with murmur3's fmix32 before taking the slot.
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b) >>> 0
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35) >>> 0
  hash = (hash ^ (hash >>> 16)) >>> 0
  return PALETTE[hash % PALETTE.length]!
}

/**
 * A clean, accessible default badge (SVG) for a template without an image: a hexagon in the
 * area's colour with the title, area and issuer. Deterministic: same input, same bytes.
 * @example
 * const svg = renderBadgeSvg({ title: template.title, area: template.competency.area, issuerName: 'District' })
 */
export function renderBadgeSvg({ title, area, issuerName }: BadgeImageInput): string {
  const color = areaColor(area)
  const titleLines = wrap(title, 18, 3)
  const titleY = 250 - (titleLines.length - 1) * 19
  const label = `${title}: ${area} micro-credential issued by ${issuerName}`
  const text = (y: number, size: number, weight: number, value: string) =>
    `<text x="256" y="${y}" font-family="DejaVu Sans, Verdana, sans-serif" font-size="${size}" font-weight="${weight}" fill="#FFFFFF" text-anchor="middle">${escapeXml(value)}</text>`
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512" role="img" aria-labelledby="badge-title">`,
    `<title id="badge-title">${escapeXml(label)}</title>`,
    `<polygon points="256,16 464,136 464,376 256,496 48,376 48,136" fill="${color}" stroke="#FFFFFF" stroke-width="10"/>`,
    `<polygon points="256,44 440,150 440,362 256,468 72,362 72,150" fill="none" stroke="#FFFFFF" stroke-opacity="0.45" stroke-width="3"/>`,
    text(128, 20, 700, 'MICRO-CREDENTIAL'),
    text(160, 17, 400, truncate(area.toUpperCase(), 30)),
    ...titleLines.map((line, i) => text(titleY + i * 38, 32, 700, line)),
    text(392, 18, 400, truncate(issuerName, 32)),
    '</svg>',
  ].join('\n')
}

function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = []
  let current = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && `${current} ${word}`.length > width) {
      lines.push(current)
      current = word
    } else current = current ? `${current} ${word}` : word
  }
  if (current) lines.push(current)
  if (lines.length <= maxLines) return lines
  return [...lines.slice(0, maxLines - 1), truncate(lines.slice(maxLines - 1).join(' '), width)]
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
}
