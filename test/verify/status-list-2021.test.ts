// Older DCC credentials: VC 1.1 with a StatusList2021Entry, the StatusList2021 context
// (https://w3id.org/vc/status-list/2021/v1) and an Ed25519Signature2020 proof, their status in a
// StatusList2021Credential whose encodedList is base64url(GZIP(bits)) with no multibase prefix.
// Credentials and lists are signed here with the field's own libraries (@digitalbazaar/vc and the
// context packages, not microcred), once per proof suite, and the list is held to the same
// integrity rules as a BitstringStatusListCredential.
import { gzipSync } from 'node:zlib'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { beforeAll, describe, expect, it } from 'vitest'
import { createStatusListCache } from '../../src/verify/status-list-cache.js'
import { type VerifyBadgeOptions, verifyBadge } from '../../src/verify/verify-badge.js'
import { walletDocumentLoader } from '../helpers/wallet.js'

const NOW = new Date('2026-11-01T00:00:00Z')
const LIST_URL = 'https://status.dcconsortium.example/lists/7Hx2'
const GENUINE_INDEX = 41
const REVOKED_INDEX = 42
const STATUS_LIST_2021 = 'https://w3id.org/vc/status-list/2021/v1'

// The signer's own loader: the published context packages and did:key, nothing of microcred's.
const documentLoader = walletDocumentLoader

type Suite = 'Ed25519Signature2020' | 'eddsa-rdfc-2022'
type KeyPair = Awaited<ReturnType<typeof Ed25519Multikey.generate>>

async function didKeyPair(): Promise<{ did: string; keyPair: KeyPair }> {
  const keyPair = await Ed25519Multikey.generate()
  const did = `did:key:${keyPair.publicKeyMultibase}`
  keyPair.id = `${did}#${keyPair.publicKeyMultibase}`
  keyPair.controller = did
  return { did, keyPair }
}

/** The suite's own context, as each suite's issuers add it to a VC 1.1 document. */
const SUITE_CONTEXT: Record<Suite, string> = {
  Ed25519Signature2020: 'https://w3id.org/security/suites/ed25519-2020/v1',
  'eddsa-rdfc-2022': 'https://w3id.org/security/data-integrity/v2',
}

function sign(document: Record<string, unknown>, suite: Suite, keyPair: KeyPair) {
  const signer =
    suite === 'Ed25519Signature2020'
      ? new Ed25519Signature2020({ key: keyPair, date: new Date('2026-10-10T12:00:00Z') })
      : new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022, date: new Date('2026-10-10T12:00:00Z') })
  return vc.issue({ credential: structuredClone(document), suite: signer, documentLoader }) as Promise<Record<string, unknown>>
}

/** StatusList2021's encodedList: base64url(GZIP(bits)), no multibase prefix (bit 0 = MSB of byte 0). */
function encodedList(revoked: number[], entries = 131_072): string {
  const bits = new Uint8Array(entries / 8)
  for (const index of revoked) bits[index >> 3]! |= 0x80 >> (index & 7)
  return gzipSync(bits).toString('base64url')
}

function dccBadge(issuer: string, suite: Suite, index: number): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', STATUS_LIST_2021, SUITE_CONTEXT[suite]],
    id: `urn:uuid:7d1e5f80-2b3c-4d4e-8f60-0000000000${index}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Checking for Understanding Using Gestures',
    issuer: { id: issuer, type: ['Profile'], name: 'Springfield Public Schools' },
    issuanceDate: '2026-10-10T12:00:00Z',
    credentialSubject: {
      id: 'did:example:educator-ana-rivera',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://credentials.example.org/microcredentials/checking-for-understanding-gestures',
        type: ['Achievement'],
        name: 'Checking for Understanding Using Gestures',
        description: 'Uses all-student response gestures to check understanding.',
        criteria: { narrative: 'Submitted a lesson video and reflection, scored proficient on every criterion.' },
      },
    },
    credentialStatus: {
      id: `${LIST_URL}#${index}`,
      type: 'StatusList2021Entry',
      statusPurpose: 'revocation',
      statusListIndex: String(index),
      statusListCredential: LIST_URL,
    },
  }
}

function dccList(issuer: string, suite: Suite, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/2018/credentials/v1', STATUS_LIST_2021, SUITE_CONTEXT[suite]],
    id: LIST_URL,
    type: ['VerifiableCredential', 'StatusList2021Credential'],
    issuer,
    issuanceDate: '2026-10-25T00:00:00Z',
    credentialSubject: { id: `${LIST_URL}#list`, type: 'StatusList2021', statusPurpose: 'revocation', encodedList: encodedList([REVOKED_INDEX]) },
    ...changes,
  }
}

describe.each(['Ed25519Signature2020', 'eddsa-rdfc-2022'] as const)('a DCC-shaped VC 1.1 badge with a StatusList2021Entry (%s)', (suite) => {
  let issuer: { did: string; keyPair: KeyPair }
  let stranger: { did: string; keyPair: KeyPair }
  let genuine: Record<string, unknown>
  let revoked: Record<string, unknown>
  let list: Record<string, unknown>
  const verify = (badge: Record<string, unknown>, listDocument: unknown, options: VerifyBadgeOptions = {}) =>
    verifyBadge(badge, { now: NOW, statusLists: new Map([[LIST_URL, listDocument]]), ...options })
  const statusOf = async (badge: Record<string, unknown>, listDocument: unknown, options: VerifyBadgeOptions = {}) => {
    const report = await verify(badge, listDocument, options)
    return { verified: report.verified, status: report.checks.find((c) => c.id === 'status')! }
  }

  beforeAll(async () => {
    issuer = await didKeyPair()
    stranger = await didKeyPair()
    genuine = await sign(dccBadge(issuer.did, suite, GENUINE_INDEX), suite, issuer.keyPair)
    revoked = await sign(dccBadge(issuer.did, suite, REVOKED_INDEX), suite, issuer.keyPair)
    list = await sign(dccList(issuer.did, suite), suite, issuer.keyPair)
  }, 60_000)

  it('not revoked: verified; the only warnings are those of any VC 1.1 badge (and of the deprecated suite)', async () => {
    const report = await verify(genuine, list)
    expect(report.verified).toBe(true)
    expect(report.issuerKeyConfirmed).toBe(true)
    expect(report.checks.find((c) => c.id === 'jsonld')).toMatchObject({ status: 'passed' })
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'passed', message: expect.stringContaining(`index ${GENUINE_INDEX}`) })
    const warnings = report.checks.filter((c) => c.status === 'warning').map((c) => `${c.id} ${c.code}`)
    expect(warnings).toEqual(['context WARN_OB_LEGACY_FORMAT', 'schema WARN_OB_SCHEMA_NOT_CHECKED', ...(suite === 'Ed25519Signature2020' ? ['proof WARN_OB_LEGACY_FORMAT'] : [])])
    expect(report.checks.filter((c) => c.status === 'failed')).toEqual([])
  })

  it('its bit set in the list: ERR_OB_STATUS_REVOKED', async () => {
    expect(await statusOf(revoked, list)).toMatchObject({ verified: false, status: { status: 'failed', code: 'ERR_OB_STATUS_REVOKED' } })
  })

  it('the revoked badge again through a shared cache (the list verified once): still revoked', async () => {
    const statusListCache = createStatusListCache()
    expect((await statusOf(genuine, list, { statusListCache })).verified).toBe(true)
    expect(statusListCache.size).toBe(1)
    expect(await statusOf(revoked, list, { statusListCache })).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_REVOKED' } })
  })

  it('a list verified for a StatusList2021Entry does not serve a BitstringStatusListEntry at the same URL from the cache', async () => {
    const bitstringBadge = dccBadge(issuer.did, suite, GENUINE_INDEX)
    bitstringBadge['@context'] = [...(bitstringBadge['@context'] as string[]), 'https://www.w3.org/ns/credentials/status/v1']
    bitstringBadge.credentialStatus = { ...(bitstringBadge.credentialStatus as object), type: 'BitstringStatusListEntry' }
    const signedBitstring = await sign(bitstringBadge, suite, issuer.keyPair)
    const statusListCache = createStatusListCache()
    expect((await statusOf(genuine, list, { statusListCache })).verified).toBe(true)
    const expected = { verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID', message: expect.stringMatching(/StatusList2021Credential/) } }
    expect(await statusOf(signedBitstring, list, { statusListCache })).toMatchObject(expected)
    expect(await statusOf(signedBitstring, list)).toMatchObject(expected)
  })

  it('a list whose bit was cleared after signing (proof broken): ERR_OB_STATUS_LIST_INVALID, not "not revoked"', async () => {
    const tampered = { ...list, credentialSubject: { ...(list.credentialSubject as object), encodedList: encodedList([]) } }
    expect(await statusOf(revoked, tampered)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID', message: expect.stringMatching(/not trustworthy: Invalid signature/) } })
  })

  it('a list without a proof: ERR_OB_STATUS_LIST_INVALID', async () => {
    const { proof: _proof, ...unsigned } = list
    expect(await statusOf(genuine, unsigned)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID', message: expect.stringMatching(/not trustworthy: no proof/) } })
  })

  it('a list in the issuer’s name signed by a stranger’s key: ERR_OB_STATUS_LIST_INVALID', async () => {
    const forged = await sign(dccList(issuer.did, suite, { credentialSubject: { id: `${LIST_URL}#list`, type: 'StatusList2021', statusPurpose: 'revocation', encodedList: encodedList([]) } }), suite, stranger.keyPair)
    expect(await statusOf(revoked, forged)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID', message: expect.stringMatching(/signing key is not confirmed as the issuer's/) } })
  })

  it('a list issued by someone else: ERR_OB_STATUS_LIST_INVALID', async () => {
    const theirs = await sign(dccList(stranger.did, suite, { credentialSubject: { id: `${LIST_URL}#list`, type: 'StatusList2021', statusPurpose: 'revocation', encodedList: encodedList([]) } }), suite, stranger.keyPair)
    expect(await statusOf(revoked, theirs)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID', message: expect.stringMatching(/not by the credential's issuer/) } })
  })

  it('a BitstringStatusListCredential type for a StatusList2021Entry: ERR_OB_STATUS_LIST_INVALID', async () => {
    const wrongType = await sign(dccList(issuer.did, suite, { type: ['VerifiableCredential', 'BitstringStatusListCredential'] }), suite, issuer.keyPair).catch(() => undefined)
    // Signing may refuse the undefined type under the 2021 context; a copy with the type swapped after signing fails either way.
    expect(await statusOf(genuine, wrongType ?? { ...list, type: ['VerifiableCredential', 'BitstringStatusListCredential'] })).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID', message: expect.stringMatching(/must include "VerifiableCredential" and "StatusList2021Credential"/) } })
  })

  it('a list for another purpose: ERR_OB_STATUS_LIST_INVALID', async () => {
    const suspension = await sign(dccList(issuer.did, suite, { credentialSubject: { id: `${LIST_URL}#list`, type: 'StatusList2021', statusPurpose: 'suspension', encodedList: encodedList([]) } }), suite, issuer.keyPair)
    expect(await statusOf(revoked, suspension)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID', message: expect.stringMatching(/purpose "suspension" is not the entry's "revocation"/) } })
  })

  it('an expired list (VC 1.1 expirationDate) cannot hide a later revocation: ERR_OB_STATUS_LIST_EXPIRED', async () => {
    const old = await sign(
      dccList(issuer.did, suite, { issuanceDate: '2026-08-01T00:00:00Z', expirationDate: '2026-09-01T00:00:00Z', credentialSubject: { id: `${LIST_URL}#list`, type: 'StatusList2021', statusPurpose: 'revocation', encodedList: encodedList([]) } }),
      suite,
      issuer.keyPair,
    )
    expect(await statusOf(revoked, old)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_EXPIRED' } })
  })

  it('a list not yet valid: ERR_OB_STATUS_LIST_NOT_YET_VALID', async () => {
    expect(await statusOf(genuine, list, { now: new Date('2026-10-20T00:00:00Z') })).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_NOT_YET_VALID' } })
  })

  it('an unreadable encodedList fails closed: ERR_OB_STATUS_LIST_INVALID', async () => {
    const garbled = await sign(dccList(issuer.did, suite, { credentialSubject: { id: `${LIST_URL}#list`, type: 'StatusList2021', statusPurpose: 'revocation', encodedList: 'H4sInot-gzip' } }), suite, issuer.keyPair)
    expect(await statusOf(genuine, garbled)).toMatchObject({ verified: false, status: { code: 'ERR_OB_STATUS_LIST_INVALID', message: expect.stringMatching(/not valid GZIP/) } })
  })
})

describe('the StatusList2021 list encoding', () => {
  it('a list written with the multibase "u" prefix of a Bitstring Status List is read too; a Bitstring list still needs it', async () => {
    const { decodeStatusList } = await import('../../src/verify/checks/status.js')
    const raw = encodedList([3], 64)
    expect(Array.from(await decodeStatusList(raw, { statusList2021: true }))).toEqual([0x10, 0, 0, 0, 0, 0, 0, 0])
    expect(Array.from(await decodeStatusList(`u${raw}`, { statusList2021: true }))).toEqual([0x10, 0, 0, 0, 0, 0, 0, 0])
    // Standard base64 with padding, as some StatusList2021 issuers write it.
    const standard = Buffer.from(raw, 'base64url').toString('base64')
    expect(Array.from(await decodeStatusList(standard, { statusList2021: true }))).toEqual([0x10, 0, 0, 0, 0, 0, 0, 0])
    await expect(decodeStatusList(raw)).rejects.toMatchObject({ code: 'ERR_OB_STATUS_LIST_INVALID' })
  })
})
