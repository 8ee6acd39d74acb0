// Type shims for the parts of @digitalbazaar/vc that exchanges (and the tests' wallet) use.
declare module '@digitalbazaar/vc' {
  export function createPresentation(options?: { verifiableCredential?: unknown; id?: string; holder?: string; version?: number }): Record<string, unknown>
  export function signPresentation(options: { presentation: unknown; suite: unknown; challenge: string; domain?: string; documentLoader: unknown }): Promise<Record<string, unknown>>
  export function verify(options: Record<string, unknown>): Promise<{ verified: boolean; error?: unknown; presentationResult?: unknown }>
}
