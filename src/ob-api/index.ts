// microcred/ob-api: an OB 3.0 REST API client (dynamic client registration, authorization code with PKCE, refresh, credentials, profile).
export {
  type CredentialsPage,
  discoverObHost,
  finishObAuthorization,
  OB_API_PATH,
  OB_SCOPES,
  ObApiClient,
  type ObApiClientOptions,
  type ObApiRequestOptions,
  type ObApiTokens,
  type ObHost,
  type PendingAuthorization,
  type RegisterClientOptions,
  type RegisteredClient,
  registerObClient,
  startObAuthorization,
} from './client.js'
