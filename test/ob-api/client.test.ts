// The OB 3.0 API client against a fake host on loopback whose every request and response is
// checked against the official 1EdTech OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  discoverObHost,
  finishObAuthorization,
  OB_SCOPES,
  ObApiClient,
  type ObApiTokens,
  type ObHost,
  type RegisteredClient,
  registerObClient,
  startObAuthorization,
} from '../../src/ob-api/client.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { signVcJwt } from '../../src/sign/vc-jwt.js'
import { type FakeObHost, startFakeObHost } from '../helpers/fake-ob-host.js'
import { awardedCredential, issuer } from '../helpers/issue.js'
import { validateResponse } from '../helpers/openapi.js'

const REDIRECT = 'http://127.0.0.1:9/ob/callback'
const insecure = { allowInsecureRequests: true }

describe('OB 3.0 API client against a fake host (OpenAPI-checked)', () => {
  let fake: FakeObHost
  let host: ObHost
  let client: RegisteredClient

  beforeAll(async () => {
    fake = await startFakeObHost()
    host = await discoverObHost(fake.url, insecure)
    client = await registerObClient(host, { clientName: 'Springfield badges', redirectUris: [REDIRECT], ...insecure })
  })
  afterAll(async () => {
    await fake?.close()
  })

  /** The educator's browser: follows the authorization URL to the redirect and hands back the callback URL. */
  async function authorize(scopes: string[] = host.scopes) {
    const pending = await startObAuthorization(host, client, { scopes })
    const response = await fetch(pending.url, { redirect: 'manual' })
    expect(response.status).toBe(302)
    return { pending, callback: new URL(response.headers.get('location')!) }
  }

  it('discovers the host and registers dynamically', () => {
    expect(host.apiBase).toBe(`${fake.url}/ims/ob/v3p0`)
    expect(host.scopes).toContain(OB_SCOPES.credentialUpsert)
    expect(client.client_id).toBeTruthy()
    expect(client.client_secret).toBeTruthy()
  })

  it('authorization code with PKCE, then upsert (create, update), list and profile; all OpenAPI-valid', async () => {
    const { pending, callback } = await authorize()
    const tokens = await finishObAuthorization(host, client, callback, pending, insecure)
    expect(tokens.refreshToken).toBeTruthy()
    const api = new ObApiClient({ host, client, tokens, ...insecure })

    const { key, signer } = await issuer()
    const unsigned = await awardedCredential(key)
    const signed = await signDataIntegrity(unsigned, { signer })
    expect(await api.upsertCredential(signed)).toMatchObject({ created: true })
    expect(await api.upsertCredential(signed)).toMatchObject({ created: false })
    const jwt = await signVcJwt(
      { ...unsigned, id: 'urn:uuid:7e0c2f3a-1b4d-4c5e-8f6a-9b0c1d2e3f40', credentialSubject: { ...unsigned.credentialSubject, id: 'did:example:ana' } },
      { signer },
    )
    expect(await api.upsertCredential(jwt)).toEqual({ created: true, credential: jwt })

    const page = await api.getCredentials({ limit: 10, offset: 0, since: new Date('2020-01-01T00:00:00Z') })
    expect(page.credential).toHaveLength(1)
    expect(page.compactJwsString).toEqual([jwt])
    expect(page.totalCount).toBe(2)
    expect((await api.getCredentials({ limit: 1, offset: 1 })).compactJwsString).toHaveLength(1)
    expect(await api.getProfile()).toMatchObject({ type: ['Profile'], name: 'Ana Rivera' })
    expect(fake.violations).toEqual([])
  })

  it('refreshes an expired access token, and once after a 401, keeping the rotated tokens', async () => {
    fake.accessTokenSeconds = 1
    const { pending, callback } = await authorize([OB_SCOPES.profileReadonly])
    const tokens = await finishObAuthorization(host, client, callback, pending, insecure)
    fake.accessTokenSeconds = 3600
    const stored: ObApiTokens[] = []
    const api = new ObApiClient({ host, client, tokens, onTokens: (t) => void stored.push(t), ...insecure })
    // Expires within the 5 s margin: refreshed before the request.
    await api.getProfile()
    expect(stored).toHaveLength(1)
    expect(stored[0]!.refreshToken).not.toBe(tokens.refreshToken)
    fake.expireAccessTokens()
    await api.getProfile()
    expect(stored).toHaveLength(2)
    expect(fake.violations).toEqual([])
  })

  it('the fake host really checks the document: an out-of-range limit is refused and recorded', async () => {
    const { pending, callback } = await authorize()
    const api = new ObApiClient({ host, client, tokens: await finishObAuthorization(host, client, callback, pending, insecure), ...insecure })
    await expect(api.getCredentials({ limit: 0 })).rejects.toMatchObject({ code: 'ERR_OB_API_REQUEST_FAILED' })
    expect(fake.violations.pop()).toMatch(/limit/)
    expect(() => validateResponse('GET', '/profile', 200, 'application/json', { name: 'no id or type' })).toThrow(/OpenAPI/)
    expect(() => validateResponse('POST', '/credentials', 201, 'text/plain', 'not a jws')).toThrow(/OpenAPI/)
  })

  it('refuses: a callback with the wrong state, a reused code, a bad refresh token, a host answering outside the document', async () => {
    const { pending, callback } = await authorize()
    await expect(finishObAuthorization(host, client, callback, { ...pending, state: 'other' }, insecure)).rejects.toMatchObject({ code: 'ERR_OB_API_REQUEST_FAILED' })
    await finishObAuthorization(host, client, callback, pending, insecure)
    await expect(finishObAuthorization(host, client, callback, pending, insecure)).rejects.toMatchObject({ code: 'ERR_OB_API_REQUEST_FAILED' })
    const api = new ObApiClient({ host, client, tokens: { accessToken: 'expired', refreshToken: 'not-a-refresh-token' }, ...insecure })
    await expect(api.getProfile()).rejects.toMatchObject({ code: 'ERR_OB_API_REQUEST_FAILED' })
    await expect(discoverObHost(`${fake.url}/nowhere`, insecure)).rejects.toMatchObject({ code: 'ERR_OB_API_REQUEST_FAILED' })
    await expect(discoverObHost('http://badges.example.org')).rejects.toMatchObject({ code: 'ERR_OB_API_REQUEST_FAILED' })
  })
})
