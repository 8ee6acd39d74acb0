// An OpenID4VCI wallet from the OpenWallet Foundation's client (@openid4vc/openid4vci with
// @openid4vc/oauth2): it resolves the offer, reads the metadata, takes a token, asks for a nonce
// and signs its proof of possession with jose, holding an Ed25519 key as a did:key or a bare JWK.
import { createHash, randomBytes } from 'node:crypto'
import { clientAuthenticationNone, type JwtSigner } from '@openid4vc/oauth2'
import { Openid4vciClient, setGlobalConfig } from '@openid4vc/openid4vci'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { walletDid } from './wallet.js'

// Loopback tests run over http; the library refuses that unless told.
setGlobalConfig({ allowInsecureUrls: true })

export interface OpenIdWalletKey {
  signer: JwtSigner
  /** The subject id the issuer should bind: the did:key, or did:jwk of the bare key. */
  expectedHolder: string
  privateKey: CryptoKey
}

export async function openIdWalletKey(binding: 'did' | 'jwk'): Promise<OpenIdWalletKey> {
  const { privateKey, publicKey } = await generateKeyPair('Ed25519', { extractable: true })
  const publicJwk = (await exportJWK(publicKey)) as JWK & { kty: string }
  if (binding === 'jwk') {
    const canonical = { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x }
    return { signer: { method: 'jwk', publicJwk, alg: 'EdDSA' }, expectedHolder: `did:jwk:${Buffer.from(JSON.stringify(canonical)).toString('base64url')}`, privateKey }
  }
  // did:key of the same raw key: multicodec ed25519-pub (0xed01) + base58btc.
  const raw = Buffer.from(publicJwk.x!, 'base64url')
  const multibase = `z${base58(Buffer.concat([Buffer.from([0xed, 0x01]), raw]))}`
  const did = `did:key:${multibase}`
  return { signer: { method: 'did', didUrl: `${did}#${multibase}`, alg: 'EdDSA' }, expectedHolder: did, privateKey }
}

function base58(bytes: Uint8Array): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex')}`)
  let out = ''
  while (n > 0n) {
    out = alphabet[Number(n % 58n)] + out
    n /= 58n
  }
  for (const b of bytes) {
    if (b !== 0) break
    out = `1${out}`
  }
  return out
}

export function openIdClient(key: OpenIdWalletKey) {
  return new Openid4vciClient({
    callbacks: {
      fetch,
      generateRandom: (length) => new Uint8Array(randomBytes(length)),
      hash: (data, alg) => new Uint8Array(createHash(alg.replace('-', '')).update(data).digest()),
      clientAuthentication: clientAuthenticationNone({ clientId: 'microcred-test-wallet' }),
      signJwt: async (signer, { header, payload }) => {
        const jwt = await new SignJWT(payload as Record<string, unknown>).setProtectedHeader(header as { alg: string }).sign(key.privateKey)
        const signerJwk = signer.method === 'jwk' ? signer.publicJwk : { kty: 'OKP' as const, crv: 'Ed25519' }
        return { jwt, signerJwk: signerJwk as never }
      },
    },
  })
}

/** Runs the whole pre-authorized code flow from an offer URI; returns the credential response. */
export async function takeOffer(offerUri: string, configurationId: string, key: OpenIdWalletKey, { txCode }: { txCode?: string } = {}) {
  const client = openIdClient(key)
  const credentialOffer = await client.resolveCredentialOffer(offerUri)
  const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer)
  const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer, issuerMetadata, ...(txCode ? { txCode } : {}) })
  const { c_nonce } = await client.requestNonce({ issuerMetadata })
  const { jwt } = await client.createCredentialRequestJwtProof({ issuerMetadata, signer: key.signer, nonce: c_nonce, credentialConfigurationId: configurationId })
  return client.retrieveCredentials({ issuerMetadata, accessToken: accessTokenResponse.access_token, credentialConfigurationId: configurationId, proofs: { jwt: [jwt] } })
}

export { walletDid }
