// Shared inputs for every benchmark side: the same key, credential and date.
import { readFileSync } from 'node:fs'

const root = new URL('../../', import.meta.url).pathname
export const vector = JSON.parse(readFileSync(`${root}test/fixtures/test-vectors/eddsa-rdfc-2022-ob-test-vector.json`, 'utf8'))
const b64u = (hex) => Buffer.from(hex, 'hex').toString('base64url')
export const privateJwk = { kty: 'OKP', crv: 'Ed25519', d: b64u(vector.keyPair.secretKeyHex.slice(0, 64)), x: b64u(vector.keyPair.publicKeyHex) }
export const publicKeyMultibase = vector.keyPair.publicKeyMultibase
export const did = `did:key:${publicKeyMultibase}`
export const verificationMethod = `${did}#${publicKeyMultibase}`
export const date = new Date('2026-01-01T00:00:00Z')
/** The demo-shaped micro-credential, issued by the did:key of the published test key. */
export const credential = (() => {
  const c = JSON.parse(readFileSync(`${root}test/fixtures/generated-credential.json`, 'utf8'))
  c.issuer = { ...c.issuer, id: did }
  c.credentialSubject.achievement.creator = { ...c.credentialSubject.achievement.creator, id: did }
  c.credentialSubject.source = { ...c.credentialSubject.source, id: did }
  c.validFrom = '2026-01-01T00:00:00Z'
  c.awardedDate = '2026-01-01T00:00:00Z'
  return c
})()
/**
 * The same micro-credential awarded to educator `i`: its own id, recipient DID and identity hash, as
 * in a real cohort. Issuance benchmarks sign a different variant each time, so no layer (ours or
 * the baseline's) can reuse a whole document's work; what a cohort truly shares, it shares.
 */
export function credentialFor(i) {
  const n = String(i).padStart(12, '0')
  return {
    ...credential,
    id: `urn:uuid:50000000-0000-4000-8000-${n}`,
    credentialSubject: {
      ...credential.credentialSubject,
      id: `did:example:educator-${n}`,
      identifier: credential.credentialSubject.identifier.map((entry) => ({ ...entry, identityHash: `sha256$${n.padStart(64, '0')}` })),
    },
  }
}
export const dist = `${root}dist/index.js`
/**
 * The 1EdTech test vector's credential (a small "Teamwork" badge, 875 characters), issued by the
 * test key: the size the reference figures were measured at. The micro-credential above is
 * 16× larger (a full template: rubric, criteria, alignments), so size-bound figures are given for both.
 */
export const specCredential = { ...vector.unsignedCredential, issuer: { ...vector.unsignedCredential.issuer, id: did }, validFrom: '2026-01-01T00:00:00Z' }
/** The spec credential awarded to educator `i`: its own id and recipient DID. */
export function specCredentialFor(i) {
  const n = String(i).padStart(12, '0')
  return { ...specCredential, id: `urn:uuid:50000000-0000-4000-8000-${n}`, credentialSubject: { ...specCredential.credentialSubject, id: `did:example:educator-${n}` } }
}
/** `micro` (default): the demo micro-credential; `spec`: the 1EdTech test vector's credential. */
export const variantsOf = (kind = 'micro') => {
  if (kind === 'micro') return credentialFor
  if (kind === 'spec') return specCredentialFor
  throw new Error(`unknown credential kind "${kind}" (micro or spec)`)
}
