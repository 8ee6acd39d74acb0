// A `Signer` over a P-256 key in AWS KMS, to adapt. Google Cloud KMS has the same shape: its
// asymmetricSign takes a SHA-256 digest and also answers with a DER signature.
// Type-checked with the project; not run against the cloud. `npx tsx examples/aws-kms-signer.ts`
// runs the demo at the bottom against a local stand-in for KMS (node:crypto).
//
// With the AWS SDK v3 (`npm install @aws-sdk/client-kms`):
//   import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms'
//   const kms = new KMSClient({ region: 'eu-west-1' })
//   const keyId = 'arn:aws:kms:eu-west-1:111122223333:key/…'   // KeySpec ECC_NIST_P256, KeyUsage SIGN_VERIFY
//   const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }))
//   const signer = await awsKmsSigner({ keyId, publicKeySpki: PublicKey!, sign: (input) => kms.send(new SignCommand(input)) })
//   const jwt = await issueCredentialJwt({ ...awarded, issuer: { id: signer.issuerId, name: 'District' }, signer })
import { createHash, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { ecdsaSignatureFromDer, multibaseFromJwk, type PublicJwk, type Signer } from 'microcred'

/** The KMS `Sign` request and response this signer uses (AWS SDK v3 `SignCommandInput`/`Output`, narrowed). */
export interface KmsSignInput {
  KeyId: string
  Message: Uint8Array
  MessageType: 'DIGEST' | 'RAW'
  SigningAlgorithm: 'ECDSA_SHA_256'
}
export type KmsSign = (input: KmsSignInput) => Promise<{ Signature?: Uint8Array | undefined }>

export interface AwsKmsSignerOptions {
  keyId: string
  /** The key's public key as KMS `GetPublicKey` returns it (DER SubjectPublicKeyInfo). */
  publicKeySpki: Uint8Array
  /** Calls KMS `Sign`, e.g. `(input) => kms.send(new SignCommand(input))`. */
  sign: KmsSign
  /**
   * `DIGEST` (default) sends only the SHA-256 of what is signed: any size, and the credential never
   * leaves the process. `RAW` sends the bytes and lets KMS hash them (KMS accepts up to 4096 bytes).
   */
  messageType?: 'DIGEST' | 'RAW'
  /** The verification method id. @default the key's did:key (`did:key:zDna…#zDna…`) */
  id?: string
}

/**
 * An ES256 `Signer` whose private key stays in KMS. KMS answers with a DER `SEQUENCE { r, s }`;
 * JWS (RFC 7518 §3.4) carries the fixed-size `r‖s`, hence `ecdsaSignatureFromDer`.
 */
export async function awsKmsSigner({ keyId, publicKeySpki, sign, messageType = 'DIGEST', id }: AwsKmsSignerOptions): Promise<Signer & { issuerId: string; publicJwk: PublicJwk }> {
  const publicJwk = createPublicKey({ key: Buffer.from(publicKeySpki), format: 'der', type: 'spki' }).export({ format: 'jwk' }) as PublicJwk
  if (publicJwk.kty !== 'EC' || publicJwk.crv !== 'P-256') throw new TypeError(`the KMS key ${keyId} is not a P-256 key (KeySpec ECC_NIST_P256)`)
  const multibase = await multibaseFromJwk(publicJwk)
  const verificationMethod = id ?? `did:key:${multibase}#${multibase}`
  return {
    algorithm: 'ES256',
    id: verificationMethod,
    issuerId: verificationMethod.split('#')[0]!,
    publicJwk,
    async sign(data) {
      const Message = messageType === 'DIGEST' ? createHash('sha256').update(data).digest() : data
      const { Signature } = await sign({ KeyId: keyId, Message, MessageType: messageType, SigningAlgorithm: 'ECDSA_SHA_256' })
      if (!Signature) throw new Error(`KMS returned no signature for ${keyId}`)
      return ecdsaSignatureFromDer(Signature, 32)
    },
  }
}

/**
 * A local stand-in for KMS `Sign` with `MessageType: 'RAW'`: hashes and signs with a P-256 key in
 * this process and answers in DER, as KMS does. (node:crypto cannot sign a precomputed digest, so
 * the stand-in takes the message.)
 */
export function localKmsStandIn(): { publicKeySpki: Uint8Array; sign: KmsSign } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return {
    publicKeySpki: publicKey.export({ format: 'der', type: 'spki' }),
    sign: async ({ Message, MessageType }) => {
      if (MessageType !== 'RAW') throw new Error('the local stand-in signs RAW messages only')
      return { Signature: nodeSign('sha256', Message, { key: privateKey, dsaEncoding: 'der' }) }
    },
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const kms = localKmsStandIn()
  const signer = await awsKmsSigner({ keyId: 'local', ...kms, messageType: 'RAW' })
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid: signer.id })).toString('base64url')
  const payload = Buffer.from(JSON.stringify({ iss: signer.issuerId })).toString('base64url')
  const signature = Buffer.from(await signer.sign(new TextEncoder().encode(`${header}.${payload}`))).toString('base64url')
  // ES256 as JWS carries it (r‖s): checked here with node:crypto against the signer's public JWK.
  const publicKey = createPublicKey({ key: { ...signer.publicJwk }, format: 'jwk' })
  const valid = nodeVerify('sha256', new TextEncoder().encode(`${header}.${payload}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))
  console.log(`signed through the KMS stand-in: signature ${valid ? 'valid' : 'INVALID'} for ${signer.issuerId}`)
  if (!valid) process.exitCode = 1
}
