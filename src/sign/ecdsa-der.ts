import { KeyInvalid } from '../errors.js'

/**
 * Converts a DER-encoded ECDSA signature (`SEQUENCE { r INTEGER, s INTEGER }`, what AWS KMS, Google
 * Cloud KMS, OpenSSL and most HSM SDKs return) into the fixed-size `r‖s` form (IEEE P1363) that JWS
 * (RFC 7518 §3.4) and Data Integrity carry. `size` is the curve's field size in bytes: 32 for P-256.
 * Throws `ERR_OB_KEY_INVALID` for anything that is not exactly such a signature.
 * @example
 * const raw = ecdsaSignatureFromDer(kmsResponse.Signature!) // 64 bytes for ES256
 */
export function ecdsaSignatureFromDer(der: Uint8Array, size = 32): Uint8Array {
  const fail = (why: string): never => {
    throw new KeyInvalid(`not a DER ECDSA signature: ${why}`)
  }
  let at = 0
  const byte = () => (at < der.length ? der[at++]! : fail('truncated'))
  const length = () => {
    const first = byte()
    if (first < 0x80) return first
    if (first !== 0x81) fail('length too long') // a P-256..P-521 signature never needs more than one length byte
    const long = byte()
    if (long < 0x80) fail('non-minimal length')
    return long
  }
  const integer = () => {
    if (byte() !== 0x02) fail('expected an INTEGER')
    const n = length()
    if (n === 0 || at + n > der.length) fail('bad INTEGER length')
    let value = der.subarray(at, at + n)
    at += n
    if (value[0]! & 0x80) fail('negative INTEGER')
    if (value[0] === 0 && value.length > 1) {
      if (!(value[1]! & 0x80)) fail('non-minimal INTEGER')
      value = value.subarray(1)
    }
    if (value.length > size) fail(`INTEGER longer than ${size} bytes`)
    const out = new Uint8Array(size)
    out.set(value, size - value.length)
    return out
  }
  if (byte() !== 0x30) fail('expected a SEQUENCE')
  if (length() !== der.length - at) fail('SEQUENCE length does not match')
  const r = integer()
  const s = integer()
  if (at !== der.length) fail('trailing bytes')
  const raw = new Uint8Array(size * 2)
  raw.set(r, 0)
  raw.set(s, size)
  return raw
}
