import type * as OAuth from 'oauth4webapi'
import type { CompactJwt, OpenBadgeCredential, Profile } from '../credential/types.js'
import { ApiRequestFailed, ApiResponseInvalid } from '../errors.js'
import { isRecord } from '../internal/ids.js'
import { importPeer } from '../internal/peer-dependency.js'

/** The OB 3.0 API's base path on a host (OB 3.0 §6). */
export const OB_API_PATH = '/ims/ob/v3p0'

/** The OAuth 2.0 scopes of the OB 3.0 API. */
export const OB_SCOPES = {
  credentialReadonly: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly',
  credentialUpsert: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert',
  profileReadonly: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly',
  profileUpdate: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.update',
} as const

/** An OB 3.0 host as its Service Description Document describes it. */
export interface ObHost {
  /** `https://host/ims/ob/v3p0` */
  apiBase: string
  authorizationServer: OAuth.AuthorizationServer
  /** Scopes the host offers. */
  scopes: string[]
}

/** A client registered with a host (RFC 7591): keep it, it is reused for every later authorization. */
export interface RegisteredClient {
  client_id: string
  client_secret?: string
  redirect_uris: string[]
  scope?: string
}

/** Tokens from the host's token endpoint, with when the access token expires. */
export interface ObApiTokens {
  accessToken: string
  refreshToken?: string
  /** Epoch milliseconds. */
  expiresAt?: number
  scope?: string
}

export interface ObApiRequestOptions {
  /** Allow http:// (tests on loopback only). @default false */
  allowInsecureRequests?: boolean
  /** @default globalThis.fetch */
  fetch?: typeof fetch
  /** @default 10000 */
  timeoutMs?: number
}

/** `oauth4webapi`, an optional peer: loaded by the first call that speaks OAuth (discovery needs none). */
const loadOauth = (): Promise<typeof OAuth> => importPeer('oauth4webapi', { feature: 'the OB 3.0 API client (microcred/ob-api)', packages: ['oauth4webapi'] }, () => import('oauth4webapi'))

const optionsOf = (oauth: typeof OAuth, { allowInsecureRequests = false, fetch: customFetch, timeoutMs = 10_000 }: ObApiRequestOptions) => ({
  signal: () => AbortSignal.timeout(timeoutMs),
  ...(allowInsecureRequests ? { [oauth.allowInsecureRequests]: true } : {}),
  ...(customFetch ? { [oauth.customFetch]: (url: string, init: object) => customFetch(url, init as RequestInit) } : {}),
})

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * Reads a host's Service Description Document (`GET <host>/ims/ob/v3p0/discovery`) for its OAuth 2.0
 * endpoints: authorization, token, and the dynamic client registration URL (`x-imssf-registrationUrl`).
 * @example
 * const host = await discoverObHost('https://badges.example.org')
 */
export async function discoverObHost(hostUrl: string, options: ObApiRequestOptions = {}): Promise<ObHost> {
  const apiBase = `${hostUrl.replace(/\/+$/, '').replace(new RegExp(`${OB_API_PATH}$`), '')}${OB_API_PATH}`
  const doc = await getJson(`${apiBase}/discovery`, options)
  const schemes = isRecord(doc) && isRecord(doc.components) && isRecord(doc.components.securitySchemes) ? doc.components.securitySchemes : undefined
  const scheme = schemes && Object.values(schemes).find((s) => isRecord(s) && s.type === 'oauth2' && isRecord(s.flows) && isRecord(s.flows.authorizationCode))
  if (!isRecord(scheme) || !isRecord(scheme.flows) || !isRecord(scheme.flows.authorizationCode))
    throw new ApiResponseInvalid(`${apiBase}/discovery: no OAuth 2.0 authorization code flow in "components.securitySchemes"`)
  const flow = scheme.flows.authorizationCode
  const registration = scheme['x-imssf-registrationUrl']
  const urls = { authorizationUrl: flow.authorizationUrl, tokenUrl: flow.tokenUrl, registrationUrl: registration }
  for (const [name, value] of Object.entries(urls)) {
    if (typeof value !== 'string' || !URL.canParse(value)) throw new ApiResponseInvalid(`${apiBase}/discovery: "${name}" is not a URL (got ${JSON.stringify(value)})`)
  }
  return {
    apiBase,
    scopes: isRecord(flow.scopes) ? Object.keys(flow.scopes) : [],
    authorizationServer: {
      issuer: new URL(apiBase).origin,
      authorization_endpoint: urls.authorizationUrl as string,
      token_endpoint: urls.tokenUrl as string,
      registration_endpoint: urls.registrationUrl as string,
      code_challenge_methods_supported: ['S256'],
    },
  }
}

export interface RegisterClientOptions extends ObApiRequestOptions {
  clientName: string
  /** Where the host sends the educator back with the authorization code. */
  redirectUris: string[]
  /** @default every OB 3.0 scope the host offers */
  scopes?: string[]
  clientUri?: string
  logoUri?: string
  tosUri?: string
  policyUri?: string
  softwareId?: string
  softwareVersion?: string
}

/**
 * Registers this issuer as an OAuth 2.0 client of the host (RFC 7591 dynamic client registration,
 * as OB 3.0 §6.2 requires), by `oauth4webapi`.
 * @example
 * const client = await registerObClient(host, { clientName: 'District badges', redirectUris: ['https://district.example.org/ob/callback'] })
 */
export async function registerObClient(host: ObHost, { clientName, redirectUris, scopes = host.scopes, clientUri, logoUri, tosUri, policyUri, softwareId, softwareVersion, ...request }: RegisterClientOptions): Promise<RegisteredClient> {
  const metadata = {
    client_name: clientName,
    redirect_uris: redirectUris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    scope: scopes.join(' '),
    ...(clientUri ? { client_uri: clientUri } : {}),
    ...(logoUri ? { logo_uri: logoUri } : {}),
    ...(tosUri ? { tos_uri: tosUri } : {}),
    ...(policyUri ? { policy_uri: policyUri } : {}),
    ...(softwareId ? { software_id: softwareId } : {}),
    ...(softwareVersion ? { software_version: softwareVersion } : {}),
  }
  const oauth = await loadOauth()
  let client: Awaited<ReturnType<typeof OAuth.processDynamicClientRegistrationResponse>>
  try {
    client = await oauth.processDynamicClientRegistrationResponse(await oauth.dynamicClientRegistrationRequest(host.authorizationServer, metadata, optionsOf(oauth, request)))
  } catch (cause) {
    throw new ApiRequestFailed(`client registration at ${host.authorizationServer.registration_endpoint} failed: ${describeError(cause)}`, { cause })
  }
  return {
    client_id: client.client_id,
    ...(typeof client.client_secret === 'string' ? { client_secret: client.client_secret } : {}),
    redirect_uris: redirectUris,
    scope: typeof client.scope === 'string' ? client.scope : metadata.scope,
  }
}

/** What to keep between sending the educator to the host and the callback. */
export interface PendingAuthorization {
  url: string
  state: string
  codeVerifier: string
  redirectUri: string
}

/**
 * The authorization request (authorization code with PKCE S256) to send the educator to.
 * @example
 * const pending = await startObAuthorization(host, client, { redirectUri, scopes: [OB_SCOPES.credentialUpsert] })
 * // redirect to pending.url; keep pending.state and pending.codeVerifier in the session
 */
export async function startObAuthorization(
  host: ObHost,
  client: RegisteredClient,
  { redirectUri = client.redirect_uris[0]!, scopes = host.scopes }: { redirectUri?: string; scopes?: string[] } = {},
): Promise<PendingAuthorization> {
  const oauth = await loadOauth()
  const codeVerifier = oauth.generateRandomCodeVerifier()
  const state = oauth.generateRandomState()
  const url = new URL(host.authorizationServer.authorization_endpoint!)
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('client_id', client.client_id)
  url.searchParams.set('redirect_uri', redirectUri)
  url.searchParams.set('scope', scopes.join(' '))
  url.searchParams.set('state', state)
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier))
  url.searchParams.set('code_challenge_method', 'S256')
  return { url: url.href, state, codeVerifier, redirectUri }
}

const clientAuthOf = (oauth: typeof OAuth, client: RegisteredClient) => (client.client_secret ? oauth.ClientSecretBasic(client.client_secret) : oauth.None())

function tokensOf(response: OAuth.TokenEndpointResponse, previous?: ObApiTokens): ObApiTokens {
  const refreshToken = response.refresh_token ?? previous?.refreshToken
  return {
    accessToken: response.access_token,
    ...(refreshToken ? { refreshToken } : {}),
    ...(typeof response.expires_in === 'number' ? { expiresAt: Date.now() + response.expires_in * 1000 } : {}),
    ...(typeof response.scope === 'string' ? { scope: response.scope } : {}),
  }
}

/**
 * Finishes the authorization: checks the callback's `state`, then exchanges the code (with the
 * PKCE verifier) for tokens.
 * @example
 * const tokens = await finishObAuthorization(host, client, new URL(request.url), pending)
 */
export async function finishObAuthorization(host: ObHost, client: RegisteredClient, callbackUrl: URL, pending: PendingAuthorization, options: ObApiRequestOptions = {}): Promise<ObApiTokens> {
  const oauth = await loadOauth()
  try {
    const oauthClient = { client_id: client.client_id }
    const parameters = oauth.validateAuthResponse(host.authorizationServer, oauthClient, callbackUrl, pending.state)
    const response = await oauth.authorizationCodeGrantRequest(host.authorizationServer, oauthClient, clientAuthOf(oauth, client), parameters, pending.redirectUri, pending.codeVerifier, optionsOf(oauth, options))
    return tokensOf(await oauth.processAuthorizationCodeResponse(host.authorizationServer, oauthClient, response))
  } catch (cause) {
    throw new ApiRequestFailed(`the authorization could not be completed: ${describeError(cause)}`, { cause })
  }
}

/** A page of `GET /credentials`. */
export interface CredentialsPage {
  /** Data Integrity (JSON) credentials. */
  credential: OpenBadgeCredential[]
  /** VC-JWT credentials. */
  compactJwsString: CompactJwt[]
  /** `X-Total-Count`, when the host sends it. */
  totalCount?: number
}

export interface ObApiClientOptions extends ObApiRequestOptions {
  host: ObHost
  client: RegisteredClient
  tokens: ObApiTokens
  /** Called with new tokens after a refresh, to store them. */
  onTokens?: (tokens: ObApiTokens) => void | Promise<void>
}

/**
 * An OB 3.0 API client for one educator's authorization: upserts and reads credentials, reads the
 * profile, refreshing the access token when it has expired (or is refused once with 401).
 * @example
 * const api = new ObApiClient({ host, client, tokens })
 * await api.upsertCredential(signedCredential)
 */
export class ObApiClient {
  private tokens: ObApiTokens
  private readonly options: ObApiClientOptions

  constructor(options: ObApiClientOptions) {
    this.options = options
    this.tokens = options.tokens
  }

  /** Trades the refresh token for new tokens. */
  async refresh(): Promise<ObApiTokens> {
    const { host, client } = this.options
    if (!this.tokens.refreshToken) throw new ApiRequestFailed('the access token expired and there is no refresh token; authorize again')
    const oauth = await loadOauth()
    try {
      const oauthClient = { client_id: client.client_id }
      const response = await oauth.refreshTokenGrantRequest(host.authorizationServer, oauthClient, clientAuthOf(oauth, client), this.tokens.refreshToken, optionsOf(oauth, this.options))
      this.tokens = tokensOf(await oauth.processRefreshTokenResponse(host.authorizationServer, oauthClient, response), this.tokens)
    } catch (cause) {
      throw new ApiRequestFailed(`the token refresh failed: ${describeError(cause)}`, { cause })
    }
    await this.options.onTokens?.(this.tokens)
    return this.tokens
  }

  /**
   * `POST /credentials`: creates or replaces a credential on the host (JSON for Data Integrity,
   * `text/plain` for a VC-JWT). Resolves what the host stored and whether it was new (201) or updated (200).
   */
  async upsertCredential(credential: OpenBadgeCredential | CompactJwt): Promise<{ created: boolean; credential: OpenBadgeCredential | CompactJwt }> {
    const isJwt = typeof credential === 'string'
    const response = await this.send('POST', '/credentials', isJwt ? { type: 'text/plain', body: credential } : { type: 'application/json', body: JSON.stringify(credential) })
    if (response.status !== 200 && response.status !== 201) throw await failure(response, 'POST /credentials')
    const text = await response.text()
    if (isJwt) {
      if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/.test(text.trim())) throw new ApiResponseInvalid('POST /credentials: the host did not answer with a compact JWS')
      return { created: response.status === 201, credential: text.trim() as CompactJwt }
    }
    const body = parseJson(text, 'POST /credentials')
    if (!isRecord(body) || !Array.isArray(body.type)) throw new ApiResponseInvalid('POST /credentials: the host did not answer with a credential')
    return { created: response.status === 201, credential: body as unknown as OpenBadgeCredential }
  }

  /** `GET /credentials`: one page of the educator's credentials on the host. */
  async getCredentials({ limit, offset, since }: { limit?: number; offset?: number; since?: Date } = {}): Promise<CredentialsPage> {
    const query = new URLSearchParams()
    if (limit !== undefined) query.set('limit', String(limit))
    if (offset !== undefined) query.set('offset', String(offset))
    if (since) query.set('since', since.toISOString().replace(/\.\d{3}Z$/, 'Z'))
    const response = await this.send('GET', `/credentials${query.size ? `?${query}` : ''}`)
    if (response.status !== 200) throw await failure(response, 'GET /credentials')
    const body = parseJson(await response.text(), 'GET /credentials')
    if (!isRecord(body)) throw new ApiResponseInvalid('GET /credentials: the body is not an object')
    const credential = body.credential ?? []
    const compact = body.compactJwsString ?? []
    if (!Array.isArray(credential) || !credential.every(isRecord)) throw new ApiResponseInvalid('GET /credentials: "credential" is not an array of credentials')
    if (!Array.isArray(compact) || !compact.every((s) => typeof s === 'string')) throw new ApiResponseInvalid('GET /credentials: "compactJwsString" is not an array of strings')
    const total = Number(response.headers.get('x-total-count') ?? Number.NaN)
    return {
      credential: credential as unknown as OpenBadgeCredential[],
      compactJwsString: compact as CompactJwt[],
      ...(Number.isInteger(total) && total >= 0 ? { totalCount: total } : {}),
    }
  }

  /** `GET /profile`: the authorizing educator's profile on the host. */
  async getProfile(): Promise<Profile> {
    const response = await this.send('GET', '/profile')
    if (response.status !== 200) throw await failure(response, 'GET /profile')
    const body = parseJson(await response.text(), 'GET /profile')
    if (!isRecord(body) || typeof body.id !== 'string' || !Array.isArray(body.type) || !body.type.includes('Profile'))
      throw new ApiResponseInvalid('GET /profile: the body is not an OB 3.0 Profile')
    return body as unknown as Profile
  }

  private async send(method: 'GET' | 'POST', path: string, body?: { type: string; body: string }): Promise<Response> {
    if (this.tokens.expiresAt !== undefined && this.tokens.expiresAt <= Date.now() + 5_000 && this.tokens.refreshToken) await this.refresh()
    const oauth = await loadOauth()
    const request = async () => {
      const headers = new Headers({ accept: 'application/json', ...(body ? { 'content-type': body.type } : {}) })
      try {
        return await oauth.protectedResourceRequest(this.tokens.accessToken, method, new URL(`${this.options.host.apiBase}${path}`), headers, body?.body ?? null, optionsOf(oauth, this.options))
      } catch (cause) {
        // oauth4webapi raises on a 401 with a WWW-Authenticate challenge: let the caller refresh once.
        if (cause instanceof oauth.WWWAuthenticateChallengeError) return cause.response
        throw new ApiRequestFailed(`${method} ${path} failed: ${describeError(cause)}`, { cause })
      }
    }
    let response = await request()
    if (response.status === 401 && this.tokens.refreshToken) {
      await this.refresh()
      response = await request()
    }
    return response
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new ApiResponseInvalid(`${what}: the body is not JSON`, { cause })
  }
}

/** A refused request, with the host's `imsx_StatusInfo` description when it sent one. */
async function failure(response: Response, what: string): Promise<ApiRequestFailed> {
  let detail = ''
  try {
    const body = (await response.json()) as Record<string, unknown>
    if (typeof body.imsx_description === 'string') detail = `: ${body.imsx_codeMajor ?? ''} ${body.imsx_description}`.trimEnd()
  } catch {}
  return new ApiRequestFailed(`${what} answered ${response.status}${detail}`)
}

async function getJson(url: string, options: ObApiRequestOptions): Promise<unknown> {
  if (!options.allowInsecureRequests && new URL(url).protocol !== 'https:') throw new ApiRequestFailed(`"${url}" is not https`)
  let response: Response
  try {
    response = await (options.fetch ?? fetch)(url, { headers: { accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) })
  } catch (cause) {
    throw new ApiRequestFailed(`GET ${url} failed: ${describeError(cause)}`, { cause })
  }
  if (!response.ok) throw await failure(response, `GET ${url}`)
  return parseJson(await response.text(), `GET ${url}`)
}
