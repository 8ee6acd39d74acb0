import { isPng } from '../bake/png.js'
import { InputInvalid } from '../errors.js'

/** An image the bake commands read: its kind, and for an SVG its text. */
export type BadgeImage = { kind: 'png'; bytes: Uint8Array } | { kind: 'svg'; text: string }

/**
 * What `bytes` (read from `path`) are: a PNG by its signature, an SVG by its root element (UTF-8
 * text whose first element is `<svg`, after any XML declaration, comments or doctype). Anything else —
 * a credential's JSON, an HTML page, random bytes — is an input error saying so.
 */
export function badgeImage(bytes: Uint8Array, path: string): BadgeImage {
  if (isPng(bytes)) return { kind: 'png', bytes }
  let text: string | undefined
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {}
  if (text !== undefined && SVG_ROOT.test(text)) return { kind: 'svg', text }
  throw new InputInvalid(`"${path}" is not a PNG or SVG image`)
}

/** Prolog (BOM, XML declaration, comments, doctype, white space), then the `<svg` root element. */
const SVG_ROOT = /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)\s*)*<svg[\s>]/i
