// Batch credential pages share one content-hashed verifier file, loaded with Subresource Integrity,
// instead of each inlining ~800 KB: the pages verify in Chromium when served (as published, from one
// origin), and a verifier file that is not byte-for-byte the pinned one is refused by the browser.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { mkdtemp, readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBrowserBundle } from '../../scripts/browser-bundle.js'
import { issueBatch } from '../../src/batch/batch-issue.js'
import { parseRoster } from '../../src/batch/roster.js'
import { sharedVerifierScript } from '../../src/share/verifier-script.js'
import { ROOT } from '../helpers/examples.js'
import { issuer } from '../helpers/issue.js'
import { CHROMIUM, hasChromium } from './chromium.js'

const TEMPLATE = join(ROOT, 'examples/templates/checking-understanding-gestures.json')
const AWARD = join(ROOT, 'examples/assessments/gestures-award.json')

describe.runIf(hasChromium)('batch pages with one shared verifier (Subresource Integrity)', () => {
  let browser: Browser
  let server: Server
  let origin: string
  let outDir: string
  let pages: string[]

  beforeAll(async () => {
    const work = await mkdtemp(join(tmpdir(), 'microcred-shared-verifier-'))
    await buildBrowserBundle(join(work, 'verifier.js'))
    outDir = join(work, 'out')
    const rows = parseRoster(['name,email,did,template,award,awarded', ...[0, 1, 2].map((i) => `Educator ${i},,did:example:educator-${i},${TEMPLATE},${AWARD},`)].join('\n'))
    const { key } = await issuer()
    const summary = await issueBatch({ rows, baseDir: ROOT, key, issuer: { name: 'District' }, outDir, verifierScript: readFileSync(join(work, 'verifier.js'), 'utf8') })
    expect(summary).toMatchObject({ issued: 3, failed: [] })
    pages = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('index.html'))
    server = createServer(async (request, response) => {
      const path = join(outDir, normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)))
      const body = await readFile(path).catch(() => undefined)
      if (!body) return response.writeHead(404).end()
      response.writeHead(200, { 'content-type': extname(path) === '.js' ? 'text/javascript' : 'text/html' }).end(body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] })
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    server?.close()
  })

  const statusOf = async (page: string) => {
    const tab = await browser.newPage()
    await tab.goto(`${origin}/${page}`)
    await tab.waitForFunction(() => document.getElementById('status')?.textContent !== 'Verifying…', undefined, { timeout: 30_000 })
    const status = (await tab.textContent('#status')) ?? ''
    await tab.close()
    return status
  }

  it('writes the verifier once, content-hashed, and every page pins it instead of inlining it', async () => {
    const verifiers = readdirSync(outDir).filter((f) => /^microcred-verify-[0-9a-f]{16}\.js$/.test(f))
    expect(verifiers).toHaveLength(1)
    const script = readFileSync(join(outDir, verifiers[0]!), 'utf8')
    const { integrity } = await sharedVerifierScript(script)
    expect(pages).toHaveLength(3)
    const sizes = pages.map((page) => statSync(join(outDir, page)).size)
    for (const page of pages) {
      const html = readFileSync(join(outDir, page), 'utf8')
      expect(html).toContain(`<script src="../${verifiers[0]}" integrity="${integrity}"></script>`)
      expect(html).toContain("script-src 'self' 'unsafe-inline'")
      expect(html).not.toContain(script.slice(0, 200))
    }
    const perPage = Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length)
    console.log(`batch page: ${perPage} bytes each (verifier shared: ${script.length} bytes once)`)
    expect(perPage).toBeLessThan(script.length / 4)
  })

  it('each page loads the shared verifier and says Verified', async () => {
    for (const page of pages) expect(await statusOf(page)).toMatch(/^Verified/)
  }, 120_000)

  it('a verifier file that does not match the pinned digest is refused: the page cannot claim Verified', async () => {
    const [verifier] = readdirSync(outDir).filter((f) => f.startsWith('microcred-verify-'))
    const path = join(outDir, verifier!)
    const original = readFileSync(path, 'utf8')
    // A "verifier" that always says yes, as an attacker who can replace the shared file would serve.
    writeFileSync(path, 'window.microcred = { verifyBadge: async () => ({ verified: true, checks: [], issuerKeyConfirmed: true }), firstFailure: () => undefined }')
    try {
      expect(await statusOf(pages[0]!)).toMatch(/^Not verified — the verifier failed/)
    } finally {
      writeFileSync(path, original)
    }
  }, 60_000)
})
