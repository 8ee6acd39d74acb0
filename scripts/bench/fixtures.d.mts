import type { OpenBadgeCredential, PrivateJwk } from '../../src/index.js'

export declare const privateJwk: PrivateJwk
export declare const verificationMethod: string
export declare const did: string
export declare const publicKeyMultibase: string
export declare const date: Date
export declare const credential: OpenBadgeCredential
/** The credential awarded to educator `i` (own id, recipient DID and identity hash). */
export declare function credentialFor(i: number): OpenBadgeCredential
export declare const dist: string
export declare const vector: Record<string, unknown>
/** The 1EdTech test vector's credential, issued by the test key. */
export declare const specCredential: OpenBadgeCredential
export declare function specCredentialFor(i: number): OpenBadgeCredential
export declare function variantsOf(kind?: string): (i: number) => OpenBadgeCredential
