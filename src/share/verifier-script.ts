import { base64 } from '../internal/base64.js'

/**
 * Reads the browser verifier shipped in the package (`dist/browser/microcred-verify.js`), for
 * inlining into credential pages. Node only.
 */
export async function loadVerifierScript(): Promise<string> {
  const { readFile } = await import('node:fs/promises')
  for (const candidate of ['./browser/microcred-verify.js', '../browser/microcred-verify.js', '../../dist/browser/microcred-verify.js']) {
    try {
      return await readFile(new URL(candidate, import.meta.url), 'utf8')
    } catch {}
  }
  throw new Error('the browser verifier is not built: run `npm run build`')
}

/** One shared, content-addressed copy of the verifier for many credential pages. */
export interface SharedVerifierScript {
  /** `microcred-verify-<first 16 hex of its SHA-256>.js`: a new verifier gets a new name, so caches never serve a stale one. */
  fileName: string
  /** The Subresource Integrity digest pages pin it with (`sha384-…`). */
  integrity: string
}

/**
 * Names and digests the verifier for sharing: write it once as `fileName` next to the pages and
 * render each page with `verifierScript: { src: '../' + fileName, integrity }` instead of inlining
 * it (about 800 KB per page).
 * @example
 * const shared = await sharedVerifierScript(await loadVerifierScript())
 * await writeFile(join(outDir, shared.fileName), script)
 */
export async function sharedVerifierScript(script: string): Promise<SharedVerifierScript> {
  const bytes = new TextEncoder().encode(script)
  const [sha256, sha384] = await Promise.all([crypto.subtle.digest('SHA-256', bytes), crypto.subtle.digest('SHA-384', bytes)])
  const hex = [...new Uint8Array(sha256).subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('')
  return { fileName: `microcred-verify-${hex}.js`, integrity: `sha384-${base64(new Uint8Array(sha384))}` }
}
