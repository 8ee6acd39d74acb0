import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { afterAll, describe, expect, it } from 'vitest'
import { checkObSchema } from '../../src/credential/ob-schema.js'
import { generateIssuerKey } from '../../src/keys/issuer-keys.js'
import { publishIssuerSite } from '../../src/publish/site.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { signerFromJwk } from '../../src/sign/signer.js'
import { signVcJwt } from '../../src/sign/vc-jwt.js'
import { DirectoryStore } from '../../src/status/directory-store.js'
import { allocateStatus, changeStatus } from '../../src/status/status-list.js'
import { parseTrustList } from '../../src/verify/trust-list.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { awardedCredential } from '../helpers/issue.js'

const dirs: string[] = []
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'microcred-site-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'))
const BASE = 'https://district.example.org'
const PROFILE = { name: 'Springfield Public Schools', url: BASE, email: 'badges@district.example.org', image: `${BASE}/logo.png` }

describe('publishIssuerSite', () => {
  it('writes the profile, did.json, JWK set, achievements, signed status lists and pages', async () => {
    const key = await generateIssuerKey({ identifier: { method: 'did:web', host: 'district.example.org' } })
    const signer = await signerFromJwk(key.privateJwk, { id: key.verificationMethod })
    const store = await DirectoryStore.open(fresh(), { listLength: 64 })
    const id = 'urn:uuid:0f8e4b52-7c1d-4e5a-9b3f-2d6a8c1e0b97'
    const credentialStatus = await allocateStatus(store, { credentialId: id, baseUrl: `${BASE}/status` })
    const unsigned = await awardedCredential(key, { id, credentialStatus })
    const credential = await signDataIntegrity(unsigned, { signer })
    const out = fresh()
    const lcw = 'dccrequest://request?issuer=did%3Aweb%3Adistrict.example.org&vc_request_url=https%3A%2F%2Fdistrict.example.org%2Fexchanges%2Fabc&challenge=xyz'
    const result = await publishIssuerSite({
      outDir: out,
      baseUrl: BASE,
      key,
      profile: PROFILE,
      status: { store },
      credentials: [{ credential, wallet: { lcw } }],
      verifierScript: '/* verifier */',
    })

    const profile = readJson(join(out, 'profile.json'))
    expect(profile).toMatchObject({ id: key.issuerId, type: ['Profile'], ...PROFILE, image: { id: PROFILE.image, type: 'Image' } })
    expect(await checkObSchema(profile, 'profile')).toEqual([])
    expect(readJson(join(out, '.well-known/did.json'))).toEqual(key.publish!.document)
    expect(result.didDocumentUrl).toBe(`${BASE}/.well-known/did.json`)

    const jwks = readJson(join(out, '.well-known/jwks.json'))
    expect(jwks.keys[0]).not.toHaveProperty('d')
    const jwt = await signVcJwt({ ...unsigned, credentialSubject: { ...unsigned.credentialSubject, id: 'did:example:ana' } }, { signer })
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks))
    expect(payload.iss).toBe(key.issuerId)

    const achievements = readJson(join(out, 'achievements/index.json'))
    expect(achievements).toHaveLength(1)
    expect(achievements[0].id).toBe(unsigned.credentialSubject.achievement.id)

    const listUrl = credentialStatus.statusListCredential as string
    const list = readJson(join(out, new URL(listUrl).pathname.slice(1)))
    expect(result.statusLists).toEqual([listUrl])
    // Offline, the did:web issuer's key is confirmed by pinning it (online, by the did.json just published).
    const trust = parseTrustList({ issuers: [{ id: key.issuerId, name: PROFILE.name, keys: [key.verificationMethod] }] })
    const good = await verifyBadge(credential, { trust, statusLists: new Map([[listUrl, list]]) })
    expect(good.verified).toBe(true)

    await changeStatus(store, { credentialId: id, action: 'revoke', reason: 'issued in error' })
    await publishIssuerSite({ outDir: out, baseUrl: BASE, key, profile: PROFILE, status: { store } })
    const revoked = await verifyBadge(credential, { trust, statusLists: new Map([[listUrl, readJson(join(out, new URL(listUrl).pathname.slice(1)))]]) })
    expect(revoked.verified).toBe(false)
    expect(revoked.errors[0]!.code).toBe('ERR_OB_STATUS_REVOKED')

    const page = readFileSync(join(out, 'credentials/0f8e4b52-7c1d-4e5a-9b3f-2d6a8c1e0b97/index.html'), 'utf8')
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page)![1]!
    expect(csp).toContain(`connect-src ${BASE};`)
    expect(csp).not.toContain("connect-src 'self'")
    expect(csp).toContain("default-src 'none'")
    expect(page).toContain('id="wallet-qr"')
    expect(readJson(join(out, 'credentials/0f8e4b52-7c1d-4e5a-9b3f-2d6a8c1e0b97/credential.json'))).toEqual(credential)
  })

  it('puts a did:web document with a path where did:web resolves it', async () => {
    const key = await generateIssuerKey({ identifier: { method: 'did:web', host: 'district.example.org/issuers/pd' } })
    const out = fresh()
    await publishIssuerSite({ outDir: out, baseUrl: BASE, key, profile: PROFILE })
    expect(readJson(join(out, 'issuers/pd/did.json')).id).toBe('did:web:district.example.org:issuers:pd')
  })

  it('refuses a site whose base URL is not where the did:web document must be, and a profile that fails the schema', async () => {
    const key = await generateIssuerKey({ identifier: { method: 'did:web', host: 'other.example.org' } })
    await expect(publishIssuerSite({ outDir: fresh(), baseUrl: BASE, key, profile: PROFILE })).rejects.toMatchObject({ code: 'ERR_OB_ISSUER_INVALID' })
    const didKey = await generateIssuerKey()
    await expect(publishIssuerSite({ outDir: fresh(), baseUrl: BASE, key: didKey, profile: { ...PROFILE, email: 'not an email' } })).rejects.toMatchObject({
      code: 'ERR_OB_ISSUER_INVALID',
    })
    await expect(publishIssuerSite({ outDir: fresh(), baseUrl: 'http://district.example.org', key: didKey, profile: PROFILE })).rejects.toThrow(TypeError)
  })
})
