// Batch credential pages share one content-hashed verifier file, loaded with Subresource Integrity,
// instead of each inlining ~800 KB: the pages verify in Chromium when served (as published, from one
// origin), reading their status list live from where the credential says it is published (and
// contacting nothing else); a verifier file that is not byte-for-byte the pinned one is refused; and
// a page opened from disk, where the browser cannot check the pin, says in words that it was not checked.
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, extname, join, normalize } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBrowserBundle } from '../../scripts/browser-bundle.js'
import { issueBatch } from '../../src/batch/batch-issue.js'
import { parseRoster } from '../../src/batch/roster.js'
import { generateIssuerKey, type IssuerKey } from '../../src/keys/issuer-keys.js'
import { renderCredentialPage } from '../../src/share/page.js'
import { sharedVerifierScript } from '../../src/share/verifier-script.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { type Signer, signerFromJwk } from '../../src/sign/signer.js'
import { DirectoryStore } from '../../src/status/directory-store.js'
import { allocateStatus, changeStatus, publishStatusLists } from '../../src/status/status-list.js'
import { ROOT } from '../helpers/examples.js'
import { awardedCredential, issuer } from '../helpers/issue.js'
import { CHROMIUM, hasChromium } from './chromium.js'

// Relative to ROOT, the roster folder (baseDir) here: a roster names files inside its folder.
const TEMPLATE = 'examples/templates/checking-understanding-gestures.json'
const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html' }

describe.runIf(hasChromium)('batch pages with one shared verifier (Subresource Integrity)', () => {
  let browser: Browser
  let server: Server
  let origin: string
  let outDir: string
  let pages: string[]
  let key: IssuerKey
  let signer: Signer
  let store: DirectoryStore

  /** Signs the store's lists and puts them where the credentials say they are (under /status). */
  const publish = async () => {
    for (const list of await publishStatusLists(store, { baseUrl: `${origin}/status`, issuerId: key.issuerId, signer })) {
      const path = join(outDir, new URL(list.url).pathname)
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, JSON.stringify(list.credential))
    }
  }

  beforeAll(async () => {
    const work = await mkdtemp(join(tmpdir(), 'microcred-shared-verifier-'))
    await buildBrowserBundle(join(work, 'verifier.js'))
    outDir = join(work, 'out')
    server = createServer(async (request, response) => {
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
      const path = join(outDir, normalize(pathname.endsWith('/') ? `${pathname}index.html` : pathname))
      const body = await readFile(path).catch(() => undefined)
      if (!body) return response.writeHead(404).end()
      response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(path)] ?? 'application/json' }).end(body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    ;({ key, signer } = await issuer())
    store = await DirectoryStore.open(join(work, 'state'))
    const rows = parseRoster(['name,email,did,template,award,awarded', ...[0, 1, 2].map((i) => `Educator ${i},,did:example:educator-${i},${TEMPLATE},,yes`)].join('\n'))
    const summary = await issueBatch({
      rows,
      baseDir: ROOT,
      key,
      issuer: { name: 'District' },
      outDir,
      verifierScript: readFileSync(join(work, 'verifier.js'), 'utf8'),
      pageBaseUrl: `${origin}/`,
      status: { store, baseUrl: `${origin}/status` },
    })
    expect(summary).toMatchObject({ issued: 3, failed: [] })
    pages = readdirSync(outDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('index.html'))
      .sort()
    await publish()
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] })
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    server?.close()
  })

  /** Opens a page; returns what its banner says and every request it made (with their headers). */
  const open = async (url: string, route?: (tab: Page) => Promise<void>) => {
    const tab = await browser.newPage()
    const requests: { url: string; headers: Record<string, string> }[] = []
    tab.on('request', (r) => {
      if (!r.url().startsWith('data:')) requests.push({ url: r.url(), headers: r.headers() })
    })
    const cspErrors: string[] = []
    tab.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text())
    })
    await route?.(tab)
    await tab.goto(url)
    await tab.waitForFunction(() => document.getElementById('status')?.className !== 'pending', undefined, { timeout: 30_000 })
    const result = {
      status: (await tab.textContent('#status')) ?? '',
      state: await tab.locator('#status').getAttribute('class'),
      detail: (await tab.textContent('#banner-detail')) ?? '',
      statusLine: (await tab.textContent('#status-line')) ?? '',
      requests,
      cspErrors,
    }
    await tab.close()
    // Whatever happens, the banner never shows a raw error.
    expect(result.status).not.toMatch(/ReferenceError|TypeError|Error:/)
    return result
  }
  const listUrlOf = (page: string) => JSON.parse(readFileSync(join(outDir, dirname(page), 'credential.json'), 'utf8')).credentialStatus.statusListCredential as string
  const verifierFile = () => readdirSync(outDir).filter((f) => /^microcred-verify-[0-9a-f]{16}\.js$/.test(f))[0]!

  it('writes the verifier once, content-hashed, and every page pins it instead of inlining it; connect-src is its own origin only', async () => {
    const verifiers = readdirSync(outDir).filter((f) => /^microcred-verify-[0-9a-f]{16}\.js$/.test(f))
    expect(verifiers).toHaveLength(1)
    const script = readFileSync(join(outDir, verifiers[0]!), 'utf8')
    const { integrity } = await sharedVerifierScript(script)
    expect(pages).toHaveLength(3)
    const sizes = pages.map((page) => statSync(join(outDir, page)).size)
    for (const page of pages) {
      const html = readFileSync(join(outDir, page), 'utf8')
      expect(html).toContain(`<script src="../${verifiers[0]}" integrity="${integrity}"></script>`)
      const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1]!
      expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/)
      expect(csp).toContain("connect-src 'self';")
      expect(csp).not.toContain('*')
      expect(html).not.toContain('unsafe-inline')
      expect(html).not.toContain(script.slice(0, 200))
    }
    const perPage = Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length)
    console.log(`batch page: ${perPage} bytes each (verifier shared: ${script.length} bytes once)`)
    expect(perPage).toBeLessThan(script.length / 4)
  })

  it('served, each page reads its status list live from its own origin and says Verified; it contacts nothing else', async () => {
    for (const page of pages) {
      const { status, statusLine, requests, cspErrors } = await open(`${origin}/${page}`)
      expect(status).toBe('Verified')
      expect(statusLine).toMatch(/^Status: not revoked as of .*, read from the issuer just now — checked /)
      expect(requests.map((r) => r.url)).toEqual([`${origin}/${page}`, `${origin}/${verifierFile()}`, listUrlOf(page)])
      const listRequest = requests[2]!
      // The page's address names the credential: the status host is not told it.
      expect(listRequest.headers.referer ?? '').toBe('')
      expect(listRequest.headers.cookie).toBeUndefined()
      expect(cspErrors).toEqual([])
    }
  }, 120_000)

  it('revoked after the pages were written: the served page reads the fresh list and says so in words', async () => {
    const revokedPage = pages[0]!
    const credentialId = JSON.parse(readFileSync(join(outDir, dirname(revokedPage), 'credential.json'), 'utf8')).id
    await changeStatus(store, { credentialId, action: 'revoke', reason: 'Issued in error' })
    await publish()
    const revoked = await open(`${origin}/${revokedPage}`)
    expect(revoked.state).toBe('failed')
    expect(revoked.status).toMatch(/^Revoked by the issuer \(recorded in their status list of \d{4}-\d\d-\d\d\)\. It is no longer valid\./)
    expect(revoked.detail).toMatch(/^Details: status · ERR_OB_STATUS_REVOKED — revoked \(index \d+ of /)
    expect((await open(`${origin}/${pages[1]}`)).status).toBe('Verified')
  }, 60_000)

  it('a status list the server does not have: amber, "could not be checked", in words; never green, never red', async () => {
    const lists = join(outDir, 'status')
    renameSync(lists, `${lists}.away`)
    try {
      const { state, status, detail } = await open(`${origin}/${pages[1]}`)
      expect(state).toBe('status-unknown')
      expect(status).toBe(
        `Signature and issuer check out; revocation status could not be checked: the issuer's status list at ${new URL(origin).host} could not be read (the server answered HTTP 404), and this page carries no copy of it`,
      )
      expect(detail).toContain('ERR_OB_STATUS_UNCHECKED')
    } finally {
      renameSync(`${lists}.away`, lists)
    }
  }, 60_000)

  it('opened from disk (file://): amber "Not checked", in words, never a ReferenceError; nothing leaves the machine', async () => {
    const { state, status, detail, requests } = await open(`file://${join(outDir, pages[1]!)}`)
    expect(state).toBe('not-checked')
    expect(status).toBe('Not checked — this page was opened from a file, and its verifier only runs when the page is opened from its web address. Open it from there to verify the badge.')
    expect(detail).toMatch(/^Details: nothing below has been checked \(signature, issuer, dates and revocation status alike\)/)
    expect(requests.every((r) => r.url.startsWith('file://'))).toBe(true)
  }, 60_000)

  it('a verifier file that does not match the pinned digest is refused: red, in words, never Verified', async () => {
    const path = join(outDir, verifierFile())
    const original = readFileSync(path, 'utf8')
    // A "verifier" that always says yes, as an attacker who can replace the shared file would serve.
    writeFileSync(path, 'window.microcred = { mountCredentialPage: async () => { document.getElementById("status").textContent = "Verified"; document.getElementById("status").className = "verified" } }')
    try {
      const { state, status } = await open(`${origin}/${pages[1]}`)
      expect(state).toBe('failed')
      expect(status).toBe('Not verified — this page’s verifier did not load (it is missing, or is not the copy this page was made with), so nothing on it was checked')
    } finally {
      writeFileSync(path, original)
    }
  }, 60_000)

  it('a status list on another https origin: connect-src names exactly it; only the list is fetched there (no DID document)', async () => {
    const lists = 'https://status.district.example.org/lists'
    const { integrity } = await sharedVerifierScript(readFileSync(join(outDir, verifierFile()), 'utf8'))
    const served = new Map<string, unknown>()
    const write = async (name: string, issuerKey: IssuerKey, issuerSigner: Signer) => {
      const credentialId = `urn:uuid:40000000-0000-4000-8000-00000000000${name === 'did-key' ? 1 : 2}`
      // Each issuer its own state and lists.
      const own = await DirectoryStore.open(await mkdtemp(join(tmpdir(), 'microcred-cross-origin-')))
      const credentialStatus = await allocateStatus(own, { credentialId, baseUrl: `${lists}/${name}` })
      const credential = await signDataIntegrity(await awardedCredential(issuerKey, { id: credentialId, credentialStatus }), { signer: issuerSigner })
      for (const list of await publishStatusLists(own, { baseUrl: `${lists}/${name}`, issuerId: issuerKey.issuerId, signer: issuerSigner })) served.set(list.url, list.credential)
      const html = renderCredentialPage({ credential, verifierScript: { src: `../${verifierFile()}`, integrity }, certUrl: `${origin}/${name}/` })
      expect(/content="([^"]*)"/.exec(html)![1]).toContain('; connect-src https://status.district.example.org;')
      await mkdir(join(outDir, name), { recursive: true })
      await writeFile(join(outDir, name, 'index.html'), html)
      return credentialStatus.statusListCredential as string
    }
    const didWeb = await generateIssuerKey({ identifier: { method: 'did:web', host: 'status.district.example.org' } })
    const listForDidKey = await write('did-key', key, signer)
    const listForDidWeb = await write('did-web', didWeb, await signerFromJwk(didWeb.privateJwk, { id: didWeb.verificationMethod }))
    const elsewhere: string[] = []
    // The issuer's host, as a browser would reach it: only its lists exist there (CORS allows any page).
    const route = async (tab: Page) => {
      await tab.route(
        (url) => !url.href.startsWith(origin) && !url.href.startsWith('file:'),
        async (r) => {
          const listed = served.get(r.request().url())
          if (listed === undefined) {
            elsewhere.push(r.request().url())
            return r.fulfill({ status: 404 })
          }
          return r.fulfill({ status: 200, headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' }, body: JSON.stringify(listed) })
        },
      )
    }

    const green = await open(`${origin}/did-key/`, route)
    expect(green.status).toBe('Verified')
    expect(green.statusLine).toMatch(/read from the issuer just now/)
    expect(green.requests.map((r) => r.url)).toEqual([`${origin}/did-key/`, `${origin}/${verifierFile()}`, listForDidKey])

    // A did:web issuer's key would be confirmed by its DID document, on the very origin connect-src
    // allows: the page still fetches only the list, and says the issuer is not confirmed.
    const amber = await open(`${origin}/did-web/`, route)
    expect(amber.state).toBe('unconfirmed')
    expect(amber.statusLine).toMatch(/^Status: not revoked .*read from the issuer just now/)
    expect(amber.requests.map((r) => r.url)).toEqual([`${origin}/did-web/`, `${origin}/${verifierFile()}`, listForDidWeb])
    expect(elsewhere).toEqual([])
    expect([...green.cspErrors, ...amber.cspErrors]).toEqual([])
  }, 60_000)
})
