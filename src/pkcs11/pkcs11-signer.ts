import { createHash, createPublicKey, randomBytes, verify as verifySignature } from 'node:crypto'
import { endianness } from 'node:os'
import type * as Pkcs11js from 'pkcs11js'
import { KeyInvalid } from '../errors.js'
import { obError } from '../internal/ob-error.js'
import { controllerOf } from '../internal/ids.js'
import type { PublicJwk } from '../keys/jwk.js'
import { multibaseFromJwk } from '../keys/multikey.js'
import type { Signer } from '../sign/signer.js'
import { CKK_EC_EDWARDS, CKM_EC_EDWARDS_KEY_PAIR_GEN, CKM_EDDSA, ED25519_NAME_DER, ED25519_OID_DER, P256_OID_DER } from './constants.js'
import { acquireModule, releaseModule } from './module.js'

/** Where the key lives: a PKCS#11 library, a token in it, and the user PIN. */
export interface Pkcs11TokenOptions {
  /** Path of the vendor's PKCS#11 library, e.g. `/usr/lib/softhsm/libsofthsm2.so`. */
  module: string
  /** The token's label (as set when it was initialised). */
  tokenLabel: string
  /** The token's user PIN. */
  pin: string
}

export interface OpenPkcs11SignerOptions extends Pkcs11TokenOptions {
  /** `CKA_LABEL` of the key pair (private and public key objects carry the same label). */
  keyLabel: string
  /** The verification method id verifiers dereference. @default the key's did:key (`did:key:z…#z…`) */
  id?: string
  /** Sessions to sign in parallel (a session signs one message at a time). @default 1 */
  sessions?: number
  /** Accept a private key that may leave the token (`CKA_EXTRACTABLE` true or `CKA_SENSITIVE` false). @default false */
  allowExtractable?: boolean
}

/** A `Signer` whose private key stays in a PKCS#11 token. Close it to end its sessions. */
export interface Pkcs11Signer extends Signer {
  algorithm: 'EdDSA' | 'ES256'
  /** The public key, read from the token (`CKA_EC_POINT`). */
  publicJwk: PublicJwk
  /** The issuer id to put in `issuer.id`: the controller of `id` (the did:key by default). */
  issuerId: string
  close(): Promise<void>
}

export interface GeneratePkcs11KeyPairOptions extends Pkcs11TokenOptions {
  keyLabel: string
  /** Ed25519 (`CKM_EC_EDWARDS_KEY_PAIR_GEN`) or P-256 (`CKM_EC_KEY_PAIR_GEN`). @default 'EdDSA' */
  algorithm?: 'EdDSA' | 'ES256'
}

/** The public half of a key pair generated in a token, and its did:key. */
export interface GeneratedPkcs11KeyPair {
  algorithm: 'EdDSA' | 'ES256'
  publicJwk: PublicJwk
  issuerId: string
  verificationMethod: string
}

type Loaded = Awaited<ReturnType<typeof acquireModule>>
type Lib = Loaded['lib']
type Handle = Buffer

/**
 * Generates a signing key pair inside the token: the private key is a token object that is
 * sensitive and never extractable (`CKA_SENSITIVE` true, `CKA_EXTRACTABLE` false), so it can sign
 * but its value can never be read out. Refuses a label already in use.
 * @example
 * const key = await generatePkcs11KeyPair({ module: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: 'issuer', pin, keyLabel: 'badges-2026', algorithm: 'EdDSA' })
 */
export async function generatePkcs11KeyPair({ algorithm = 'EdDSA', keyLabel, ...token }: GeneratePkcs11KeyPairOptions): Promise<GeneratedPkcs11KeyPair> {
  if (algorithm !== 'EdDSA' && algorithm !== 'ES256') throw new TypeError('algorithm must be EdDSA or ES256')
  return withSession(token, async ({ lib, pkcs11, session }) => {
    if (findObjects(pkcs11, session, [{ type: lib.CKA_LABEL, value: keyLabel }]).length > 0)
      throw new KeyInvalid(`the token "${token.tokenLabel}" already holds an object labelled "${keyLabel}"`)
    const ed = algorithm === 'EdDSA'
    const keyType = ed ? CKK_EC_EDWARDS : lib.CKK_EC
    const id = randomBytes(16)
    const common = [
      { type: lib.CKA_KEY_TYPE, value: keyType },
      { type: lib.CKA_TOKEN, value: true },
      { type: lib.CKA_LABEL, value: keyLabel },
      { type: lib.CKA_ID, value: id },
    ]
    const publicTemplate = [
      { type: lib.CKA_CLASS, value: lib.CKO_PUBLIC_KEY },
      ...common,
      { type: lib.CKA_VERIFY, value: true },
      { type: lib.CKA_EC_PARAMS, value: Buffer.from(ed ? ED25519_OID_DER : P256_OID_DER) },
    ]
    const privateTemplate = [
      { type: lib.CKA_CLASS, value: lib.CKO_PRIVATE_KEY },
      ...common,
      { type: lib.CKA_PRIVATE, value: true },
      { type: lib.CKA_SENSITIVE, value: true },
      { type: lib.CKA_EXTRACTABLE, value: false },
      { type: lib.CKA_SIGN, value: true },
    ]
    const mechanism = { mechanism: ed ? CKM_EC_EDWARDS_KEY_PAIR_GEN : lib.CKM_EC_KEY_PAIR_GEN }
    const { publicKey } = pkcs11.C_GenerateKeyPair(session, mechanism, publicTemplate, privateTemplate)
    const publicJwk = publicJwkOf(lib, pkcs11, session, publicKey, algorithm)
    const did = `did:key:${await multibaseFromJwk(publicJwk)}`
    return { algorithm, publicJwk, issuerId: did, verificationMethod: `${did}#${did.slice('did:key:'.length)}` }
  })
}

/**
 * Opens a `Signer` over a key pair in a PKCS#11 token (an HSM, a smart card, SoftHSM): Ed25519
 * signs with `CKM_EDDSA`, P-256 with `CKM_ECDSA` over a SHA-256 digest (giving `r‖s`, as ES256
 * needs). The public key is read from the token and checked against one test signature, and by
 * default a private key that could leave the token is refused. Signatures run off the main thread.
 * @example
 * const signer = await openPkcs11Signer({ module: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: 'issuer', pin: process.env.HSM_PIN!, keyLabel: 'badges-2026' })
 * const credential = await issueCredential({ ...options, issuer: { id: signer.issuerId, name: 'District' }, signer })
 * await signer.close()
 */
export async function openPkcs11Signer(options: OpenPkcs11SignerOptions): Promise<Pkcs11Signer> {
  const { module: modulePath, keyLabel, sessions: sessionCount = 1, allowExtractable = false } = options
  if (!Number.isInteger(sessionCount) || sessionCount < 1) throw new RangeError('sessions must be a positive integer')
  const loaded = await acquireModule(modulePath)
  const { lib, pkcs11 } = loaded
  const sessions: { handle: Handle; busy: Promise<unknown> }[] = []
  const closeSessions = () => {
    for (const s of sessions.splice(0)) {
      try {
        pkcs11.C_CloseSession(s.handle)
      } catch {}
    }
  }
  try {
    const slot = findToken(pkcs11, options.tokenLabel)
    for (let i = 0; i < sessionCount; i++) sessions.push({ handle: pkcs11.C_OpenSession(slot, lib.CKF_SERIAL_SESSION | lib.CKF_RW_SESSION), busy: Promise.resolve() })
    login(loaded, slot, sessions[0]!.handle, options.pin)
    const session = sessions[0]!.handle
    const [privateKey, ...more] = findObjects(pkcs11, session, [{ type: lib.CKA_CLASS, value: lib.CKO_PRIVATE_KEY }, { type: lib.CKA_LABEL, value: keyLabel }])
    if (!privateKey) throw obError('ERR_OB_KEY_UNRESOLVED', `no private key labelled "${keyLabel}" in the token "${options.tokenLabel}"`)
    if (more.length > 0) throw new KeyInvalid(`several private keys are labelled "${keyLabel}"; labels must be unique`)
    const [keyType, sensitive, extractable] = pkcs11.C_GetAttributeValue(session, privateKey, [{ type: lib.CKA_KEY_TYPE }, { type: lib.CKA_SENSITIVE }, { type: lib.CKA_EXTRACTABLE }]).map((a) => a.value as Buffer)
    const algorithm = ulong(keyType!) === CKK_EC_EDWARDS ? 'EdDSA' : ulong(keyType!) === lib.CKK_EC ? 'ES256' : undefined
    if (!algorithm) throw new KeyInvalid(`the key "${keyLabel}" is neither Ed25519 nor P-256 (CKA_KEY_TYPE ${ulong(keyType!)})`)
    if (!allowExtractable && (sensitive?.[0] !== 1 || extractable?.[0] !== 0))
      throw new KeyInvalid(`the key "${keyLabel}" can leave the token (CKA_SENSITIVE false or CKA_EXTRACTABLE true); pass allowExtractable to accept it`)
    const [publicKey] = findObjects(pkcs11, session, [{ type: lib.CKA_CLASS, value: lib.CKO_PUBLIC_KEY }, { type: lib.CKA_LABEL, value: keyLabel }])
    if (!publicKey) throw obError('ERR_OB_KEY_UNRESOLVED', `no public key labelled "${keyLabel}" in the token "${options.tokenLabel}" (microcred reads the public key from it)`)
    const publicJwk = publicJwkOf(lib, pkcs11, session, publicKey, algorithm)
    const multibase = await multibaseFromJwk(publicJwk)
    const id = options.id ?? `did:key:${multibase}#${multibase}`

    const mechanism = { mechanism: algorithm === 'EdDSA' ? CKM_EDDSA : lib.CKM_ECDSA }
    const signOnce = async (handle: Handle, data: Uint8Array) => {
      // CKM_ECDSA signs a digest it is given; CKM_EDDSA hashes the message itself (pure Ed25519).
      const input = algorithm === 'ES256' ? createHash('sha256').update(data).digest() : Buffer.from(data)
      pkcs11.C_SignInit(handle, mechanism, privateKey)
      const signature = await pkcs11.C_SignAsync(handle, input, Buffer.alloc(64))
      if (signature.length !== 64) throw obError('ERR_OB_GENERIC', `the token returned a ${signature.length}-byte signature; expected 64`)
      return new Uint8Array(signature)
    }
    let turn = 0
    let closed = false
    const sign = (data: Uint8Array): Promise<Uint8Array> => {
      if (closed) return Promise.reject(new TypeError('this PKCS#11 signer is closed'))
      const s = sessions[turn++ % sessions.length]!
      const result = s.busy.then(() => signOnce(s.handle, data))
      s.busy = result.catch(() => {})
      return result
    }
    // One signature checked against the public key read from the token: a label shared by two
    // different key pairs, or a public key object that is not this key's, fails here and not in verifiers.
    const probe = randomBytes(32)
    const probeSignature = await sign(probe)
    const publicKeyObject = createPublicKey({ key: { ...publicJwk }, format: 'jwk' })
    if (!verifySignature(algorithm === 'ES256' ? 'sha256' : null, probe, { key: publicKeyObject, dsaEncoding: 'ieee-p1363' }, probeSignature))
      throw new KeyInvalid(`the public key labelled "${keyLabel}" does not match its private key`)
    return {
      algorithm,
      id,
      publicJwk,
      issuerId: controllerOf(id),
      sign,
      close: async () => {
        if (closed) return
        closed = true
        await Promise.all(sessions.map((s) => s.busy))
        closeSessions()
        await releaseModule(modulePath)
      },
    }
  } catch (error) {
    closeSessions()
    await releaseModule(modulePath)
    throw wrapTokenError(lib, error)
  }
}

async function withSession<T>(token: Pkcs11TokenOptions, run: (context: { lib: Lib; pkcs11: Pkcs11js.PKCS11; session: Handle }) => Promise<T>): Promise<T> {
  const loaded = await acquireModule(token.module)
  const { lib, pkcs11 } = loaded
  let session: Handle | undefined
  try {
    const slot = findToken(pkcs11, token.tokenLabel)
    session = pkcs11.C_OpenSession(slot, lib.CKF_SERIAL_SESSION | lib.CKF_RW_SESSION)
    login(loaded, slot, session, token.pin)
    return await run({ lib, pkcs11, session })
  } catch (error) {
    throw wrapTokenError(lib, error)
  } finally {
    if (session) pkcs11.C_CloseSession(session)
    await releaseModule(token.module)
  }
}

function findToken(pkcs11: Pkcs11js.PKCS11, label: string): Handle {
  for (const slot of pkcs11.C_GetSlotList(true)) {
    if (pkcs11.C_GetTokenInfo(slot).label.trim() === label) return slot
  }
  throw obError('ERR_OB_KEY_UNRESOLVED', `no PKCS#11 token labelled "${label}"`)
}

function login({ lib, pkcs11, logins }: Loaded, slot: Handle, session: Handle, pin: string): void {
  const pinHash = createHash('sha256').update(pin).digest('hex')
  try {
    pkcs11.C_Login(session, lib.CKU_USER, pin)
  } catch (error) {
    if ((error as { code?: number }).code !== lib.CKR_USER_ALREADY_LOGGED_IN) throw error
    // A login is per token and process: a second signer of the same token finds it logged in, and
    // the token cannot check this PIN. Compare it with the PIN of the login this process made.
    const first = logins.get(slot.toString('hex'))
    if (first !== undefined && first !== pinHash) throw new KeyInvalid('the token rejected the PIN')
  }
  logins.set(slot.toString('hex'), pinHash)
}

function findObjects(pkcs11: Pkcs11js.PKCS11, session: Handle, template: Pkcs11js.Template): Handle[] {
  pkcs11.C_FindObjectsInit(session, template)
  try {
    return pkcs11.C_FindObjects(session, 2)
  } finally {
    pkcs11.C_FindObjectsFinal(session)
  }
}

/** The public JWK of a key object, from `CKA_EC_POINT` (a DER OCTET STRING around the point). */
function publicJwkOf(lib: Lib, pkcs11: Pkcs11js.PKCS11, session: Handle, publicKey: Handle, algorithm: 'EdDSA' | 'ES256'): PublicJwk {
  const [params, point] = pkcs11.C_GetAttributeValue(session, publicKey, [{ type: lib.CKA_EC_PARAMS }, { type: lib.CKA_EC_POINT }]).map((a) => a.value as Buffer)
  const curveOk = algorithm === 'ES256' ? sameBytes(params, P256_OID_DER) : sameBytes(params, ED25519_OID_DER) || sameBytes(params, ED25519_NAME_DER)
  if (!curveOk) throw new KeyInvalid(`the token's ${algorithm === 'ES256' ? 'EC' : 'Edwards'} key is not on ${algorithm === 'ES256' ? 'P-256' : 'Ed25519'}`)
  const expected = algorithm === 'ES256' ? 65 : 32
  let raw = point ?? Buffer.alloc(0)
  if (raw.length === expected + 2 && raw[0] === 0x04 && raw[1] === expected) raw = raw.subarray(2)
  if (raw.length !== expected || (algorithm === 'ES256' && raw[0] !== 0x04)) throw new KeyInvalid(`the token's CKA_EC_POINT is not a ${algorithm === 'ES256' ? 'P-256' : 'Ed25519'} public key`)
  if (algorithm === 'EdDSA') return { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }
  return { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i])
}

/** A CK_ULONG attribute value (native byte order, 4 or 8 bytes). */
function ulong(value: Buffer): number {
  const little = endianness() === 'LE'
  if (value.length === 8) return Number(little ? value.readBigUInt64LE() : value.readBigUInt64BE())
  return little ? value.readUInt32LE() : value.readUInt32BE()
}

function wrapTokenError(lib: Lib | undefined, error: unknown): unknown {
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') return error // already one of ours
  if (lib && (code === lib.CKR_PIN_INCORRECT || code === lib.CKR_PIN_LEN_RANGE)) return new KeyInvalid('the token rejected the PIN', { cause: error })
  if (lib && code === lib.CKR_PIN_LOCKED) return new KeyInvalid('the token PIN is locked', { cause: error })
  return error
}
