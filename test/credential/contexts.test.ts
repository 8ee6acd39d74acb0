import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUNDLED_CONTEXTS } from '../../src/credential/contexts.js'
import { createDocumentLoader } from '../../src/credential/document-loader.js'
import { ROOT } from '../helpers/examples.js'

const spec = (file: string) => JSON.parse(readFileSync(join(ROOT, 'test/fixtures/contexts', file), 'utf8'))

describe('bundled contexts equal the spec’s byte-exact copies', () => {
  it.each([
    ['https://www.w3.org/ns/credentials/v2', 'credentials-v2.jsonld'],
    ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'ob-v3p0-context-3.0.3.json'],
    ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', 'ob-v3p0-context-3.0.2.json'],
    ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json', 'ob-v3p0-context-3.0.1.json'],
    ['https://purl.imsglobal.org/spec/ob/v3p0/context.json', 'ob-v3p0-context-3.0.0.json'],
    ['https://purl.imsglobal.org/spec/ob/v3p0/extensions.json', 'ob-v3p0-extensions.json'],
  ])('%s', (url, file) => {
    expect(BUNDLED_CONTEXTS.get(url)).toEqual(spec(file))
  })
})

describe('bundled contexts equal the published ones (pinned by hash)', () => {
  // SHA-256 of the published context parsed and written back with JSON.stringify (the bytes differ
  // only in whitespace). StatusList2021 (https://w3id.org/vc/status-list/2021/v1): the W3C CCG's
  // contexts/v1.jsonld at "Switch to StatusList2021Entry and StatusList2021Credential" (2022-04-04),
  // which w3id.org now serves from the W3C vc-bitstring-status-list repository's
  // contexts/2021/v1.jsonld, byte-identical; bundled from @digitalbazaar/vc-status-list-context@3.1.1.
  it.each([['https://w3id.org/vc/status-list/2021/v1', '2420f53a4af31944aade1e7b98dc2b2e94fd243438d20864e39b1bbf74dc3c28']])('%s', async (url, sha256) => {
    const bundled = BUNDLED_CONTEXTS.get(url)
    expect(createHash('sha256').update(JSON.stringify(bundled)).digest('hex')).toBe(sha256)
    // Served offline, as every bundled context is.
    expect((await createDocumentLoader()(url)).document).toBe(bundled)
  })
})

describe('createDocumentLoader', () => {
  it('refuses a remote context without a request, even when remote key look-ups are on', async () => {
    let requests = 0
    const fetch = async () => {
      requests++
      return { ok: true, status: 200, text: async () => '{}' }
    }
    await expect(createDocumentLoader()('https://example.org/ctx.jsonld')).rejects.toMatchObject({ code: 'ERR_OB_CONTEXT_NOT_BUNDLED' })
    await expect(createDocumentLoader({ remote: { fetch } })('https://example.org/ctx.jsonld')).rejects.toMatchObject({ code: 'ERR_OB_CONTEXT_NOT_BUNDLED' })
    expect(requests).toBe(0)
    await createDocumentLoader({ remote: { fetch }, allowRemoteContexts: true })('https://example.org/ctx.jsonld')
    expect(requests).toBe(1)
  })
})
