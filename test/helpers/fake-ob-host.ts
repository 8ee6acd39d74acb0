// A fake OB 3.0 host on loopback: discovery, RFC 7591 registration, authorization code with PKCE,
// refresh, /credentials and /profile. Every API request and response is checked against the
// official OpenAPI document; violations are recorded (and answered with 500) for the test to assert.
import { createHash, randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { OAS, validateRequest, validateResponse } from './openapi.js'

const token = () => randomBytes(18).toString('base64url')

export interface FakeObHost {
  url: string
  violations: string[]
  /** Requests the API saw, as `METHOD path`. */
  log: string[]
  credentials: Map<string, unknown>
  /** Make every issued access token expire after this many seconds. */
  accessTokenSeconds: number
  /** Revoke all current access tokens (the next API call gets 401). */
  expireAccessTokens(): void
  close(): Promise<void>
}

export async function startFakeObHost(): Promise<FakeObHost> {
  const app = new Hono()
  const clients = new Map<string, { secret: string; redirectUris: string[] }>()
  const codes = new Map<string, { clientId: string; redirectUri: string; challenge: string; scope: string }>()
  const accessTokens = new Map<string, { expiresAt: number; scope: string }>()
  const refreshTokens = new Map<string, { clientId: string; scope: string }>()
  const host: Omit<FakeObHost, 'url' | 'close'> = {
    violations: [],
    log: [],
    credentials: new Map(),
    accessTokenSeconds: 3600,
    expireAccessTokens: () => accessTokens.clear(),
  }
  let base = ''

  const issueTokens = (clientId: string, scope: string) => {
    const access = token()
    const refresh = token()
    accessTokens.set(access, { expiresAt: Date.now() + host.accessTokenSeconds * 1000, scope })
    refreshTokens.set(refresh, { clientId, scope })
    return { access_token: access, token_type: 'Bearer', expires_in: host.accessTokenSeconds, refresh_token: refresh, scope }
  }
  const clientOf = (authorization: string | undefined) => {
    const [id, secret] = Buffer.from((authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':').map(decodeURIComponent)
    const client = id ? clients.get(id) : undefined
    return client && client.secret === secret ? id : undefined
  }

  app.get('/ims/ob/v3p0/discovery', (c) => {
    const sdd = {
      openapi: '3.0.1',
      info: { title: 'Fake OB host', version: '3.0', termsOfService: `${base}/tos`, 'x-imssf-privacyPolicyUrl': `${base}/privacy` },
      components: {
        securitySchemes: {
          OAuth2ACG: {
            type: 'oauth2',
            'x-imssf-registrationUrl': `${base}/register`,
            flows: { authorizationCode: { authorizationUrl: `${base}/authorize`, tokenUrl: `${base}/token`, refreshUrl: `${base}/token`, scopes: OAS.components.securitySchemes.OAuth2ACG.flows.authorizationCode.scopes } },
          },
        },
        schemas: {},
      },
    }
    try {
      validateResponse('GET', '/discovery', 200, 'application/json', sdd)
    } catch (error) {
      host.violations.push((error as Error).message)
    }
    return c.json(sdd)
  })
  app.post('/register', async (c) => {
    const body = await c.req.json()
    if (!Array.isArray(body.redirect_uris) || body.redirect_uris.length === 0 || !body.client_name) return c.json({ error: 'invalid_client_metadata' }, 400)
    if (!body.grant_types?.includes('authorization_code')) return c.json({ error: 'invalid_client_metadata' }, 400)
    const clientId = token()
    const secret = token()
    clients.set(clientId, { secret, redirectUris: body.redirect_uris })
    return c.json({ ...body, client_id: clientId, client_secret: secret, client_id_issued_at: Math.floor(Date.now() / 1000), client_secret_expires_at: 0 }, 201)
  })
  app.get('/authorize', (c) => {
    const q = new URL(c.req.url).searchParams
    const client = clients.get(q.get('client_id') ?? '')
    const redirectUri = q.get('redirect_uri') ?? ''
    if (!client?.redirectUris.includes(redirectUri)) return c.text('unknown client or redirect_uri', 400)
    if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) return c.text('PKCE S256 is required', 400)
    const code = token()
    codes.set(code, { clientId: q.get('client_id')!, redirectUri, challenge: q.get('code_challenge')!, scope: q.get('scope') ?? '' })
    const back = new URL(redirectUri)
    back.searchParams.set('code', code)
    back.searchParams.set('state', q.get('state') ?? '')
    return c.redirect(back.href, 302)
  })
  app.post('/token', async (c) => {
    const clientId = clientOf(c.req.header('authorization'))
    if (!clientId) return c.json({ error: 'invalid_client' }, 401)
    const form = new URLSearchParams(await c.req.text())
    if (form.get('grant_type') === 'authorization_code') {
      const grant = codes.get(form.get('code') ?? '')
      codes.delete(form.get('code') ?? '')
      const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url')
      if (!grant || grant.clientId !== clientId || grant.redirectUri !== form.get('redirect_uri') || grant.challenge !== challenge) return c.json({ error: 'invalid_grant' }, 400)
      return c.json(issueTokens(clientId, grant.scope))
    }
    if (form.get('grant_type') === 'refresh_token') {
      const grant = refreshTokens.get(form.get('refresh_token') ?? '')
      refreshTokens.delete(form.get('refresh_token') ?? '')
      if (!grant || grant.clientId !== clientId) return c.json({ error: 'invalid_grant' }, 400)
      return c.json(issueTokens(clientId, grant.scope))
    }
    return c.json({ error: 'unsupported_grant_type' }, 400)
  })

  // The API, wrapped: request checked, then response checked, against the OpenAPI document.
  app.all('/ims/ob/v3p0/:resource{credentials|profile}', async (c) => {
    const path = `/${c.req.param('resource')}`
    const method = c.req.method
    host.log.push(`${method} ${path}`)
    const query = new URL(c.req.url).searchParams
    const contentType = c.req.header('content-type')
    const text = method === 'POST' ? await c.req.text() : undefined
    const body = text === undefined ? undefined : contentType?.startsWith('application/json') ? JSON.parse(text) : text
    const respond = (status: number, type: 'application/json' | 'text/plain', payload: unknown, headers: Record<string, string> = {}) => {
      try {
        validateResponse(method, path, status, type, payload)
      } catch (error) {
        host.violations.push((error as Error).message)
        return c.json({ imsx_codeMajor: 'failure', imsx_severity: 'error', imsx_description: 'response violated the OpenAPI document' }, 500)
      }
      return new Response(type === 'text/plain' ? String(payload) : JSON.stringify(payload), { status, headers: { 'content-type': type, ...headers } })
    }
    const status = (code: number, description: string) => respond(code, 'application/json', { imsx_codeMajor: 'failure', imsx_severity: 'error', imsx_description: description })
    try {
      validateRequest(method, path, query, contentType, body)
    } catch (error) {
      host.violations.push((error as Error).message)
      return status(400, (error as Error).message)
    }
    const access = accessTokens.get((c.req.header('authorization') ?? '').replace(/^Bearer /, ''))
    if (!access || access.expiresAt <= Date.now()) return status(401, 'the access token is not valid')
    if (path === '/profile') return respond(200, 'application/json', { id: 'https://host.example/educators/ana', type: ['Profile'], name: 'Ana Rivera', email: 'ana@district.example.org' })
    if (method === 'GET') {
      const all = [...host.credentials.values()]
      const offset = Number(query.get('offset') ?? 0)
      const limit = Number(query.get('limit') ?? all.length)
      const page = all.slice(offset, offset + limit)
      return respond(
        200,
        'application/json',
        { credential: page.filter((x) => typeof x !== 'string'), compactJwsString: page.filter((x) => typeof x === 'string') },
        { 'x-total-count': String(all.length) },
      )
    }
    const id = typeof body === 'string' ? JSON.parse(Buffer.from(body.split('.')[1]!, 'base64url').toString()).jti : (body as { id: string }).id
    const existed = host.credentials.has(id)
    host.credentials.set(id, body)
    return respond(existed ? 200 : 201, typeof body === 'string' ? 'text/plain' : 'application/json', body)
  })

  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`
      resolve(Object.assign(host, { url: base, close: () => new Promise<void>((done) => server.close(() => done())) }) as FakeObHost)
    })
  })
}
