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
