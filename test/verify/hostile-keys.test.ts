// Hostile inputs against key binding, issuer resolution and remote fetching (issue #11 items 1, 2,
// 4, 7). Every case asserts the verdict and the code. Network peers are a TLS server on 127.0.0.1.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { CompactSign, calculateJwkThumbprint, importJWK } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OpenBadgeCredential } from '../../src/credential/types.js'
import { assertPublicAddress } from '../../src/internal/public-address.js'
import { fetchJson, type RemoteOptions, withGuardedClientSettings } from '../../src/internal/safe-fetch.js'
import { generateIssuerKey, type IssuerKey } from '../../src/keys/issuer-keys.js'
import { addDataIntegrityProof, signDataIntegrity } from '../../src/sign/data-integrity.js'
import { signerFromJwk } from '../../src/sign/signer.js'
import { signVcJwt } from '../../src/sign/vc-jwt.js'
import { publishStatusLists, statusEntryOf } from '../../src/status/status-list.js'
import type { IssuerStateStore } from '../../src/status/store.js'
import { createVerifier } from '../../src/verify/create-verifier.js'
import type { VerificationReport } from '../../src/verify/report.js'
import { parseTrustList } from '../../src/verify/trust-list.js'
import { type VerifyBadgeOptions, verifyBadge } from '../../src/verify/verify-badge.js'
import { awardedCredential, issuer, NOW } from '../helpers/issue.js'
import { hasOpenssl, type LoopbackTls, startLoopbackTls } from '../helpers/loopback-tls.js'

const binding = (report: VerificationReport) => report.checks.find((c) => c.id === 'key-binding')

async function expectVerdict(report: VerificationReport, verified: boolean, check: string, status: string, code?: string) {
  expect(report.checks.find((c) => c.id === check)).toMatchObject({ status, ...(code ? { code } : {}) })
  expect(report.verified).toBe(verified)
  if (!verified) expect(report.errors.map((e) => e.code)).toContain(code)
}

async function signerOf(key: IssuerKey, id = key.verificationMethod) {
  return signerFromJwk(key.privateJwk, { id })
}

/**
 * A credential naming `issuerId`, signed (Data Integrity) by `key` under verification method `vm`.
 * Signs below `signDataIntegrity`, which refuses to sign for another issuer: an attacker would too.
 */
async function signedBy(key: IssuerKey, { issuerId = key.issuerId, vm = key.verificationMethod } = {}) {
  return addDataIntegrityProof(await awardedCredential({ ...key, issuerId }), { signer: await signerOf(key, vm) })
}

/** A VC-JWT naming `issuerId` (`iss` too), signed by `key` with its public key in the `jwk` header, made with plain jose. */
async function jwtWithHeaderJwk(key: IssuerKey, issuerId: string) {
  const payload = JSON.parse(Buffer.from((await signVcJwt(await awardedCredential(key), { signer: await signerOf(key) })).split('.')[1]!, 'base64url').toString())
  const forged = { ...payload, iss: issuerId, issuer: { ...payload.issuer, id: issuerId } }
  const alg = key.algorithm
  return new CompactSign(new TextEncoder().encode(JSON.stringify(forged)))
    .setProtectedHeader({ alg, typ: 'JWT', jwk: key.publicJwk as unknown as Record<string, string> })
    .sign(await importJWK(key.privateJwk as unknown as Record<string, string>, alg))
}

describe('address vetting: only public unicast addresses are fetched', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['::ffff:192.168.1.1', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2002:7f00:1::1', '6to4'],
    ['192.0.2.1', 'reserved'],
  ])('%s is refused (%s)', (address, range) => {
    expect(() => assertPublicAddress(address, address)).toThrow(expect.objectContaining({ code: 'ERR_OB_FETCH_REFUSED', message: expect.stringContaining(range) }))
  })

  it.each(['93.184.215.14', '2606:4700:4700::1111', '::ffff:93.184.215.14'])('%s is accepted', (address) => {
    expect(() => assertPublicAddress(address, address)).not.toThrow()
  })

  it('the test-only loopback allowance admits loopback and nothing else', () => {
    expect(() => assertPublicAddress('127.0.0.1', 'x', { allowLoopback: true })).not.toThrow()
    expect(() => assertPublicAddress('10.0.0.1', 'x', { allowLoopback: true })).toThrow(expect.objectContaining({ code: 'ERR_OB_FETCH_REFUSED' }))
  })
})

describe('URLs refused before any request', () => {
  const calls: string[] = []
  const spy: RemoteOptions = {
    fetch: async (url) => {
      calls.push(url)
      return { ok: true, status: 200, text: async () => '{}' }
    },
  }
  it.each([
    ['http://example.org/did.json', 'not https'],
    ['https://127.0.0.1/did.json', 'loopback'],
    ['https://[::1]/did.json', 'loopback'],
    ['https://[::ffff:127.0.0.1]/did.json', 'loopback'],
    ['https://2130706433/did.json', 'loopback'],
    ['https://0x7f.1/did.json', 'loopback'],
    ['https://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['https://10.1.2.3/list.json', 'private'],
    ['https://192.168.0.10/list.json', 'private'],
    ['https://[fc00::5]/did.json', 'uniqueLocal'],
    ['https://0.0.0.0/did.json', 'unspecified'],
    ['https://user:secret@example.org/did.json', 'credentials'],
    ['ftp://example.org/did.json', 'not https'],
  ])('%s → ERR_OB_FETCH_REFUSED (%s), even through an injected fetch', async (url, why) => {
    await expect(fetchJson(url, spy)).rejects.toMatchObject({ code: 'ERR_OB_FETCH_REFUSED', message: expect.stringContaining(why) })
    await expect(fetchJson(url, {})).rejects.toMatchObject({ code: 'ERR_OB_FETCH_REFUSED' })
    expect(calls).toEqual([])
  })

  it('a host name that resolves to loopback (localhost) is refused by the guarded client', async () => {
    await expect(fetchJson('https://localhost/did.json', {})).rejects.toMatchObject({ code: 'ERR_OB_FETCH_REFUSED', message: expect.stringContaining('loopback') })
  })

  it('remote off: nothing is fetched', async () => {
    await expect(fetchJson('https://example.org/did.json', undefined)).rejects.toMatchObject({ code: 'ERR_OB_FETCH_REFUSED' })
  })
})

describe.skipIf(!hasOpenssl())('over real HTTPS on loopback', () => {
  let tls: LoopbackTls
  let remote: RemoteOptions
  beforeAll(async () => {
    tls = await startLoopbackTls()
    remote = withGuardedClientSettings({ timeoutMs: 3000 }, { allowLoopback: true, ca: tls.cert })
  })
  afterAll(() => tls?.close())

  describe('the guarded client', () => {
    it('fetches JSON from the vetted address', async () => {
      tls.json('/ok.json', { hello: 'world' })
      expect(await fetchJson(`${tls.origin}/ok.json`, remote)).toEqual({ hello: 'world' })
    })

    it('by default refuses the loopback server without connecting', async () => {
      tls.json('/default.json', {})
      await expect(fetchJson(`${tls.origin}/default.json`, {})).rejects.toMatchObject({ code: 'ERR_OB_FETCH_REFUSED' })
      expect(tls.hits.get('/default.json')).toBeUndefined()
    })

    it('checks the certificate: a self-signed server is refused without its CA', async () => {
      tls.json('/tls.json', {})
      const noCa = withGuardedClientSettings({ timeoutMs: 3000 }, { allowLoopback: true })
      await expect(fetchJson(`${tls.origin}/tls.json`, noCa)).rejects.toMatchObject({ code: 'ERR_OB_FETCH_FAILED' })
    })

    it('decompresses gzip within the cap', async () => {
      tls.routes.set('/gzip.json', (_req, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip' })
        res.end(gzipSync(JSON.stringify({ small: true })))
      })
      expect(await fetchJson(`${tls.origin}/gzip.json`, remote)).toEqual({ small: true })
    })

    it('does not follow a redirect (to an internal address or anywhere)', async () => {
      tls.routes.set('/redirect', (_req, res) => {
        res.writeHead(302, { location: 'https://169.254.169.254/latest/meta-data/' })
        res.end()
      })
      await expect(fetchJson(`${tls.origin}/redirect`, remote)).rejects.toMatchObject({ code: 'ERR_OB_FETCH_REFUSED', message: expect.stringContaining('redirect') })
    })

    it.each([404, 500, 403])('HTTP %i → ERR_OB_FETCH_FAILED without echoing the status text or body', async (status) => {
      tls.routes.set(`/status-${status}`, (_req, res) => {
        res.writeHead(status, 'SECRET-INTERNAL-STATUS')
        res.end('SECRET-INTERNAL-BODY')
      })
      const error = await fetchJson(`${tls.origin}/status-${status}`, remote).catch((e: Error) => e)
      expect(error).toMatchObject({ code: 'ERR_OB_FETCH_FAILED' })
      expect(String((error as Error).message).replaceAll(tls.origin, '').replaceAll(`status-${status}`, '')).not.toMatch(new RegExp(`SECRET|${status}`))
    })

    it('a body that is not JSON → ERR_OB_FETCH_FAILED without echoing it', async () => {
      tls.routes.set('/html', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end('<html>SECRET-INTERNAL-BODY</html>')
      })
      const error = await fetchJson(`${tls.origin}/html`, remote).catch((e: Error) => e)
      expect(error).toMatchObject({ code: 'ERR_OB_FETCH_FAILED' })
      expect((error as Error).message).not.toContain('SECRET')
    })

    it('an oversized body with content-length is refused', async () => {
      tls.routes.set('/big-declared', (_req, res) => {
        res.writeHead(200, { 'content-length': String(300 * 1024) })
        res.end(Buffer.alloc(300 * 1024, 0x20))
      })
      await expect(fetchJson(`${tls.origin}/big-declared`, remote)).rejects.toMatchObject({ code: 'ERR_OB_FETCH_REFUSED', message: expect.stringContaining('larger') })
    })

    it('an oversized chunked body is cut at the cap while streaming', async () => {
      let sent = 0
      tls.routes.set('/big-chunked', (_req, res) => {
        res.writeHead(200)
        const push = () => {
          while (sent < 64 * 1024 * 1024 && !res.destroyed) {
            sent += 64 * 1024
            if (!res.write(Buffer.alloc(64 * 1024, 0x20))) return void res.once('drain', push)
          }
          res.end()
        }
        push()
      })
      await expect(fetchJson(`${tls.origin}/big-chunked`, remote)).rejects.toMatchObject({ code: 'ERR_OB_FETCH_REFUSED', message: expect.stringContaining('larger') })
      expect(sent).toBeLessThan(64 * 1024 * 1024)
    })

    it.each([
      ['gzip', () => gzipSync(Buffer.alloc(50 * 1024 * 1024))],
      ['br', () => brotliCompressSync(Buffer.alloc(50 * 1024 * 1024), { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } })],
    ])('a %s bomb (50 MB inflated) stops at the cap, counting decompressed bytes', async (encoding, make) => {
      const bomb = make()
      expect(bomb.byteLength).toBeLessThan(256 * 1024)
      tls.routes.set(`/bomb-${encoding}`, (_req, res) => {
        res.writeHead(200, { 'content-encoding': encoding, 'content-length': String(bomb.byteLength) })
        res.end(bomb)
      })
      await expect(fetchJson(`${tls.origin}/bomb-${encoding}`, remote)).rejects.toMatchObject({ code: 'ERR_OB_FETCH_REFUSED', message: expect.stringContaining('larger') })
    })

    it('an unknown content-encoding is refused', async () => {
      tls.routes.set('/zstd', (_req, res) => {
        res.writeHead(200, { 'content-encoding': 'x-custom' })
        res.end('{}')
      })
      await expect(fetchJson(`${tls.origin}/zstd`, remote)).rejects.toMatchObject({ code: 'ERR_OB_FETCH_REFUSED' })
    })

    it('a body that stalls times out', async () => {
      tls.routes.set('/slow-body', (_req, res) => {
        res.writeHead(200)
        res.write('{"a":')
      })
      const quick = withGuardedClientSettings({ timeoutMs: 400 }, { allowLoopback: true, ca: tls.cert })
      await expect(fetchJson(`${tls.origin}/slow-body`, quick)).rejects.toMatchObject({ code: 'ERR_OB_FETCH_FAILED', message: expect.stringContaining('timed out') })
    })

    it('DNS is asked once and the vetted address is the one dialled (a rebinding second answer is never used)', async () => {
      tls.json('/rebind.json', { dialled: 'vetted' })
      const answers: string[] = []
      const resolve = async () => {
        const address = answers.length === 0 ? '127.0.0.1' : '10.0.0.1'
        answers.push(address)
        return [{ address, family: 4 }]
      }
      const rebinding = withGuardedClientSettings({ timeoutMs: 3000 }, { allowLoopback: true, ca: tls.cert, resolve })
      expect(await fetchJson(`https://rebind.test:${tls.host.split(':')[1]}/rebind.json`, rebinding)).toEqual({ dialled: 'vetted' })
      expect(answers).toEqual(['127.0.0.1'])
    })

    it('a name with any non-public answer is refused, even beside a public one', async () => {
      const resolve = async () => [
        { address: '93.184.215.14', family: 4 },
        { address: '169.254.169.254', family: 4 },
      ]
      const mixed = withGuardedClientSettings({ timeoutMs: 3000 }, { resolve })
      await expect(fetchJson('https://mixed.test/did.json', mixed)).rejects.toMatchObject({ code: 'ERR_OB_FETCH_REFUSED', message: expect.stringContaining('linkLocal') })
    })

    it('a server that never answers times out', async () => {
      tls.routes.set('/no-answer', () => {})
      const quick = withGuardedClientSettings({ timeoutMs: 400 }, { allowLoopback: true, ca: tls.cert })
      await expect(fetchJson(`${tls.origin}/no-answer`, quick)).rejects.toMatchObject({ code: 'ERR_OB_FETCH_FAILED', message: expect.stringContaining('timed out') })
    })
  })

  describe('key binding from the issuer’s own document', () => {
    /** A did:web issuer under `/path` on the loopback server, with its DID document served (or not). */
    async function webIssuer(path: string, publish: 'as-generated' | 'none' = 'as-generated') {
      const key = await generateIssuerKey({ identifier: { method: 'did:web', host: `${tls.host}/${path}` } })
      if (publish === 'as-generated') tls.json(`/${path}/did.json`, key.publish!.document)
      return key
    }

    it('did:web: a key listed under assertionMethod (by reference) confirms the issuer (Data Integrity)', async () => {
      const key = await webIssuer('listed')
      const report = await verifyBadge(await signedBy(key), { now: NOW, remote })
      await expectVerdict(report, true, 'key-binding', 'passed')
      expect(report.issuerKeyConfirmed).toBe(true)
    })

    it('did:web: the same badge offline is claimed only → ERR_OB_KEY_UNCONFIRMED; conformance mode warns', async () => {
      const key = await webIssuer('offline')
      const badge = await signedBy(key)
      const report = await verifyBadge(badge, { now: NOW })
      await expectVerdict(report, false, 'key-binding', 'failed', 'ERR_OB_KEY_UNCONFIRMED')
      expect(binding(report)?.message).toMatch(/signature is intact.*--trust FILE.*--allow-remote/)
      const conformance = await verifyBadge(badge, { now: NOW, acceptClaimedKey: true })
      await expectVerdict(conformance, true, 'key-binding', 'warning', 'WARN_OB_KEY_UNCONFIRMED')
      expect(conformance.issuerKeyConfirmed).toBe(false)
    })

    it('did:web: a key embedded in assertionMethod (as DCC publishes) verifies', async () => {
      const key = await generateIssuerKey({ identifier: { method: 'did:web', host: `${tls.host}/embedded` } })
      const vm = `${key.issuerId}#key-1`
      const [method] = key.publish!.document.verificationMethod as Record<string, unknown>[]
      tls.json('/embedded/did.json', { '@context': key.publish!.document['@context'], id: key.issuerId, assertionMethod: [{ ...method, id: vm }] })
      const report = await verifyBadge(await signedBy(key, { vm }), { now: NOW, remote })
      await expectVerdict(report, true, 'key-binding', 'passed')
      expect(report.issuerKeyConfirmed).toBe(true)
    })

    it('did:web: a JsonWebKey2020 entry (Ed25519 as publicKeyJwk) verifies a Data Integrity proof', async () => {
      const key = await generateIssuerKey({ identifier: { method: 'did:web', host: `${tls.host}/jwk-entry` } })
      const vm = `${key.issuerId}#key-1`
      tls.json('/jwk-entry/did.json', { id: key.issuerId, verificationMethod: [{ id: vm, type: 'JsonWebKey2020', controller: key.issuerId, publicKeyJwk: key.publicJwk }], assertionMethod: ['#key-1'] })
      const report = await verifyBadge(await signedBy(key, { vm }), { now: NOW, remote })
      await expectVerdict(report, true, 'key-binding', 'passed')
    })

    it('did:web: a key in the document but not under assertionMethod → ERR_OB_KEY_NOT_ISSUER', async () => {
      const key = await webIssuer('auth-only', 'none')
      tls.json('/auth-only/did.json', { ...key.publish!.document, assertionMethod: [] })
      const report = await verifyBadge(await signedBy(key), { now: NOW, remote })
      await expectVerdict(report, false, 'key-binding', 'failed', 'ERR_OB_KEY_NOT_ISSUER')
    })

    it('did:web: a verification method id that resolves but is not an assertion method fails the proof → ERR_OB_KEY_NOT_ISSUER', async () => {
      const key = await generateIssuerKey({ identifier: { method: 'did:web', host: `${tls.host}/auth-only-ref` } })
      const vm = `${key.issuerId}#key-1`
      const [method] = key.publish!.document.verificationMethod as Record<string, unknown>[]
      tls.json('/auth-only-ref/did.json', { id: key.issuerId, verificationMethod: [{ ...method, id: vm }], authentication: [vm], assertionMethod: [] })
      const report = await verifyBadge(await signedBy(key, { vm }), { now: NOW, remote })
      await expectVerdict(report, false, 'proof', 'failed', 'ERR_OB_KEY_NOT_ISSUER')
    })

    it('did:web: an attacker’s key document claiming controller = victim → ERR_OB_KEY_NOT_ISSUER', async () => {
      const victim = await webIssuer('victim')
      const attacker = await generateIssuerKey({ identifier: { method: 'did:web', host: `${tls.host}/attacker` } })
      const vm = `${attacker.issuerId}#key-1`
      const [method] = attacker.publish!.document.verificationMethod as Record<string, unknown>[]
      tls.json('/attacker/did.json', { id: attacker.issuerId, verificationMethod: [{ ...method, id: vm, controller: victim.issuerId }], assertionMethod: [vm] })
      const report = await verifyBadge(await signedBy(attacker, { issuerId: victim.issuerId, vm }), { now: NOW, remote })
      await expectVerdict(report, false, 'key-binding', 'failed', 'ERR_OB_KEY_NOT_ISSUER')
      expect(report.issuerKeyConfirmed).toBe(false)
    })

    it('did:web: the victim’s DID served at the attacker’s URL does not help (id must match the issuer) → ERR_OB_KEY_UNRESOLVED', async () => {
      const key = await webIssuer('wrong-id', 'none')
      tls.json('/wrong-id/did.json', { ...key.publish!.document, id: 'did:web:someone-else.example' })
      const report = await verifyBadge(await signedBy(key), { now: NOW, remote })
      await expectVerdict(report, false, 'key-binding', 'failed', 'ERR_OB_KEY_UNRESOLVED')
    })

    it('did:web: an unreachable issuer document → ERR_OB_FETCH_FAILED (no remote text echoed)', async () => {
      const key = await webIssuer('missing', 'none')
      const report = await verifyBadge(await signedBy(key), { now: NOW, remote })
      await expectVerdict(report, false, 'key-binding', 'failed', 'ERR_OB_FETCH_FAILED')
      expect(binding(report)?.message).not.toContain('SECRET')
    })

    it('did:web: a redirecting issuer document → ERR_OB_FETCH_REFUSED', async () => {
      const key = await webIssuer('moved', 'none')
      tls.routes.set('/moved/did.json', (_req, res) => {
        res.writeHead(301, { location: `${tls.origin}/listed/did.json` })
        res.end()
      })
      const report = await verifyBadge(await signedBy(key), { now: NOW, remote })
      await expectVerdict(report, false, 'key-binding', 'failed', 'ERR_OB_FETCH_REFUSED')
    })

    it('did:web: a did:key referenced under assertionMethod confirms a proof by that did:key', async () => {
      const web = await generateIssuerKey({ identifier: { method: 'did:web', host: `${tls.host}/delegates` } })
      const delegate = await generateIssuerKey()
      tls.json('/delegates/did.json', { id: web.issuerId, assertionMethod: [delegate.verificationMethod] })
      const report = await verifyBadge(await signedBy(delegate, { issuerId: web.issuerId }), { now: NOW, remote })
      await expectVerdict(report, true, 'key-binding', 'passed')
      const offline = await verifyBadge(await signedBy(delegate, { issuerId: web.issuerId }), { now: NOW })
      await expectVerdict(offline, false, 'key-binding', 'failed', 'ERR_OB_KEY_UNCONFIRMED')
    })

    it('https issuer: a key only under verificationMethod (not assertionMethod) → ERR_OB_KEY_NOT_ISSUER', async () => {
      const key = await generateIssuerKey({ identifier: { method: 'url', url: `${tls.origin}/issuers/auth-only` } })
      tls.json('/issuers/auth-only', { ...key.publish!.document, assertionMethod: [] })
      const report = await verifyBadge(await signedBy(key), { now: NOW, remote })
      await expectVerdict(report, false, 'key-binding', 'failed', 'ERR_OB_KEY_NOT_ISSUER')
    })

    it('https issuer: a key listed in its profile under assertionMethod confirms it', async () => {
      const key = await generateIssuerKey({ identifier: { method: 'url', url: `${tls.origin}/issuers/district` } })
      tls.json('/issuers/district', key.publish!.document)
      const report = await verifyBadge(await signedBy(key), { now: NOW, remote })
      await expectVerdict(report, true, 'key-binding', 'passed')
      expect(report.issuerKeyConfirmed).toBe(true)
    })

    it('https issuer: an attacker key document claiming controller = victim → ERR_OB_KEY_NOT_ISSUER', async () => {
      const victim = await generateIssuerKey({ identifier: { method: 'url', url: `${tls.origin}/issuers/victim` } })
      tls.json('/issuers/victim', victim.publish!.document)
      const attacker = await generateIssuerKey()
      const vm = `${tls.origin}/keys/attacker#key-1`
      tls.json('/keys/attacker', { id: vm, type: 'Multikey', controller: victim.issuerId, publicKeyMultibase: attacker.issuerId.slice('did:key:'.length) })
      const report = await verifyBadge(await signedBy(attacker, { issuerId: victim.issuerId, vm }), { now: NOW, remote })
      expect(report.checks.find((c) => c.id === 'proof')?.status).toBe('passed')
      await expectVerdict(report, false, 'key-binding', 'failed', 'ERR_OB_KEY_NOT_ISSUER')
    })

    it('https issuer: a profile naming another id → ERR_OB_KEY_UNRESOLVED', async () => {
      const key = await generateIssuerKey({ identifier: { method: 'url', url: `${tls.origin}/issuers/impostor` } })
      tls.json('/issuers/impostor', { ...key.publish!.document, id: `${tls.origin}/issuers/district` })
      const report = await verifyBadge(await signedBy(key), { now: NOW, remote })
      await expectVerdict(report, false, 'key-binding', 'failed', 'ERR_OB_KEY_UNRESOLVED')
    })

    it('VC-JWT with kid: did:web key listed → confirmed', async () => {
      const key = await webIssuer('jwt-kid')
      const jwt = await signVcJwt(await awardedCredential(key), { signer: await signerOf(key) })
      const report = await verifyBadge(jwt, { now: NOW, remote })
      await expectVerdict(report, true, 'key-binding', 'passed')
      expect(report.issuerKeyConfirmed).toBe(true)
    })

    it('VC-JWT with the issuer’s own key in the jwk header: confirmed when its document lists it', async () => {
      const key = await webIssuer('jwt-jwk')
      const report = await verifyBadge(await jwtWithHeaderJwk(key, key.issuerId), { now: NOW, remote })
      await expectVerdict(report, true, 'key-binding', 'passed')
    })

    it('forged VC-JWT: attacker jwk header, iss = victim did:web → ERR_OB_KEY_NOT_ISSUER with remote, ERR_OB_KEY_UNCONFIRMED offline', async () => {
      const victim = await webIssuer('jwt-victim')
      const attacker = await generateIssuerKey()
      const forged = await jwtWithHeaderJwk(attacker, victim.issuerId)
      await expectVerdict(await verifyBadge(forged, { now: NOW, remote }), false, 'key-binding', 'failed', 'ERR_OB_KEY_NOT_ISSUER')
      await expectVerdict(await verifyBadge(forged, { now: NOW }), false, 'key-binding', 'failed', 'ERR_OB_KEY_UNCONFIRMED')
    })

    it('forged VC-JWT: attacker jwk header, iss = victim https issuer, remote on → ERR_OB_KEY_NOT_ISSUER', async () => {
      const victim = await generateIssuerKey({ identifier: { method: 'url', url: `${tls.origin}/issuers/jwt-victim` } })
      tls.json('/issuers/jwt-victim', victim.publish!.document)
      const attacker = await generateIssuerKey()
      await expectVerdict(await verifyBadge(await jwtWithHeaderJwk(attacker, victim.issuerId), { now: NOW, remote }), false, 'key-binding', 'failed', 'ERR_OB_KEY_NOT_ISSUER')
    })

    it('a verifier resolves an issuer once for many badges (bounded cache)', async () => {
      const key = await webIssuer('cached')
      const badges = await Promise.all([1, 2, 3, 4, 5].map(() => signedBy(key)))
      const verifier = createVerifier({ remote, now: NOW, cache: { maxEntries: 4 } })
      for (const badge of badges) expect((await verifier.verify(badge)).verified).toBe(true)
      expect(tls.hits.get('/cached/did.json')).toBe(1)
    })

    it('one verifyBadge call fetches a document once even when the proof and key binding both need it', async () => {
      const key = await generateIssuerKey({ identifier: { method: 'did:web', host: `${tls.host}/once` } })
      const vm = `${key.issuerId}#key-1`
      const [method] = key.publish!.document.verificationMethod as Record<string, unknown>[]
      tls.json('/once/did.json', { id: key.issuerId, verificationMethod: [{ ...method, id: vm }], assertionMethod: [vm] })
      const report = await verifyBadge(await signedBy(key, { vm }), { now: NOW, remote })
      await expectVerdict(report, true, 'key-binding', 'passed')
      expect(tls.hits.get('/once/did.json')).toBe(1)
    })
  })
})

describe('did:web issuers on internal hosts, remote on (guarded client): refused before connecting', () => {
  it.each(['did:web:169.254.169.254', 'did:web:10.0.0.1', 'did:web:192.168.1.1', 'did:web:127.0.0.1%3A8443', 'did:web:localhost', 'did:web:0.0.0.0'])(
    '%s → ERR_OB_FETCH_REFUSED',
    async (did) => {
      const key = await generateIssuerKey()
      const report = await verifyBadge(await signedBy(key, { issuerId: did, vm: `${did}#${key.issuerId.slice('did:key:'.length)}` }), { now: NOW, remote: {} })
      await expectVerdict(report, false, 'key-binding', 'failed', 'ERR_OB_FETCH_REFUSED')
    },
  )
})

describe('verification methods on internal hosts, remote on: the proof fails with the fetch code', () => {
  it('Data Integrity, did:web verification method on 10.0.0.1 → ERR_OB_FETCH_REFUSED', async () => {
    const key = await generateIssuerKey()
    const report = await verifyBadge(await signedBy(key, { issuerId: 'did:web:10.0.0.1', vm: 'did:web:10.0.0.1#key-1' }), { now: NOW, remote: {} })
    await expectVerdict(report, false, 'proof', 'failed', 'ERR_OB_FETCH_REFUSED')
  })

  it('VC-JWT, kid on the cloud metadata address → ERR_OB_FETCH_REFUSED', async () => {
    const key = await generateIssuerKey()
    const payload = JSON.parse(Buffer.from((await signVcJwt(await awardedCredential(key), { signer: await signerOf(key) })).split('.')[1]!, 'base64url').toString())
    const jwt = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: 'https://169.254.169.254/latest/keys#key-1' })
      .sign(await importJWK(key.privateJwk as unknown as Record<string, string>, 'EdDSA'))
    const report = await verifyBadge(jwt, { now: NOW, remote: {} })
    await expectVerdict(report, false, 'proof', 'failed', 'ERR_OB_FETCH_REFUSED')
  })
})

describe('offline key binding, pinning and conformance mode', () => {
  let web: IssuerKey
  let badge: OpenBadgeCredential
  const pinned = (keys: string[], id = () => web.issuerId) => parseTrustList({ issuers: [{ id: id(), name: 'Springfield Public Schools', keys }] })
  beforeAll(async () => {
    web = await generateIssuerKey({ identifier: { method: 'did:web', host: 'district.example.org' } })
    badge = await signedBy(web)
  })

  it('pinned by publicKeyMultibase in a trust list: verifies offline, confirmed', async () => {
    const report = await verifyBadge(badge, { now: NOW, trust: pinned([web.verificationMethod.split('#')[1]!]) })
    await expectVerdict(report, true, 'key-binding', 'passed')
    expect(report.issuerKeyConfirmed).toBe(true)
  })

  it('pinned by verification method id: verifies offline', async () => {
    await expectVerdict(await verifyBadge(badge, { now: NOW, trust: pinned([web.verificationMethod]) }), true, 'key-binding', 'passed')
  })

  it('pinned by RFC 7638 thumbprint: verifies offline', async () => {
    const thumbprint = await calculateJwkThumbprint(web.publicJwk as unknown as Parameters<typeof calculateJwkThumbprint>[0])
    await expectVerdict(await verifyBadge(badge, { now: NOW, trust: pinned([thumbprint]) }), true, 'key-binding', 'passed')
  })

  it('RS256 VC-JWT with a jwk header, pinned by thumbprint: verifies offline', async () => {
    const { key } = await issuer('RS256')
    const thumbprint = await calculateJwkThumbprint(key.publicJwk as unknown as Parameters<typeof calculateJwkThumbprint>[0])
    const jwt = await jwtWithHeaderJwk(key, key.issuerId)
    await expectVerdict(await verifyBadge(jwt, { now: NOW }), false, 'key-binding', 'failed', 'ERR_OB_KEY_UNCONFIRMED')
    await expectVerdict(await verifyBadge(jwt, { now: NOW, trust: pinned([thumbprint], () => key.issuerId) }), true, 'key-binding', 'passed')
  })

  it('a wrong pinned key → ERR_OB_KEY_NOT_ISSUER, also in conformance mode', async () => {
    const other = await generateIssuerKey()
    const trust = pinned([other.issuerId.slice('did:key:'.length)])
    await expectVerdict(await verifyBadge(badge, { now: NOW, trust }), false, 'key-binding', 'failed', 'ERR_OB_KEY_NOT_ISSUER')
    await expectVerdict(await verifyBadge(badge, { now: NOW, trust, acceptClaimedKey: true }), false, 'key-binding', 'failed', 'ERR_OB_KEY_NOT_ISSUER')
  })

  it('a trust list that pins only other issuers does not confirm → ERR_OB_KEY_UNCONFIRMED', async () => {
    const trust = pinned([web.verificationMethod], () => 'did:web:other.example')
    await expectVerdict(await verifyBadge(badge, { now: NOW, trust }), false, 'key-binding', 'failed', 'ERR_OB_KEY_UNCONFIRMED')
  })

  it('trustedIssuerKeys still pins', async () => {
    await expectVerdict(await verifyBadge(badge, { now: NOW, trustedIssuerKeys: { [web.issuerId]: [web.verificationMethod] } }), true, 'key-binding', 'passed')
  })

  it('did:key issuer: its own key is confirmed with no options', async () => {
    const { key, signer } = await issuer()
    const report = await verifyBadge(await signDataIntegrity(await awardedCredential(key), { signer }), { now: NOW })
    await expectVerdict(report, true, 'key-binding', 'passed')
    expect(report.issuerKeyConfirmed).toBe(true)
  })

  it('did:key issuer, proof by another did:key → ERR_OB_KEY_NOT_ISSUER, also in conformance mode', async () => {
    const { key: victim } = await issuer()
    const attacker = await generateIssuerKey()
    const forged = await signedBy(attacker, { issuerId: victim.issuerId })
    await expectVerdict(await verifyBadge(forged, { now: NOW }), false, 'key-binding', 'failed', 'ERR_OB_KEY_NOT_ISSUER')
    await expectVerdict(await verifyBadge(forged, { now: NOW, acceptClaimedKey: true }), false, 'key-binding', 'failed', 'ERR_OB_KEY_NOT_ISSUER')
  })

  it('forged VC-JWT: attacker jwk header, iss = victim did:key → ERR_OB_KEY_NOT_ISSUER', async () => {
    const { key: victim } = await issuer()
    const attacker = await generateIssuerKey()
    await expectVerdict(await verifyBadge(await jwtWithHeaderJwk(attacker, victim.issuerId), { now: NOW, acceptClaimedKey: true }), false, 'key-binding', 'failed', 'ERR_OB_KEY_NOT_ISSUER')
  })

  it('forged VC-JWT: attacker jwk header, iss = victim did:web, offline → ERR_OB_KEY_UNCONFIRMED; conformance mode says unconfirmed', async () => {
    const attacker = await generateIssuerKey()
    const forged = await jwtWithHeaderJwk(attacker, web.issuerId)
    await expectVerdict(await verifyBadge(forged, { now: NOW }), false, 'key-binding', 'failed', 'ERR_OB_KEY_UNCONFIRMED')
    const conformance = await verifyBadge(forged, { now: NOW, acceptClaimedKey: true })
    await expectVerdict(conformance, true, 'key-binding', 'warning', 'WARN_OB_KEY_UNCONFIRMED')
    expect(conformance.issuerKeyConfirmed).toBe(false)
  })

  it('forged VC-JWT, attacker jwk header, victim pinned: → ERR_OB_KEY_NOT_ISSUER', async () => {
    const attacker = await generateIssuerKey()
    await expectVerdict(await verifyBadge(await jwtWithHeaderJwk(attacker, web.issuerId), { now: NOW, trust: pinned([web.verificationMethod]) }), false, 'key-binding', 'failed', 'ERR_OB_KEY_NOT_ISSUER')
  })

  it('a fragment key under another host than the https issuer → ERR_OB_KEY_NOT_ISSUER', async () => {
    const attacker = await generateIssuerKey()
    const multibase = attacker.issuerId.slice('did:key:'.length)
    const forged = await signedBy(attacker, { issuerId: 'https://district.example.org/issuer', vm: `https://attacker.example/keys#${multibase}` })
    await expectVerdict(await verifyBadge(forged, { now: NOW, acceptClaimedKey: true }), false, 'key-binding', 'failed', 'ERR_OB_KEY_NOT_ISSUER')
  })

  it('urn: issuer signed by a did:key → ERR_OB_KEY_UNCONFIRMED; conformance warns; pinned confirms', async () => {
    const signerKey = await generateIssuerKey()
    const forged = await signedBy(signerKey, { issuerId: 'urn:uuid:2f0a6a0e-4a51-4b0c-9a5f-3d1f1b5c6e7d' })
    await expectVerdict(await verifyBadge(forged, { now: NOW }), false, 'key-binding', 'failed', 'ERR_OB_KEY_UNCONFIRMED')
    await expectVerdict(await verifyBadge(forged, { now: NOW, acceptClaimedKey: true }), true, 'key-binding', 'warning', 'WARN_OB_KEY_UNCONFIRMED')
    const trust = parseTrustList({ issuers: [{ id: 'urn:uuid:2f0a6a0e-4a51-4b0c-9a5f-3d1f1b5c6e7d', name: 'Pinned', keys: [signerKey.verificationMethod] }] })
    await expectVerdict(await verifyBadge(forged, { now: NOW, trust }), true, 'key-binding', 'passed')
  })

  it('urn: issuer pinned to one did:key, signed by a provably different did:key → ERR_OB_KEY_NOT_ISSUER', async () => {
    const pinnedKey = await generateIssuerKey()
    const signerKey = await generateIssuerKey()
    const urn = 'urn:uuid:9d1c7f3e-0b5a-4c2d-8e6f-1a2b3c4d5e6f'
    const trust = parseTrustList({ issuers: [{ id: urn, name: 'Pinned', keys: [pinnedKey.verificationMethod] }] })
    await expectVerdict(await verifyBadge(await signedBy(signerKey, { issuerId: urn }), { now: NOW, trust }), false, 'key-binding', 'failed', 'ERR_OB_KEY_NOT_ISSUER')
  })

  it('requireConfirmedIssuerKey overrides conformance mode', async () => {
    const options: VerifyBadgeOptions = { now: NOW, acceptClaimedKey: true, requireConfirmedIssuerKey: true }
    await expectVerdict(await verifyBadge(badge, options), false, 'key-binding', 'failed', 'ERR_OB_KEY_UNCONFIRMED')
  })
})

describe('status lists of a confirmed issuer must be signed by a confirmed key', () => {
  const base = 'https://district.example.org/status'
  async function listSignedBy(key: IssuerKey, issuerId: string, vm: string, revoked: number[]) {
    const store = { lists: async () => [{ listId: 'l1', purpose: 'revocation' as const, length: 131072, set: revoked }] } as unknown as IssuerStateStore
    const [list] = await publishStatusLists(store, { baseUrl: base, issuerId, signer: await signerOf(key, vm), validFrom: new Date('2026-10-20T00:00:00Z') })
    return list!.credential
  }

  it('a list in the issuer’s name signed under a did:web fragment key it does not vouch for cannot hide a revocation', async () => {
    const victim = await generateIssuerKey({ identifier: { method: 'did:web', host: 'district.example.org' } })
    const attacker = await generateIssuerKey()
    const credentialStatus = statusEntryOf({ listId: 'l1', index: 5, purpose: 'revocation' } as never, base)
    const badge = await addDataIntegrityProof(await awardedCredential(victim, { credentialStatus }), { signer: await signerOf(victim) })
    const trust = parseTrustList({ issuers: [{ id: victim.issuerId, name: 'Springfield Public Schools', keys: [victim.verificationMethod] }] })
    const genuine = await listSignedBy(victim, victim.issuerId, victim.verificationMethod, [5])
    const revoked = await verifyBadge(badge, { now: NOW, trust, statusLists: new Map([[`${base}/l1`, genuine]]) })
    await expectVerdict(revoked, false, 'status', 'failed', 'ERR_OB_STATUS_REVOKED')
    const forgedVm = `${victim.issuerId}#${attacker.issuerId.slice('did:key:'.length)}`
    const forged = await listSignedBy(attacker, victim.issuerId, forgedVm, [])
    const report = await verifyBadge(badge, { now: NOW, trust, statusLists: new Map([[`${base}/l1`, forged]]) })
    await expectVerdict(report, false, 'status', 'failed', 'ERR_OB_STATUS_LIST_INVALID')
    expect(report.checks.find((c) => c.id === 'status')?.message).toContain('not confirmed')
  })
})

describe('a did:web issuer whose status list is issued under the same key as a did:key (as DCC status services do)', () => {
  const base = 'https://district.example.org/status'
  async function listSignedBy(key: IssuerKey, issuerId: string, vm: string, revoked: number[]) {
    const store = { lists: async () => [{ listId: 'l1', purpose: 'revocation' as const, length: 131072, set: revoked }] } as unknown as IssuerStateStore
    const [list] = await publishStatusLists(store, { baseUrl: base, issuerId, signer: await signerOf(key, vm), validFrom: new Date('2026-10-20T00:00:00Z') })
    return list!.credential
  }
  const didKeyOf = (key: IssuerKey) => `did:key:${key.verificationMethod.split('#')[1]}`
  async function setting(host = 'district.example.org') {
    const issuerKey = await generateIssuerKey({ identifier: { method: 'did:web', host } })
    const credentialStatus = statusEntryOf({ listId: 'l1', index: 5, purpose: 'revocation' } as never, base)
    const badge = await addDataIntegrityProof(await awardedCredential(issuerKey, { credentialStatus }), { signer: await signerOf(issuerKey) })
    const trust = parseTrustList({ issuers: [{ id: issuerKey.issuerId, name: 'Springfield Public Schools', keys: [issuerKey.verificationMethod] }] })
    const sameKeyList = async (revoked: number[]) => listSignedBy(issuerKey, didKeyOf(issuerKey), `${didKeyOf(issuerKey)}#${didKeyOf(issuerKey).slice(8)}`, revoked)
    return { issuerKey, badge, trust, sameKeyList }
  }
  const status = (report: VerificationReport) => report.checks.find((c) => c.id === 'status')

  it('the confirmed issuer key’s did:key issued and signed the list: it is read (not revoked: verified; revoked: ERR_OB_STATUS_REVOKED)', async () => {
    const { badge, trust, sameKeyList } = await setting()
    const fine = await verifyBadge(badge, { now: NOW, trust, statusLists: new Map([[`${base}/l1`, await sameKeyList([])]]) })
    await expectVerdict(fine, true, 'status', 'passed')
    const revoked = await verifyBadge(badge, { now: NOW, trust, statusLists: new Map([[`${base}/l1`, await sameKeyList([5])]]) })
    await expectVerdict(revoked, false, 'status', 'failed', 'ERR_OB_STATUS_REVOKED')
  })
  it('a list issued by another key’s did:key → ERR_OB_STATUS_LIST_INVALID', async () => {
    const { badge, trust } = await setting()
    const other = await generateIssuerKey()
    const list = await listSignedBy(other, other.issuerId, other.verificationMethod, [])
    await expectVerdict(await verifyBadge(badge, { now: NOW, trust, statusLists: new Map([[`${base}/l1`, list]]) }), false, 'status', 'failed', 'ERR_OB_STATUS_LIST_INVALID')
  })
  it('conformance mode: the key is only claimed, so its did:key is no one’s alias → ERR_OB_STATUS_LIST_INVALID', async () => {
    const { badge, sameKeyList } = await setting()
    const report = await verifyBadge(badge, { now: NOW, acceptClaimedKey: true, statusLists: new Map([[`${base}/l1`, await sameKeyList([])]]) })
    await expectVerdict(report, false, 'status', 'failed', 'ERR_OB_STATUS_LIST_INVALID')
  })
  it('a verifier’s cache does not carry the alias to another issuer sharing the list URL', async () => {
    const first = await setting()
    const second = await setting('academy.example.net')
    const verifier = createVerifier({ now: NOW, trust: parseTrustList({ issuers: [...first.trust.issuers, ...second.trust.issuers] }) })
    const list = await first.sameKeyList([])
    await expectVerdict(await verifier.verify(first.badge, { statusLists: new Map([[`${base}/l1`, list]]) }), true, 'status', 'passed')
    const report = await verifier.verify(second.badge, { statusLists: new Map([[`${base}/l1`, list]]) })
    await expectVerdict(report, false, 'status', 'failed', 'ERR_OB_STATUS_LIST_INVALID')
    expect(status(report)?.message).toContain(didKeyOf(first.issuerKey))
  })
})

describe('real-world subjects', () => {
  async function signedWithSubject(change: (subject: Record<string, unknown>) => void) {
    const { key, signer } = await issuer()
    const credential = await awardedCredential(key)
    const subject = credential.credentialSubject as unknown as Record<string, unknown>
    change(subject)
    return addDataIntegrityProof(credential, { signer })
  }

  it('a subject with neither id nor identifier → verified with WARN_OB_SUBJECT_UNIDENTIFIED', async () => {
    const report = await verifyBadge(
      await signedWithSubject((s) => {
        delete s.id
        delete s.identifier
      }),
      { now: NOW },
    )
    await expectVerdict(report, true, 'subject', 'warning', 'WARN_OB_SUBJECT_UNIDENTIFIED')
  })

  it('an unidentified subject whose achievement lacks criteria still fails → ERR_OB_SUBJECT_INVALID', async () => {
    const report = await verifyBadge(
      await signedWithSubject((s) => {
        delete s.id
        delete s.identifier
        delete (s.achievement as Record<string, unknown>).criteria
      }),
      { now: NOW },
    )
    expect(report.checks.find((c) => c.id === 'subject')).toMatchObject({ status: 'failed', code: 'ERR_OB_SUBJECT_INVALID' })
    expect(report.verified).toBe(false)
  })

  it('a subject with an identifier passes without the warning', async () => {
    const report = await verifyBadge(await signedWithSubject(() => {}), { now: NOW })
    await expectVerdict(report, true, 'subject', 'passed')
  })
})
