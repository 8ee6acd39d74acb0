// Test-only modules without bundled types.
declare module 'png-chunks-encode' {
  function encode(chunks: { name: string; data: Uint8Array }[]): Uint8Array
  export default encode
}
