import { mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { didWebDocumentUrl, didWebFromHost, generateIssuerKey } from '../../src/keys/issuer-keys.js'
import { readKeyFile, writeKeyFile } from '../../src/keys/key-file.js'
import { resolveVerificationMethod } from '../../src/keys/resolve-key.js'

describe('generateIssuerKey', () => {
  it.each([
    ['EdDSA', /^did:key:z6Mk/],
    ['ES256', /^did:key:zDna/],
  ] as const)('%s did:key: the verification method resolves offline to the same key', async (algorithm, pattern) => {
    const key = await generateIssuerKey({ algorithm })
    expect(key.issuerId).toMatch(pattern)
    const resolved = await resolveVerificationMethod(key.verificationMethod)
    expect(resolved).toMatchObject({ controller: key.issuerId, confirmed: true, source: 'did:key' })
    expect(resolved.publicJwk.x).toBe(key.publicJwk.x)
  })

  it('RSA-2048 did:web: emits the DID document to host, listing the key under assertionMethod', async () => {
    const key = await generateIssuerKey({ algorithm: 'RS256', identifier: { method: 'did:web', host: 'district.example.org/issuers/pd' } })
    expect(key.issuerId).toBe('did:web:district.example.org:issuers:pd')
    expect(key.publish?.url).toBe('https://district.example.org/issuers/pd/did.json')
    expect(key.publish?.document).toMatchObject({ id: key.issuerId, assertionMethod: [key.verificationMethod] })
    expect(Buffer.from(key.publicJwk.n!, 'base64url').byteLength).toBe(256)
    expect(JSON.stringify(key.publish)).not.toContain('"d"')
  })

  it('RSA cannot be a did:key', async () => {
    await expect(generateIssuerKey({ algorithm: 'RS256' })).rejects.toMatchObject({ code: 'ERR_OB_KEY_INVALID' })
  })

  it('did:web names and document URLs', () => {
    expect(didWebFromHost('example.org')).toBe('did:web:example.org')
    expect(didWebDocumentUrl('did:web:example.org')).toBe('https://example.org/.well-known/did.json')
    expect(didWebFromHost('localhost:8443')).toBe('did:web:localhost%3A8443')
    expect(() => didWebFromHost('not a host')).toThrow(expect.objectContaining({ code: 'ERR_OB_KEY_INVALID' }))
  })
})

describe('key files', () => {
  it('are written with mode 0600 and read back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'microcred-keys-'))
    const path = join(dir, 'issuer.key.json')
    const key = await generateIssuerKey()
    await writeKeyFile(path, key)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(await readKeyFile(path)).toEqual(key)
  })
  it('refuse a file that is not a private issuer key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'microcred-keys-'))
    const path = join(dir, 'public.json')
    const key = await generateIssuerKey()
    writeFileSync(path, JSON.stringify({ ...key, privateJwk: key.publicJwk }))
    await expect(readKeyFile(path)).rejects.toMatchObject({ code: 'ERR_OB_KEY_INVALID' })
    await expect(readKeyFile(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'ERR_OB_KEY_INVALID' })
  })
})

describe('resolveVerificationMethod', () => {
  it('reads a key from the fragment offline, unconfirmed', async () => {
    const vm = 'https://example.com/issuers/876543#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi'
    expect(await resolveVerificationMethod(vm)).toMatchObject({ controller: 'https://example.com/issuers/876543', confirmed: false, source: 'fragment' })
  })
  it('refuses what needs the network when remote is off, and unknown methods', async () => {
    await expect(resolveVerificationMethod('did:web:example.org#key-1')).rejects.toMatchObject({ code: 'ERR_OB_KEY_UNRESOLVED' })
    await expect(resolveVerificationMethod('did:example:123#k')).rejects.toMatchObject({ code: 'ERR_OB_KEY_UNRESOLVED' })
    await expect(resolveVerificationMethod('did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi#z6MkOther')).rejects.toMatchObject({ code: 'ERR_OB_KEY_UNRESOLVED' })
  })
  it('did:web over an injected fetch: key material only (binding is decided from the issuer’s side); must be under assertionMethod', async () => {
    const key = await generateIssuerKey({ algorithm: 'EdDSA', identifier: { method: 'did:web', host: 'district.example.org' } })
    const vm = `${key.issuerId}#key-1`
    const [method] = key.publish!.document.verificationMethod as Record<string, unknown>[]
    const document = { ...key.publish!.document, verificationMethod: [{ ...method, id: vm, controller: 'did:web:someone-else.example' }], assertionMethod: [vm] }
    const serve = (doc: unknown) => async (url: string) => ({ ok: url === key.publish!.url, status: 200, text: async () => JSON.stringify(doc) })
    const resolved = await resolveVerificationMethod(vm, { remote: { fetch: serve(document) } })
    // The method's own "controller" claim is ignored: the controller is the DID the id is under.
    expect(resolved).toMatchObject({ controller: key.issuerId, confirmed: false, source: 'did:web', publicKeyMultibase: method!.publicKeyMultibase })
    await expect(resolveVerificationMethod(vm, { remote: { fetch: serve({ ...document, assertionMethod: [] }) } })).rejects.toMatchObject({ code: 'ERR_OB_KEY_NOT_ISSUER' })
  })
  it('refuses plain http and oversized documents', async () => {
    const big = async () => ({ ok: true, status: 200, text: async () => 'x'.repeat(300_000) })
    await expect(resolveVerificationMethod('https://example.org/key#k1', { remote: { fetch: big } })).rejects.toMatchObject({ code: 'ERR_OB_FETCH_REFUSED', message: expect.stringContaining('larger') })
    await expect(resolveVerificationMethod('http://example.org/key#k1', { remote: { fetch: big } })).rejects.toMatchObject({ code: 'ERR_OB_KEY_UNRESOLVED' })
  })
})
