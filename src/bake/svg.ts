import { DOMParser, XMLSerializer } from '@xmldom/xmldom'
import { BakeInvalid } from '../errors.js'
import type { UnbakeResult } from './png.js'
import { credentialOf, MAX_BAKED_BYTES } from './png.js'

/** The OB 3.0 SVG namespace (OB 3.0 §5.3.2). */
export const SVG_OB3_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0'
/** The Open Badges 2.0 SVG namespace. */
export const SVG_OB2_NAMESPACE = 'http://openbadges.org'
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/

type XmlElement = ReturnType<DOMParser['parseFromString']>['documentElement'] & {}

/**
 * Bakes a credential into an SVG: `xmlns:openbadges` on the root and one `<openbadges:credential>`
 * right after it; a JWT goes in its `verify` attribute, JSON in CDATA. Re-baking replaces.
 * @example
 * const baked = bakeSvg(svgText, jwt)
 */
export function bakeSvg(svg: string, credential: string): string {
  const doc = parseSvg(svg)
  const root = doc.documentElement!
  for (const old of credentialElements(root)) old.parentNode?.removeChild(old)
  root.setAttribute('xmlns:openbadges', SVG_OB3_NAMESPACE)
  const element = doc.createElementNS(SVG_OB3_NAMESPACE, 'openbadges:credential')
  const text = credential.trim()
  if (JWT.test(text)) element.setAttribute('verify', text)
  else {
    if (text.includes(']]>')) throw new BakeInvalid('the credential contains "]]>" and cannot be put in CDATA')
    element.appendChild(doc.createCDATASection(text))
  }
  root.insertBefore(element, root.firstChild)
  return new XMLSerializer().serializeToString(doc)
}

/**
 * Reads the credential baked in an SVG with a real XML parser. Open Badges 2.0
 * (`<openbadges:assertion>`) is reported as `version: '2.0'`; two credentials are refused.
 */
export function unbakeSvg(svg: string): UnbakeResult {
  const root = parseSvg(svg).documentElement!
  const elements = credentialElements(root)
  if (elements.length > 1) throw new BakeInvalid('the SVG carries more than one openbadges:credential element')
  const element = elements[0]
  if (element) {
    const verify = element.getAttribute('verify')
    const content = (element.textContent ?? '').trim()
    // OB 3.0 puts a JWT in "verify" (empty element) or JSON in CDATA: with both, readers disagree on which is the credential.
    if (verify?.trim() && content) throw new BakeInvalid('the openbadges:credential element carries a JWT in "verify" and content besides; a baked SVG holds one credential')
    const credential = verify ? verify.trim() : content
    if (!credential) throw new BakeInvalid('the openbadges:credential element is empty')
    if (new TextEncoder().encode(credential).byteLength > MAX_BAKED_BYTES) throw new BakeInvalid('the baked credential is too large')
    return { version: '3.0', credential }
  }
  const legacy = [...root.getElementsByTagNameNS(SVG_OB2_NAMESPACE, 'assertion')][0]
  if (legacy) return { version: '2.0', assertion: legacy.getAttribute('verify') ?? (legacy.textContent ?? '').trim() }
  return { version: 'none' }
}

/** Like `unbakeSvg`, but returns the OB 3.0 credential text or throws. */
export function unbakeSvgCredential(svg: string): string {
  return credentialOf(unbakeSvg(svg), 'SVG', 'openbadges:credential element')
}

function credentialElements(root: XmlElement): XmlElement[] {
  return [...root.getElementsByTagNameNS(SVG_OB3_NAMESPACE, 'credential')] as XmlElement[]
}

function parseSvg(svg: string) {
  const problems: string[] = []
  let doc: ReturnType<DOMParser['parseFromString']>
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') problems.push(message)
      },
    }).parseFromString(svg, 'image/svg+xml')
  } catch (cause) {
    throw new BakeInvalid(`not a well-formed SVG: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
  const root = doc.documentElement
  if (problems.length > 0 || !root || root.localName !== 'svg') throw new BakeInvalid(`not a well-formed SVG${problems[0] ? `: ${problems[0]}` : ''}`)
  return doc
}
