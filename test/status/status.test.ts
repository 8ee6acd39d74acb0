import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DirectoryStore } from '../../src/status/directory-store.js'
import { allocateStatus, changeStatus, publishStatusLists } from '../../src/status/status-list.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { awardedCredential, issuer, NOW } from '../helpers/issue.js'

const BASE = 'https://district.example.org/status'
const tmp = () => mkdtempSync(join(tmpdir(), 'microcred-status-'))

async function issueWithStatus(store: DirectoryStore, purpose: 'revocation' | 'suspension', n = 0) {
  const { key, signer } = await issuer()
  const id = `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
  const credentialStatus = await allocateStatus(store, { credentialId: id, baseUrl: BASE, purpose })
  const badge = await signDataIntegrity(await awardedCredential(key, { id, credentialStatus }), { signer })
  return { badge, key, signer }
}

async function statusOf(store: DirectoryStore, badge: Record<string, unknown>) {
  const { key, signer } = await issuer()
  const lists = await publishStatusLists(store, { baseUrl: BASE, issuerId: key.issuerId, signer, validFrom: new Date('2026-10-15T00:00:00Z') })
  const report = await verifyBadge(badge, { now: NOW, statusLists: new Map(lists.map((l) => [l.url, l.credential])) })
  return report.checks.find((c) => c.id === 'status')!
}

describe('Bitstring Status List: issue, revoke, suspend, publish, verify', () => {
  it('revocation round trip', async () => {
    const store = await DirectoryStore.open(tmp())
    const { badge } = await issueWithStatus(store, 'revocation')
    expect(badge.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: `${BASE}/revocation-1` })
    expect(await statusOf(store, badge)).toMatchObject({ status: 'passed' })
    await changeStatus(store, { credentialId: badge.id, action: 'revoke', reason: 'Issued in error' })
    expect(await statusOf(store, badge)).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_REVOKED' })
    expect(await store.history(badge.id)).toEqual([expect.objectContaining({ action: 'revoke', reason: 'Issued in error' })])
  })

  it('suspension round trip, and revoke is permanent', async () => {
    const store = await DirectoryStore.open(tmp())
    const { badge } = await issueWithStatus(store, 'suspension')
    await changeStatus(store, { credentialId: badge.id, action: 'suspend', reason: 'Under review' })
    expect(await statusOf(store, badge)).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_SUSPENDED' })
    await changeStatus(store, { credentialId: badge.id, action: 'unsuspend', reason: 'Review cleared' })
    expect(await statusOf(store, badge)).toMatchObject({ status: 'passed' })
    await changeStatus(store, { credentialId: badge.id, action: 'revoke', reason: 'Misconduct' })
    await expect(changeStatus(store, { credentialId: badge.id, action: 'unsuspend', reason: 'oops' })).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
  })

  it('refuses impossible changes', async () => {
    const store = await DirectoryStore.open(tmp())
    const { badge } = await issueWithStatus(store, 'revocation')
    await expect(changeStatus(store, { credentialId: badge.id, action: 'suspend', reason: 'x' })).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
    await expect(changeStatus(store, { credentialId: 'urn:uuid:unknown', action: 'revoke', reason: 'x' })).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
    await expect(changeStatus(store, { credentialId: badge.id, action: 'revoke', reason: '  ' })).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
  })

  it('the published list is a signed BitstringStatusListCredential of 131,072 entries', async () => {
    const store = await DirectoryStore.open(tmp())
    await issueWithStatus(store, 'revocation')
    const { key, signer } = await issuer()
    const [list] = await publishStatusLists(store, { baseUrl: BASE, issuerId: key.issuerId, signer })
    expect(list!.credential).toMatchObject({ type: ['VerifiableCredential', 'BitstringStatusListCredential'], issuer: key.issuerId, credentialSubject: { statusPurpose: 'revocation' } })
    const { decodeList } = await import('@digitalbazaar/vc-bitstring-status-list')
    expect((await decodeList({ encodedList: (list!.credential.credentialSubject as { encodedList: string }).encodedList })).length).toBe(131_072)
  })
})

// Allocation, concurrency and kill -9 durability run against every store in store-contract.test.ts.

describe('decodeStatusList (browser-safe) agrees with the reference library', () => {
  it('reads the bits the library set', async () => {
    const { createList } = await import('@digitalbazaar/vc-bitstring-status-list')
    const { decodeStatusList } = await import('../../src/verify/checks/status.js')
    const list = await createList({ length: 131_072 })
    const set = [0, 7, 8, 23, 4242, 131_071]
    for (const i of set) list.setStatus(i, true)
    const bits = await decodeStatusList(await list.encode())
    const read = (i: number) => ((bits[i >> 3]! >> (7 - (i & 7))) & 1) === 1
    for (const i of set) expect(read(i)).toBe(true)
    for (const i of [1, 6, 9, 22, 24, 131_070]) expect(read(i)).toBe(false)
    await expect(decodeStatusList('zabc')).rejects.toThrow()
  })
})
