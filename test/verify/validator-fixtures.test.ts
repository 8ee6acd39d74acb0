import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FetchLike } from '../../src/internal/safe-fetch.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { ROOT } from '../helpers/examples.js'
import { NOW } from '../helpers/issue.js'

const dir = join(ROOT, 'test/fixtures/validator')
const read = (name: string) => readFileSync(join(dir, name))
const json = (name: string) => JSON.parse(read(name).toString('utf8'))

// Verdicts of the 1EdTech validator (OB30Tests.java), as listed in shared/ob3-spec/README.md:
// valid or warning → verified; invalid or error → not verified. The validator accepts a claimed key,
// so its verdicts are compared in conformance mode (`acceptClaimedKey`).
const verdicts: [file: string, verified: boolean, failedCheck?: string][] = [
  ['simple.json', true],
  ['simple-did-key-method.json', true],
  ['simple-did-web-method.json', true],
  ['simple-multiple-proofs.json', false, 'jsonld'],
  ['simple-context-alias.json', true],
  ['simple-context-version.json', true],
  ['simple-eddsa-2022.json', true],
  ['complete.json', false],
  ['endorsement-valid.json', true],
  ['simple-err-context.json', false, 'context'],
  ['simple-err-type.json', false, 'type'],
  ['simple-err-issuer.json', false, 'issuer'],
  ['simple-err-issuer-type.json', false, 'issuer'],
  ['simple-err-credential-subject-type.json', false, 'subject'],
  ['simple-err-evidence-type.json', false, 'subject'],
  ['simple-err-expired.json', false, 'validity'],
  ['simple-err-issued.json', false, 'validity'],
  ['simple-err-proof-value.json', false, 'proof'],
  ['simple-err-proof-method.json', false, 'proof'],
  ['simple-err-proof-method-no-scheme.json', false, 'proof'],
  ['simple-err-proof-method-unknown-scheme.json', false, 'proof'],
  ['simple-err-proof-method-unknown-did-method.json', false, 'proof'],
  ['baked/simple-json.png', true],
  ['baked/simple-json.svg', true],
  ['baked/simple-jwt.png', true],
  ['baked/simple-jwt.svg', true],
]

describe('verdicts equal the 1EdTech validator’s', () => {
  it.each(verdicts)('%s → verified %s', async (file, verified, failedCheck) => {
    const report = await verifyBadge(read(file), { now: NOW, acceptClaimedKey: true })
    expect(report.verified).toBe(verified)
    if (failedCheck) expect(report.checks.find((c) => c.id === failedCheck)?.status).toBe('failed')
  })

  it('complete.json fails only because its status list cannot be reached (fail closed), like the validator’s probe', async () => {
    const report = await verifyBadge(json('complete.json'), { now: NOW, acceptClaimedKey: true })
    expect(report.checks.filter((c) => c.status === 'failed').map((c) => c.code)).toEqual(['ERR_OB_STATUS_UNCHECKED'])
    const relaxed = await verifyBadge(json('complete.json'), { now: NOW, allowUncheckedStatus: true, acceptClaimedKey: true })
    expect(relaxed.verified).toBe(true)
  })

  it('keeps "proof intact" apart from "issuer key confirmed"', async () => {
    const conformance = await verifyBadge(json('simple.json'), { now: NOW, acceptClaimedKey: true })
    expect(conformance).toMatchObject({ verified: true, issuerKeyConfirmed: false })
    expect(conformance.checks.find((c) => c.id === 'key-binding')).toMatchObject({ status: 'warning', code: 'WARN_OB_KEY_UNCONFIRMED' })
    const strict = await verifyBadge(json('simple.json'), { now: NOW })
    expect(strict).toMatchObject({ verified: false, issuerKeyConfirmed: false })
    expect(strict.checks.find((c) => c.id === 'key-binding')).toMatchObject({ status: 'failed', code: 'ERR_OB_KEY_UNCONFIRMED', message: expect.stringContaining('signature is intact') })
    const trusted = await verifyBadge(json('simple.json'), {
      now: NOW,
      trustedIssuerKeys: { 'https://example.com/issuers/876543': ['z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi'] },
    })
    expect(trusted).toMatchObject({ verified: true, issuerKeyConfirmed: true })
  })

  it.each(verdicts.filter(([, verified]) => verified))('%s is not verified by default: its key is only claimed', async (file) => {
    const report = await verifyBadge(read(file), { now: NOW })
    expect(report.verified).toBe(false)
    expect(report.checks.filter((c) => c.status === 'failed').map((c) => c.code)).toEqual(['ERR_OB_KEY_UNCONFIRMED'])
  })
})

describe('status fixtures, with their lists mapped offline', () => {
  // The validator's test list is served at a GitHub URL but its id is https://example.com/credentials/status/3.
  it('BitstringStatusList: index 23 is revoked (the list fetched from its URL)', async () => {
    const credential = json('status/bitstring-revoked.json')
    const list = json('status/bitstring-status-list-credential.json')
    const fetch: FetchLike = async (url) => ({ ok: url === credential.credentialStatus.statusListCredential, status: 200, text: async () => JSON.stringify(list) })
    const report = await verifyBadge(credential, { now: NOW, remote: { fetch } })
    expect(report.verified).toBe(false)
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_REVOKED' })
  })

  it('BitstringStatusList: the same list supplied offline for that URL is refused, its id names another list', async () => {
    const credential = json('status/bitstring-revoked.json')
    const statusLists = new Map([[credential.credentialStatus.statusListCredential, json('status/bitstring-status-list-credential.json')]])
    const report = await verifyBadge(credential, { now: NOW, statusLists })
    expect(report.verified).toBe(false)
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_LIST_INVALID' })
    expect(report.checks.find((c) => c.id === 'status')!.message).toContain('its id is "https://example.com/credentials/status/3"')
  })

  it('BitstringStatusList: fails closed when the list is not available', async () => {
    const report = await verifyBadge(json('status/bitstring-revoked.json'), { now: NOW })
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_UNCHECKED' })
  })

  it('BitstringStatusList: a list signed by someone else is not trusted', async () => {
    const credential = json('status/bitstring-revoked.json')
    const list = { ...json('status/bitstring-status-list-credential.json'), issuer: 'https://evil.example/issuer' }
    const report = await verifyBadge(credential, { now: NOW, statusLists: new Map([[credential.credentialStatus.statusListCredential, list]]) })
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_LIST_INVALID' })
  })

  it('1EdTechRevocationList over an injected fetch (did:web DID document and the revocation list)', async () => {
    const credential = json('status/1edtech-revocation-list-revoked.json')
    const did = credential.issuer.id as string
    const vm = credential.proof.verificationMethod as string
    const requests: string[] = []
    const responses: Record<string, unknown> = {
      'https://dc.1edtech.org/wellspring2022/wellspring-portal/org/da1e96e9-afcc-4eed-b9a2-2ddf7353214c/did.json': {
        '@context': ['https://www.w3.org/ns/did/v1'],
        id: did,
        verificationMethod: [{ id: vm, type: 'Ed25519VerificationKey2020', controller: did, publicKeyMultibase: vm.split('#')[1] }],
        assertionMethod: [vm],
      },
      [credential.credentialStatus.id]: { revokedCredential: [{ id: credential.id, revoked: true, revocationReason: 'Issued in error' }] },
    }
    const fetch = async (url: string) => {
      requests.push(url)
      const body = responses[url]
      return { ok: body !== undefined, status: body ? 200 : 404, text: async () => JSON.stringify(body) }
    }
    const report = await verifyBadge(credential, { now: NOW, remote: { fetch } })
    expect(report.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'warning', code: 'WARN_OB_LEGACY_FORMAT' })
    expect(report.checks.find((c) => c.id === 'key-binding')?.status).toBe('passed')
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_REVOKED' })
    expect(requests).toEqual(expect.arrayContaining(Object.keys(responses)))
  })
})
