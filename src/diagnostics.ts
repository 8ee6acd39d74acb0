// Not part of the public API (no entry in package.json "exports"): built to dist/diagnostics.js so CI
// can ask the built package whether its jsonld hook is active, without exposing the hook from the root.
export { type HookState as JsonLdContextSharingState, jsonLdContextSharingStatus } from './internal/jsonld-context-sharing.js'
