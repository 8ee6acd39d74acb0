// Which URLs may become links or images on a page. Browsers drop ASCII tab and newline from a URL
// and trim C0 controls and spaces (WHATWG URL), so "java\tscript:" must be read as "javascript:".

/** The scheme of a URL as a browser reads it, lowercased with its colon; undefined when it has none. */
export function schemeOf(url: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the controls are what browsers strip
  const cleaned = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '')
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned)
  return match ? `${match[1]!.toLowerCase()}:` : undefined
}

/** Schemes that run code or read local data when followed or loaded. */
const DANGEROUS = new Set(['javascript:', 'vbscript:', 'data:', 'file:', 'blob:', 'filesystem:'])

/** True when `url` may be the `href` of a link: `https:` or `http:` (and `mailto:` when `mail` is set). */
export function isLinkable(url: unknown, { mail = false }: { mail?: boolean } = {}): boolean {
  if (typeof url !== 'string') return false
  if (url.startsWith('https://')) return true
  const scheme = schemeOf(url)
  return scheme === 'https:' || scheme === 'http:' || (mail && scheme === 'mailto:')
}

/** True for a data URL of a raster or SVG image (shown in `<img>`, where no script runs). */
export function isImageDataUrl(url: unknown): url is string {
  return typeof url === 'string' && /^data:image\/(?:png|jpeg|gif|webp|svg\+xml)[;,]/i.test(url.trim())
}

/** True when `url` names a scheme that must never be linked or loaded (javascript:, data:, …). */
export function isDangerousUrl(url: string): boolean {
  // The common, safe forms without a regex: this runs on every id of every verified credential.
  if (url.startsWith('https://') || url.startsWith('urn:') || url.startsWith('did:') || url.startsWith('http://')) return false
  const scheme = schemeOf(url)
  return scheme !== undefined && DANGEROUS.has(scheme)
}
