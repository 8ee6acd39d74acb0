import { isDangerousUrl, isImageDataUrl, isLinkable } from '../../internal/safe-url.js'
import type { CheckResult } from '../report.js'

/** Properties holding a web address (OB 3.0 `URL` type): `https:` or `http:` only. */
const URL_KEYS = new Set(['url', 'targetUrl'])
/** Properties holding an image, where a `data:image/…` URL is allowed (OB 3.0 Image). */
const IMAGE_KEYS = new Set(['image'])

/**
 * Every address a page could link to or load, anywhere in the credential: `url` fields must be
 * `https:`/`http:`, and no `id` may use a scheme that runs code or reads local data (`javascript:`,
 * `vbscript:`, `data:` except for images, `file:`, `blob:`). The JSON schema's `uri` format allows
 * all of them, so this is checked apart (`ERR_OB_URI_UNSAFE`).
 */
export function checkLinks(credential: Record<string, unknown>): CheckResult | undefined {
  const problems: string[] = []
  // The path is kept as a stack and joined only for a problem: this walk runs on every verification.
  const path: (string | number)[] = []
  const visit = (value: unknown, key: string, parentKey: string): void => {
    if (typeof value === 'string') {
      // Most strings are neither addresses nor under an address key: test the key first.
      if (URL_KEYS.has(key)) {
        if (!isLinkable(value)) problems.push(`/${path.join('/')} must be an https: or http: URL (got ${JSON.stringify(value.slice(0, 80))})`)
      } else if ((key === 'id' || IMAGE_KEYS.has(key)) && isDangerousUrl(value) && !((IMAGE_KEYS.has(key) || IMAGE_KEYS.has(parentKey)) && isImageDataUrl(value)))
        problems.push(`/${path.join('/')} uses a forbidden URL scheme (got ${JSON.stringify(value.slice(0, 80))})`)
      return
    }
    if (typeof value !== 'object' || value === null || problems.length >= 3) return
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i)
        visit(value[i], key, parentKey)
        path.pop()
      }
      return
    }
    for (const k of Object.keys(value)) {
      if (k === 'proof' || k === '@context') continue
      path.push(k)
      visit((value as Record<string, unknown>)[k], k, key)
      path.pop()
    }
  }
  visit(credential, '', '')
  if (problems.length === 0) return undefined
  return { id: 'schema', status: 'failed', code: 'ERR_OB_URI_UNSAFE', message: problems.slice(0, 3).join('; ') }
}
