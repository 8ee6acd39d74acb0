// microcred/server: the issuer's endpoints as Fetch-API handlers, and a small server running them.
export { exchangeRequest, interactionRequest } from './exchange-handler.js'
export { type BodyLimits, DEFAULT_MAX_BODY_BYTES, errorResponse, HttpRefusal, jsonResponse, readBody, readFormBody, readJsonBody } from './http.js'
export { createIssuerHandler, type IssuerHandlerOptions, issuerRouter, type RouteSet } from './issuer-handler.js'
export { type FetchHandler, type HandlerLimits, withLimits } from './limits.js'
export { assertServeDependencies, type RunningServer, type ServeIssuerOptions, serveIssuer } from './serve.js'
export { type VerifyHandlerOptions, verifyRequest } from './verify-handler.js'
