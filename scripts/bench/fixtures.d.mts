import type { OpenBadgeCredential, PrivateJwk } from '../../src/index.js'

export declare const privateJwk: PrivateJwk
export declare const verificationMethod: string
export declare const did: string
export declare const publicKeyMultibase: string
export declare const date: Date
export declare const credential: OpenBadgeCredential
export declare const dist: string
export declare const vector: Record<string, unknown>
