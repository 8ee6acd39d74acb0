// Test-only modules without bundled types.
declare module 'png-chunks-encode' {
  function encode(chunks: { name: string; data: Uint8Array }[]): Uint8Array
  export default encode
}
declare module '@digitalbazaar/vc-bitstring-status-list' {
  export function checkStatus(options: { credential: unknown; documentLoader: unknown; suite: unknown; verifyBitstringStatusListCredential?: boolean }): Promise<{ verified: boolean; error?: unknown }>
}
