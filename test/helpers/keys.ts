import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PrivateJwk } from '../../src/keys/jwk.js'
import { signerFromJwk } from '../../src/sign/signer.js'
import { ROOT } from './examples.js'

/** The published 1EdTech TEST key pair of the eddsa-rdfc-2022 test vector. */
export const TEST_VECTOR = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/test-vectors/eddsa-rdfc-2022-ob-test-vector.json'), 'utf8'))

const b64u = (hex: string) => Buffer.from(hex, 'hex').toString('base64url')

export const TEST_VECTOR_JWK: PrivateJwk = {
  kty: 'OKP',
  crv: 'Ed25519',
  d: b64u(TEST_VECTOR.keyPair.secretKeyHex.slice(0, 64)),
  x: b64u(TEST_VECTOR.keyPair.publicKeyHex),
}

export function testVectorSigner(id: string = TEST_VECTOR.keyPair.id) {
  return signerFromJwk(TEST_VECTOR_JWK, { id })
}
