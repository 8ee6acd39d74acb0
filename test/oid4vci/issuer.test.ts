// OpenID4VCI pre-authorized code flow over real HTTP on loopback, with the OpenWallet Foundation's
// client as the wallet; each credential then verifies in @digitalbazaar/vc or plain jose, and in microcred.
import { createLocalJWKSet, decodeJwt, jwtVerify, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOid4vciIssuer, MemoryOfferStore, type Oid4vciIssuer } from '../../src/oid4vci/issuer.js'
import { type RunningServer, serveIssuer } from '../../src/server/serve.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { awardedCredential, issuer } from '../helpers/issue.js'
import { openIdClient, openIdWalletKey, takeOffer } from '../helpers/openid-wallet.js'
import { forAnyWallet, walletVerifyCredential } from '../helpers/wallet.js'

// OpenID4VCI 1.0 answers { credentials: [{ credential }] }.
const firstCredential = (response: Awaited<ReturnType<typeof takeOffer>>) =>
  (response.credentialResponse.credentials?.[0] as { credential: unknown } | undefined)?.credential

describe('OpenID4VCI issuer on loopback, with @openid4vc/openid4vci as the wallet', () => {
  let server: RunningServer
  let oid4vci: Oid4vciIssuer
  let awarded: Awaited<ReturnType<typeof awardedCredential>>
  let issuerJwk: Record<string, unknown>

  beforeAll(async () => {
    const { key, signer } = await issuer()
    // The issuer's published JWK set names each key by its verification method, the JWT's kid.
    issuerJwk = { ...key.publicJwk, kid: key.verificationMethod }
    awarded = forAnyWallet(await awardedCredential(key))
    let ready: Oid4vciIssuer | undefined
    server = await serveIssuer({ routes: [{ route: (request) => ready!.route(request) }] })
    ready = createOid4vciIssuer({ credentialIssuer: server.url, issuerName: 'Springfield Public Schools', signer, store: new MemoryOfferStore() })
    oid4vci = ready
  })
  afterAll(() => server?.close())

  it('serves issuer and authorization server metadata', async () => {
    const metadata = await (await fetch(`${server.url}/.well-known/openid-credential-issuer`)).json()
    expect(metadata.credential_issuer).toBe(server.url)
    expect(Object.keys(metadata.credential_configurations_supported)).toEqual(['OpenBadgeCredential_ldp_vc', 'OpenBadgeCredential_jwt_vc_json'])
    const as = await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json()
    expect(as.token_endpoint).toBe(`${server.url}/oid4vci/token`)
  })

  it('ldp_vc for a did:key wallet: verifies in @digitalbazaar/vc and microcred', async () => {
    const { offerUri } = await oid4vci.createOffer(awarded)
    expect(offerUri).toMatch(/^openid-credential-offer:\/\/\?credential_offer=/)
    const key = await openIdWalletKey('did')
    const response = await takeOffer(offerUri, 'OpenBadgeCredential_ldp_vc', key)
    const credential = firstCredential(response) as Record<string, unknown> & { credentialSubject: { id: string } }
    expect(credential.credentialSubject.id).toBe(key.expectedHolder)
    expect((await walletVerifyCredential(credential)).verified).toBe(true)
    expect((await verifyBadge(credential)).verified).toBe(true)
  })

  it('jwt_vc_json for a bare-JWK wallet (did:jwk subject): verifies in plain jose and microcred', async () => {
    const { offerUri } = await oid4vci.createOffer(awarded, { configurationIds: ['OpenBadgeCredential_jwt_vc_json'] })
    const key = await openIdWalletKey('jwk')
    const response = await takeOffer(offerUri, 'OpenBadgeCredential_jwt_vc_json', key)
    const jwt = firstCredential(response) as string
    const { payload } = await jwtVerify(jwt, createLocalJWKSet({ keys: [issuerJwk] }), { algorithms: ['EdDSA'] })
    expect(payload.sub).toBe(key.expectedHolder)
    expect((payload.credentialSubject as { id: string }).id).toBe(key.expectedHolder)
    expect((await verifyBadge(jwt)).verified).toBe(true)
  })

  it('with a transaction code: the wrong code is refused, the right one works', async () => {
    const { offerUri, txCode } = await oid4vci.createOffer(awarded, { txCodeLength: 6 })
    expect(txCode).toMatch(/^\d{6}$/)
    const key = await openIdWalletKey('did')
    await expect(takeOffer(offerUri, 'OpenBadgeCredential_ldp_vc', key, { txCode: '000000' === txCode ? '111111' : '000000' })).rejects.toThrow(/invalid_grant/)
    const response = await takeOffer(offerUri, 'OpenBadgeCredential_ldp_vc', key, { txCode: txCode! })
    expect(response.credentialResponse.credentials).toHaveLength(1)
  })

  describe('refusals', () => {
    async function tokenFor(offerUri: string) {
      const offer = JSON.parse(new URL(offerUri.replace('openid-credential-offer://', 'https://x/')).searchParams.get('credential_offer')!)
      const code = offer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code']
      const response = await fetch(`${server.url}/oid4vci/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code }),
      })
      return { response, code }
    }
    const nonce = async () => (await (await fetch(`${server.url}/oid4vci/nonce`, { method: 'POST' })).json()).c_nonce as string
    const requestCredential = (token: string, body: unknown) =>
      fetch(`${server.url}/oid4vci/credential`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    async function proof(key: Awaited<ReturnType<typeof openIdWalletKey>>, { aud = server.url, typ = 'openid4vci-proof+jwt', n }: { aud?: string; typ?: string; n?: string } = {}) {
      const header = key.signer.method === 'did' ? { alg: 'EdDSA', typ, kid: key.signer.didUrl } : { alg: 'EdDSA', typ }
      return new SignJWT({ nonce: n ?? (await nonce()) }).setProtectedHeader(header).setAudience(aud).setIssuedAt().sign(key.privateKey)
    }

    it('a pre-authorized code is used once', async () => {
      const { offerUri } = await oid4vci.createOffer(awarded)
      const first = await tokenFor(offerUri)
      expect(first.response.status).toBe(200)
      const again = await tokenFor(offerUri)
      expect(again.response.status).toBe(400)
      expect(await again.response.json()).toMatchObject({ error: 'invalid_grant' })
    })

    it('the credential endpoint refuses a missing token, a wrong audience, a wrong typ, a reused nonce, another configuration, a second delivery', async () => {
      const { offerUri } = await oid4vci.createOffer(awarded, { configurationIds: ['OpenBadgeCredential_ldp_vc'] })
      const token = (await (await tokenFor(offerUri)).response.json()).access_token as string
      const key = await openIdWalletKey('did')
      const ask = async (jwt: string, id = 'OpenBadgeCredential_ldp_vc') => requestCredential(token, { credential_configuration_id: id, proofs: { jwt: [jwt] } })

      const noToken = await requestCredential('nope.nope', {})
      expect([noToken.status, (await noToken.json()).error]).toEqual([401, 'invalid_token'])
      const wrongAud = await ask(await proof(key, { aud: 'https://evil.example' }))
      expect(await wrongAud.json()).toMatchObject({ error: 'invalid_proof', code: 'ERR_OB_OID4VCI_PROOF_INVALID' })
      const wrongTyp = await ask(await proof(key, { typ: 'JWT' }))
      expect(await wrongTyp.json()).toMatchObject({ error: 'invalid_proof' })
      const unknownNonce = await ask(await proof(key, { n: 'made-up' }))
      expect(await unknownNonce.json()).toMatchObject({ error: 'invalid_nonce', code: 'ERR_OB_OID4VCI_NONCE_INVALID' })
      const other = await ask(await proof(key), 'OpenBadgeCredential_jwt_vc_json')
      expect(await other.json()).toMatchObject({ error: 'unknown_credential_configuration' })

      const n = await nonce()
      const good = await ask(await proof(key, { n }))
      expect(good.status).toBe(200)
      const reusedNonce = await ask(await proof(key, { n }))
      expect(await reusedNonce.json()).toMatchObject({ error: 'invalid_nonce' })
      const second = await ask(await proof(key))
      expect(await second.json()).toMatchObject({ error: 'invalid_credential_request' })
    })

    it('a proof signed by another key than its kid names is refused', async () => {
      const { offerUri } = await oid4vci.createOffer(awarded)
      const token = (await (await tokenFor(offerUri)).response.json()).access_token as string
      const [named, actual] = [await openIdWalletKey('did'), await openIdWalletKey('did')]
      const forged = await new SignJWT({ nonce: await nonce() })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: (named.signer as { didUrl: string }).didUrl })
        .setAudience(server.url)
        .setIssuedAt()
        .sign(actual.privateKey)
      const response = await requestCredential(token, { credential_configuration_id: 'OpenBadgeCredential_ldp_vc', proofs: { jwt: [forged] } })
      expect(await response.json()).toMatchObject({ error: 'invalid_proof' })
      expect(decodeJwt(forged).aud).toBe(server.url)
    })

    it('an award made out to a DID goes to a proof by that DID only', async () => {
      const [ana, other] = [await openIdWalletKey('did'), await openIdWalletKey('did')]
      const { offerUri } = await oid4vci.createOffer({ ...awarded, credentialSubject: { ...awarded.credentialSubject, id: ana.expectedHolder } })
      const token = (await (await tokenFor(offerUri)).response.json()).access_token as string
      const ask = async (key: typeof ana) => requestCredential(token, { credential_configuration_id: 'OpenBadgeCredential_ldp_vc', proofs: { jwt: [await proof(key)] } })
      expect(await (await ask(other)).json()).toMatchObject({ error: 'invalid_proof' })
      expect((await ask(ana)).status).toBe(200)
    })

    it('the client library sees the metadata as OpenID4VCI 1.0', async () => {
      const client = openIdClient(await openIdWalletKey('did'))
      const metadata = await client.resolveIssuerMetadata(server.url)
      expect(metadata.originalDraftVersion).toBe('V1')
    })
  })
})
