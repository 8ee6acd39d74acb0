// PKCS#11 3.0 values that pkcs11js 2.1 does not export (Edwards curves came with v3.0).
export const CKK_EC_EDWARDS = 0x40
export const CKM_EC_EDWARDS_KEY_PAIR_GEN = 0x1055
export const CKM_EDDSA = 0x1057

/** DER of the curve OIDs, as CKA_EC_PARAMS holds them. */
export const P256_OID_DER = Uint8Array.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07])
export const ED25519_OID_DER = Uint8Array.from([0x06, 0x03, 0x2b, 0x65, 0x70])
/** PKCS#11 3.0 also names Edwards curves by a PrintableString ("edwards25519"); some tokens store that form. */
export const ED25519_NAME_DER = Uint8Array.from([0x13, 0x0c, ...new TextEncoder().encode('edwards25519')])
