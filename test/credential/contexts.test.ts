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
