/** The raw @digitalbazaar/vc stack every `di-*` row compares against. */
export declare function rawStack(options?: {
  documents?: ReadonlyMap<string, unknown>
  checkStatus?: (options: Record<string, unknown>) => Promise<{ verified: boolean }>
}): Promise<{
  issue(credential: Record<string, unknown>): Promise<Record<string, unknown>>
  verify(credential: Record<string, unknown>): Promise<{ verified: boolean; statusResult?: unknown }>
}>
