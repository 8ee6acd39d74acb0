// Key binding against a trust list that pins keys, with remote resolution on: a pin narrows what the
// issuer's published document says, it does not widen it (a compromised web host, or a key the
// recognizer has dropped, must not confirm a badge). Every case asserts the verdict and the code.
import { beforeAll, describe, expect, it } from 'vitest'
import type { OpenBadgeCredential } from '../../src/credential/types.js'
import type { RemoteOptions } from '../../src/internal/safe-fetch.js'
import { generateIssuerKey, type IssuerKey } from '../../src/keys/issuer-keys.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { signerFromJwk } from '../../src/sign/signer.js'
import { createVerifier } from '../../src/verify/create-verifier.js'
import type { VerificationReport } from '../../src/verify/report.js'
import { parseTrustList, type TrustList } from '../../src/verify/trust-list.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { awardedCredential, NOW } from '../helpers/issue.js'

const HOST = 'district.example.org'
let pinnedKey: IssuerKey
let otherKey: IssuerKey
let remote: RemoteOptions
let trust: TrustList
let byPinned: OpenBadgeCredential
let byOther: OpenBadgeCredential

const binding = (report: VerificationReport) => report.checks.find((c) => c.id === 'key-binding')

beforeAll(async () => {
  pinnedKey = await generateIssuerKey({ algorithm: 'EdDSA', identifier: { method: 'did:web', host: HOST } })
  otherKey = await generateIssuerKey({ algorithm: 'EdDSA', identifier: { method: 'did:web', host: HOST } })
  // The issuer's DID document lists both keys under assertionMethod (a second key added on its host).
  const document = structuredClone(pinnedKey.publish!.document) as Record<string, unknown[]>
  const added = (otherKey.publish!.document as Record<string, unknown[]>).verificationMethod![0]!
  document.verificationMethod!.push(added)
  document.assertionMethod!.push(otherKey.verificationMethod)
  const body = JSON.stringify(document)
  remote = { fetch: async (url) => (url === pinnedKey.publish!.url ? { ok: true, status: 200, text: async () => body } : { ok: false, status: 404, text: async () => '' }) }
  trust = parseTrustList({ issuers: [{ id: pinnedKey.issuerId, name: 'Springfield Public Schools', keys: [pinnedKey.verificationMethod] }] })
  const sign = async (key: IssuerKey) =>
    signDataIntegrity(await awardedCredential(key), { signer: await signerFromJwk(key.privateJwk, { id: key.verificationMethod }), created: new Date('2026-10-10T12:00:00Z') })
  byPinned = await sign(pinnedKey)
  byOther = await sign(otherKey)
}, 60_000)

describe('a pinned issuer with remote resolution on', () => {
  it('without a pin, the document confirms either key', async () => {
    const report = await verifyBadge(byOther, { now: NOW, remote })
    expect(binding(report)).toMatchObject({ status: 'passed' })
    expect(report.verified).toBe(true)
  })

  it('the pinned key verifies, confirmed', async () => {
    const report = await verifyBadge(byPinned, { now: NOW, remote, trust })
    expect(binding(report)).toMatchObject({ status: 'passed' })
    expect(report.issuerKeyConfirmed).toBe(true)
  })

  it('a key the document lists but the trust list does not pin → ERR_OB_KEY_NOT_ISSUER', async () => {
    const report = await verifyBadge(byOther, { now: NOW, remote, trust })
    expect(binding(report)).toMatchObject({ status: 'failed', code: 'ERR_OB_KEY_NOT_ISSUER' })
    expect(report.verified).toBe(false)
    expect(report.issuerKeyConfirmed).toBe(false)
  })

  it('a verifier whose cache resolved the document without a pin still refuses the key once a call pins another', async () => {
    const verifier = createVerifier({ now: NOW, remote })
    expect((await verifier.verify(byOther)).verified).toBe(true)
    const report = await verifier.verify(byOther, { trust })
    expect(binding(report)).toMatchObject({ status: 'failed', code: 'ERR_OB_KEY_NOT_ISSUER' })
    expect(report.verified).toBe(false)
  })
})

describe('a proof that verifies with a key key binding never saw', () => {
  it('a key document served from `documents` (another issuer\'s key) does not confirm, nor skip, key binding → ERR_OB_KEY_UNRESOLVED', async () => {
    // The caller serves two issuers' key documents offline; a badge in one issuer's name is signed
    // with the other's key, under that key's URL.
    const other = await generateIssuerKey()
    const keyUrl = 'https://keys.example.net/issuer-b#key-1'
    const documents = new Map<string, unknown>([
      [
        keyUrl,
        {
          '@context': 'https://w3id.org/security/multikey/v1',
          id: keyUrl,
          type: 'Multikey',
          controller: 'https://keys.example.net/issuer-b',
          publicKeyMultibase: other.verificationMethod.split('#')[1],
        },
      ],
    ])
    const { addDataIntegrityProof } = await import('../../src/sign/data-integrity.js')
    const forged = await addDataIntegrityProof(await awardedCredential(pinnedKey), {
      signer: await signerFromJwk(other.privateJwk, { id: keyUrl }),
      created: new Date('2026-10-10T12:00:00Z'),
      documentLoader: async (url) => {
        const { bundledDocumentLoader } = await import('../../src/credential/document-loader.js')
        return documents.has(url) ? { contextUrl: null, documentUrl: url, document: documents.get(url) } : bundledDocumentLoader()(url)
      },
    })
    const report = await verifyBadge(forged, { now: NOW, documents })
    expect(report.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'passed' })
    expect(binding(report)).toMatchObject({ status: 'failed', code: 'ERR_OB_KEY_UNRESOLVED' })
    expect(report.verified).toBe(false)
    expect(report.issuerKeyConfirmed).toBe(false)
  })
})
