import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DirectoryStore } from '../../src/status/directory-store.js'
import { allocateStatus, changeStatus, publishStatusLists } from '../../src/status/status-list.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { ROOT } from '../helpers/examples.js'
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
    await changeStatus(store, badge.id, 'revoke', 'Issued in error')
    expect(await statusOf(store, badge)).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_REVOKED' })
    expect(await store.history(badge.id)).toEqual([expect.objectContaining({ action: 'revoke', reason: 'Issued in error' })])
  })

  it('suspension round trip, and revoke is permanent', async () => {
    const store = await DirectoryStore.open(tmp())
    const { badge } = await issueWithStatus(store, 'suspension')
    await changeStatus(store, badge.id, 'suspend', 'Under review')
    expect(await statusOf(store, badge)).toMatchObject({ status: 'failed', code: 'ERR_OB_STATUS_SUSPENDED' })
    await changeStatus(store, badge.id, 'unsuspend', 'Review cleared')
    expect(await statusOf(store, badge)).toMatchObject({ status: 'passed' })
    await changeStatus(store, badge.id, 'revoke', 'Misconduct')
    await expect(changeStatus(store, badge.id, 'unsuspend', 'oops')).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
  })

  it('refuses impossible changes', async () => {
    const store = await DirectoryStore.open(tmp())
    const { badge } = await issueWithStatus(store, 'revocation')
    await expect(changeStatus(store, badge.id, 'suspend', 'x')).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
    await expect(changeStatus(store, 'urn:uuid:unknown', 'revoke', 'x')).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
    await expect(changeStatus(store, badge.id, 'revoke', '  ')).rejects.toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
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

describe('allocation', () => {
  it('never repeats across many allocations and reopenings, and spills into a new list when full', async () => {
    const dir = tmp()
    const seen = new Set<string>()
    for (let run = 0; run < 5; run++) {
      const store = await DirectoryStore.open(dir, { listLength: 64 })
      const allocations = await store.allocate(Array.from({ length: 40 }, (_, i) => ({ credentialId: `c-${run}-${i}`, purpose: 'revocation' as const })))
      for (const a of allocations) {
        const key = `${a.listId}#${a.index}`
        expect(seen.has(key)).toBe(false)
        seen.add(key)
        expect(a.index).toBeLessThan(64)
      }
    }
    expect(seen.size).toBe(200)
    const again = await (await DirectoryStore.open(dir, { listLength: 64 })).allocate([{ credentialId: 'c-0-0', purpose: 'revocation' }])
    expect(seen.has(`${again[0]!.listId}#${again[0]!.index}`)).toBe(true)
  })

  it('survives kill -9 during allocation: no duplicate index, nothing allocated lost', async () => {
    const dir = tmp()
    const script = join(dir, 'allocate.mts')
    writeFileSync(
      script,
      `import { DirectoryStore } from ${JSON.stringify(join(ROOT, 'src/status/directory-store.ts'))}
import { appendFileSync } from 'node:fs'
const store = await DirectoryStore.open(${JSON.stringify(join(dir, 'state'))}, { listLength: 4096 })
for (let i = 0; ; i++) {
  const [a] = await store.allocate([{ credentialId: process.argv[2] + '-' + i, purpose: 'revocation' }])
  appendFileSync(${JSON.stringify(join(dir, 'returned.txt'))}, a.credentialId + ' ' + a.listId + '#' + a.index + '\\n')
}
`,
    )
    for (const name of ['a', 'b', 'c']) {
      const child = spawn(process.execPath, ['--import', 'tsx', script, name], { cwd: ROOT, stdio: 'ignore' })
      const exited = new Promise((r) => child.on('exit', r))
      await new Promise((r) => setTimeout(r, 700))
      child.kill('SIGKILL')
      await exited
    }
    const returned = readFileSync(join(dir, 'returned.txt'), 'utf8').trim().split('\n').map((l) => l.split(' '))
    expect(returned.length).toBeGreaterThan(10)
    const store = await DirectoryStore.open(join(dir, 'state'), { listLength: 4096 })
    const slots = new Set<string>()
    for (const [credentialId, slot] of returned) {
      expect((await store.find(credentialId!)) && `${(await store.find(credentialId!))!.listId}#${(await store.find(credentialId!))!.index}`).toBe(slot)
      slots.add(slot!)
    }
    expect(slots.size).toBe(returned.length)
    const state = JSON.parse(readFileSync(join(dir, 'state', 'state.json'), 'utf8'))
    const allocated = Object.values(state.lists as Record<string, { allocated: number[] }>).flatMap((l) => l.allocated)
    expect(new Set(allocated).size).toBe(allocated.length)
  }, 60_000)
})

describe('revocation durability', () => {
  it('survives kill -9 during revocations: every acknowledged revocation is in the state, which stays readable', async () => {
    const dir = tmp()
    const state = join(dir, 'state')
    const store = await DirectoryStore.open(state, { listLength: 4096 })
    const ids = Array.from({ length: 400 }, (_, i) => `urn:uuid:rev-${i}`)
    await store.allocate(ids.map((credentialId) => ({ credentialId, purpose: 'revocation' as const })))
    const script = join(dir, 'revoke.mts')
    writeFileSync(
      script,
      `import { DirectoryStore } from ${JSON.stringify(join(ROOT, 'src/status/directory-store.ts'))}
import { appendFileSync } from 'node:fs'
const store = await DirectoryStore.open(${JSON.stringify(state)}, { listLength: 4096 })
for (let i = 0; i < 400; i++) {
  await store.change({ credentialId: 'urn:uuid:rev-' + i, action: 'revoke', reason: 'test', at: new Date().toISOString() })
  appendFileSync(${JSON.stringify(join(dir, 'acknowledged.txt'))}, 'urn:uuid:rev-' + i + '\\n')
}
`,
    )
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: 'ignore' })
    const exited = new Promise((r) => child.on('exit', r))
    const ackFile = join(dir, 'acknowledged.txt')
    for (let waited = 0; waited < 30_000; waited += 10) {
      if (existsSync(ackFile) && readFileSync(ackFile, 'utf8').split('\n').length > 5) break
      await new Promise((r) => setTimeout(r, 10))
    }
    child.kill('SIGKILL')
    await exited
    const acknowledged = readFileSync(join(dir, 'acknowledged.txt'), 'utf8').trim().split('\n')
    expect(acknowledged.length).toBeGreaterThan(3)
    const reopened = await DirectoryStore.open(state, { listLength: 4096 })
    const [list] = await reopened.lists()
    const revoked = new Set(list!.set)
    for (const id of acknowledged) expect(revoked.has((await reopened.find(id))!.index)).toBe(true)
    expect((await reopened.history()).length).toBeGreaterThanOrEqual(acknowledged.length)
  }, 60_000)
})

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
