import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createExchangeService, type DidAuthRequest, type ExchangeDelivery } from '../../src/exchange/exchanges.js'
import { DirectoryExchangeStore, type ExchangeStore, MemoryExchangeStore } from '../../src/exchange/store.js'
import { verifyBadge } from '../../src/verify/index.js'
import { awardedCredential, issuer } from '../helpers/issue.js'
import { didAuthPresentation, didAuthPresentation2020, forAnyWallet, walletDid } from '../helpers/wallet.js'

const EXCHANGES = 'https://issuer.example.org/exchanges'
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const stores: [string, () => Promise<ExchangeStore>][] = [
  ['memory', async () => new MemoryExchangeStore()],
  [
    'directory',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'microcred-exchanges-'))
      dirs.push(dir)
      return DirectoryExchangeStore.open(dir)
    },
  ],
]

describe.each(stores)('VC-API exchange (%s store)', (_name, makeStore) => {
  async function setup(now = () => new Date()) {
    const { key, signer } = await issuer()
    const service = createExchangeService({ store: await makeStore(), signer, exchangesUrl: EXCHANGES, now })
    const created = await service.createExchange(forAnyWallet(await awardedCredential(key)))
    return { service, created, key }
  }

  async function requestOf(service: Awaited<ReturnType<typeof setup>>['service'], id: string) {
    return ((await service.participate(id, {})) as DidAuthRequest).verifiablePresentationRequest
  }

  it('asks for DIDAuthentication, then delivers the credential signed for the wallet DID', async () => {
    const { service, created } = await setup()
    const request = await requestOf(service, created.id)
    expect(request.query[0].type).toBe('DIDAuthentication')
    expect(request.domain).toBe('issuer.example.org')
    const wallet = await walletDid()
    const vp = await didAuthPresentation({ signer: wallet, challenge: request.challenge, domain: request.domain })
    const { verifiablePresentation } = (await service.participate(created.id, { verifiablePresentation: vp })) as ExchangeDelivery
    const [credential] = verifiablePresentation.verifiableCredential
    expect(credential.credentialSubject.id).toBe(wallet.did)
    const report = await verifyBadge(credential)
    expect(report.verified).toBe(true)
  })

  it('accepts the Learner Credential Wallet shape: VC 1.1 presentation, Ed25519Signature2020', async () => {
    const { service, created } = await setup()
    const request = await requestOf(service, created.id)
    const wallet = await walletDid()
    const vp = await didAuthPresentation2020({ signer: wallet, challenge: request.challenge, domain: request.domain })
    const delivery = (await service.participate(created.id, { verifiablePresentation: vp })) as ExchangeDelivery
    expect(delivery.verifiablePresentation.verifiableCredential[0].credentialSubject.id).toBe(wallet.did)
  })

  it('accepts the challenge of the deep link without a request first', async () => {
    const { service, created } = await setup()
    const challenge = new URL(created.links.lcw.replace('dccrequest://', 'https://x/')).searchParams.get('challenge')!
    const wallet = await walletDid()
    const vp = await didAuthPresentation({ signer: wallet, challenge, domain: 'issuer.example.org' })
    const delivery = (await service.participate(created.id, { verifiablePresentation: vp })) as ExchangeDelivery
    expect(delivery.verifiablePresentation.verifiableCredential[0].credentialSubject.id).toBe(wallet.did)
  })

  it('refuses a replay: the exchange is one-time', async () => {
    const { service, created } = await setup()
    const request = await requestOf(service, created.id)
    const vp = await didAuthPresentation({ signer: await walletDid(), challenge: request.challenge, domain: request.domain })
    await service.participate(created.id, { verifiablePresentation: vp })
    await expect(service.participate(created.id, { verifiablePresentation: vp })).rejects.toMatchObject({ code: 'ERR_OB_EXCHANGE_COMPLETE' })
    await expect(service.participate(created.id, {})).rejects.toMatchObject({ code: 'ERR_OB_EXCHANGE_COMPLETE' })
  })

  it('delivers once when two wallets race', async () => {
    const { service, created } = await setup()
    const request = await requestOf(service, created.id)
    const vps = await Promise.all([walletDid(), walletDid()].map(async (w) => didAuthPresentation({ signer: await w, challenge: request.challenge, domain: request.domain })))
    const results = await Promise.allSettled(vps.map((vp) => service.participate(created.id, { verifiablePresentation: vp })))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'ERR_OB_EXCHANGE_COMPLETE' } })
  })

  it('refuses an unknown challenge, a wrong domain, a missing domain', async () => {
    const { service, created } = await setup()
    const request = await requestOf(service, created.id)
    const wallet = await walletDid()
    const unknown = await didAuthPresentation({ signer: wallet, challenge: 'not-issued-here', domain: request.domain })
    await expect(service.participate(created.id, { verifiablePresentation: unknown })).rejects.toMatchObject({ code: 'ERR_OB_EXCHANGE_CHALLENGE_INVALID' })
    const otherDomain = await didAuthPresentation({ signer: wallet, challenge: request.challenge, domain: 'evil.example' })
    await expect(service.participate(created.id, { verifiablePresentation: otherDomain })).rejects.toMatchObject({ code: 'ERR_OB_EXCHANGE_DOMAIN_INVALID' })
    const noDomain = await didAuthPresentation({ signer: wallet, challenge: request.challenge })
    await expect(service.participate(created.id, { verifiablePresentation: noDomain })).rejects.toMatchObject({ code: 'ERR_OB_EXCHANGE_DOMAIN_INVALID' })
  })

  it('refuses a presentation signed by another key than the holder DID, and a tampered one', async () => {
    const { service, created } = await setup()
    const request = await requestOf(service, created.id)
    const [signerDid, victim] = [await walletDid(), await walletDid()]
    const forged = await didAuthPresentation({ signer: signerDid, holder: victim.did, challenge: request.challenge, domain: request.domain })
    await expect(service.participate(created.id, { verifiablePresentation: forged })).rejects.toMatchObject({ code: 'ERR_OB_EXCHANGE_PRESENTATION_INVALID' })
    const good = await didAuthPresentation({ signer: victim, challenge: request.challenge, domain: request.domain })
    const tampered = { ...good, holder: signerDid.did }
    await expect(service.participate(created.id, { verifiablePresentation: tampered })).rejects.toMatchObject({ code: 'ERR_OB_EXCHANGE_PRESENTATION_INVALID' })
    const unsigned = { ...good, proof: [] }
    await expect(service.participate(created.id, { verifiablePresentation: unsigned })).rejects.toMatchObject({ code: 'ERR_OB_EXCHANGE_CHALLENGE_INVALID' })
    // Still pending: failed attempts do not use the exchange up.
    const delivered = await service.participate(created.id, { verifiablePresentation: good })
    expect((delivered as ExchangeDelivery).verifiablePresentation.verifiableCredential[0].credentialSubject.id).toBe(victim.did)
  })

  it('refuses expired challenges and expired exchanges, unknown exchanges and bad bodies', async () => {
    let clock = new Date('2026-11-01T00:00:00Z')
    const { service, created } = await setup(() => clock)
    const request = await requestOf(service, created.id)
    const vp = await didAuthPresentation({ signer: await walletDid(), challenge: request.challenge, domain: request.domain })
    clock = new Date(clock.getTime() + 16 * 60_000)
    await expect(service.participate(created.id, { verifiablePresentation: vp })).rejects.toMatchObject({ code: 'ERR_OB_EXCHANGE_EXPIRED' })
    clock = new Date(clock.getTime() + 31 * 24 * 3600_000)
    await expect(service.participate(created.id, {})).rejects.toMatchObject({ code: 'ERR_OB_EXCHANGE_EXPIRED' })
    await expect(service.participate('AAAAAAAAAAAAAAAAAAAAAA', {})).rejects.toMatchObject({ code: 'ERR_OB_EXCHANGE_NOT_FOUND' })
    await expect(service.participate('../../etc/passwd', {})).rejects.toMatchObject({ code: 'ERR_OB_EXCHANGE_NOT_FOUND' })
  })

  it('an award made out to a DID goes to that DID only', async () => {
    const { key, signer } = await issuer()
    const service = createExchangeService({ store: await makeStore(), signer, exchangesUrl: EXCHANGES })
    const [ana, other] = [await walletDid(), await walletDid()]
    const award = forAnyWallet(await awardedCredential(key))
    const created = await service.createExchange({ ...award, credentialSubject: { ...award.credentialSubject, id: ana.did } })
    const request = await requestOf(service, created.id)
    const wrong = await didAuthPresentation({ signer: other, challenge: request.challenge, domain: request.domain })
    await expect(service.participate(created.id, { verifiablePresentation: wrong })).rejects.toMatchObject({ code: 'ERR_OB_EXCHANGE_PRESENTATION_INVALID' })
    const right = await didAuthPresentation({ signer: ana, challenge: request.challenge, domain: request.domain })
    const delivery = (await service.participate(created.id, { verifiablePresentation: right })) as ExchangeDelivery
    expect(delivery.verifiablePresentation.verifiableCredential[0].credentialSubject.id).toBe(ana.did)
  })

  it('refuses a body that is neither {} nor a presentation', async () => {
    const { service, created } = await setup()
    await expect(service.participate(created.id, { foo: 1 })).rejects.toMatchObject({ code: 'ERR_OB_EXCHANGE_REQUEST_INVALID' })
    await expect(service.participate(created.id, [1])).rejects.toMatchObject({ code: 'ERR_OB_EXCHANGE_REQUEST_INVALID' })
  })
})

describe('DirectoryExchangeStore', () => {
  it('prunes finished records and keeps the rest; refuses unsafe ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'microcred-exchanges-prune-'))
    dirs.push(dir)
    const store = await DirectoryExchangeStore.open(dir)
    const { key } = await issuer()
    const credential = await awardedCredential(key)
    const base = { credential, createdAt: '2026-01-01T00:00:00Z', challenges: [], state: 'pending' as const }
    await store.create({ ...base, id: 'expired-exchange-0001', expiresAt: '2026-01-02T00:00:00Z' })
    await store.create({ ...base, id: 'current-exchange-0001', expiresAt: '2099-01-01T00:00:00Z' })
    expect(await store.prune((r) => Date.parse(r.expiresAt) < Date.parse('2026-06-01T00:00:00Z'))).toBe(1)
    expect(await store.ids()).toEqual(['current-exchange-0001'])
    await expect(store.create({ ...base, id: '../escape', expiresAt: '2099-01-01T00:00:00Z' })).rejects.toThrow(RangeError)
    await expect(store.create({ ...base, id: 'current-exchange-0001', expiresAt: '2099-01-01T00:00:00Z' })).rejects.toThrow(/already exists/)
    expect(await store.get('../escape')).toBeUndefined()
  })
})
