// Runs the consumer's browser bundles in Debian's Chromium (never a downloaded browser), served
// from 127.0.0.1: the esbuild bundle, the Vite build, and the prebuilt `microcred/browser-verifier`.
// Each page verifies the badge the consumer issued (with its status list) and must say VERIFIED.
// node browser-check.mjs CONSUMER_DIR PLAYWRIGHT_CORE_ENTRY
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'

const [dir, playwrightEntry] = process.argv.slice(2)
const { chromium } = await import(playwrightEntry)
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json' }
const server = createServer(async (request, response) => {
  const path = join(dir, normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)))
  try {
    const body = await readFile(path)
    response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body)
  } catch {
    response.writeHead(404).end()
  }
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const origin = `http://127.0.0.1:${server.address().port}`
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] })
let failed = false
try {
  for (const page of ['esbuild.html', 'out/vite/index.html', 'verifier.html']) {
    const tab = await browser.newPage()
    const errors = []
    tab.on('pageerror', (error) => errors.push(String(error)))
    tab.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`))
    await tab.goto(`${origin}/${page}`)
    const result = await tab.waitForFunction(() => window.__result, undefined, { timeout: 60_000 }).then((handle) => handle.jsonValue())
    console.log(`  chromium ${page}: ${result.verified ? 'VERIFIED' : 'NOT VERIFIED'} (${result.detail})${errors.length ? ` errors: ${errors.join('; ')}` : ''}`)
    if (!result.verified || errors.length > 0) failed = true
    await tab.close()
  }
} finally {
  await browser.close()
  server.close()
}
if (failed) process.exit(1)
