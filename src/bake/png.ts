import CRC32 from 'crc-32'
import extractChunks from 'png-chunks-extract'
import { BakeInvalid, BakeLegacyV2 } from '../errors.js'

export { isPng } from '../internal/png-signature.js'

/** OB 3.0 baking: the iTXt keyword that carries the credential (OB 3.0 §5.3.1). */
export const PNG_CREDENTIAL_KEYWORD = 'openbadgecredential'
/** Open Badges 2.0 used this keyword (iTXt or tEXt). */
export const PNG_LEGACY_KEYWORD = 'openbadges'
/** Largest credential text accepted in a PNG. @default 1 MiB */
export const MAX_BAKED_BYTES = 1024 * 1024

type Chunk = { name: string; data: Uint8Array }

const encoder = new TextEncoder()
const KEYWORD_BYTES = encoder.encode(PNG_CREDENTIAL_KEYWORD)
const decoder = new TextDecoder('utf-8', { fatal: true })

export interface BakePngOptions {
  /** Refuse an image that already carries a credential instead of replacing it. @default false */
  refuseIfBaked?: boolean
}

/**
 * Bakes a credential (JSON text or compact JWT) into a PNG: one uncompressed `iTXt` chunk with
 * keyword `openbadgecredential`, empty language and translated keyword, inserted before `IEND`.
 * Baking again replaces the earlier credential (and any OB 2.0 assertion), never duplicates it.
 * @example
 * const baked = bakePng(await readFile('badge.png'), JSON.stringify(signedCredential))
 */
export function bakePng(png: Uint8Array, credential: string, { refuseIfBaked = false }: BakePngOptions = {}): Uint8Array {
  return preparePng(png, refuseIfBaked)(credential)
}

/**
 * A baker for many credentials into one image (a cohort's badge): the image is read, checked and
 * stripped of any earlier credential once; each call then writes only the new `iTXt` chunk.
 * The image bytes are copied, so later changes to `png` do not leak into the badges.
 * @example
 * const bake = pngBaker(badgePng)
 * for (const signed of cohort) await writeFile(`${signed.id}.png`, bake(JSON.stringify(signed)))
 */
export function pngBaker(png: Uint8Array): (credential: string) => Uint8Array {
  return preparePng(png, false)
}

function preparePng(png: Uint8Array, refuseIfBaked: boolean): (credential: string) => Uint8Array {
  const kept = readChunks(png).filter((chunk) => {
    const keyword = textChunkKeyword(chunk)
    if (keyword === PNG_CREDENTIAL_KEYWORD && refuseIfBaked) throw new BakeInvalid('the PNG already carries a credential')
    return keyword !== PNG_CREDENTIAL_KEYWORD && keyword !== PNG_LEGACY_KEYWORD
  })
  const iend = kept.findIndex((c) => c.name === 'IEND')
  if (iend < 0) throw new BakeInvalid('the PNG has no IEND chunk')
  const head = encodeChunks(kept.slice(0, iend), true)
  const tail = encodeChunks(kept.slice(iend), false)
  return (credential) => {
    const text = encoder.encode(credential)
    if (text.byteLength > MAX_BAKED_BYTES) throw new BakeInvalid(`the credential is ${text.byteLength} bytes; at most ${MAX_BAKED_BYTES} can be baked`)
    // iTXt: keyword \0 compression-flag(0) compression-method(0) language \0 translated-keyword \0 text
    const data = new Uint8Array(KEYWORD_BYTES.length + 5 + text.length)
    data.set(KEYWORD_BYTES, 0)
    data.set(text, KEYWORD_BYTES.length + 5) // the five bytes between are 0: \0, flag 0, method 0, \0 (language), \0 (translated)
    const chunk = encodeChunks([{ name: 'iTXt', data }], false)
    const out = new Uint8Array(head.byteLength + chunk.byteLength + tail.byteLength)
    out.set(head, 0)
    out.set(chunk, head.byteLength)
    out.set(tail, head.byteLength + chunk.byteLength)
    return out
  }
}

/** What a baked image carries. */
export type UnbakeResult = { version: '3.0'; credential: string } | { version: '2.0'; assertion: string } | { version: 'none' }

/**
 * Reads the credential baked in a PNG. Throws `ERR_OB_BAKE_INVALID` when the credential chunk is
 * compressed, oversized, not UTF-8 or present more than once; an Open Badges 2.0 image is
 * reported as `version: '2.0'`.
 * @example
 * const baked = unbakePng(bytes); if (baked.version === '3.0') console.log(baked.credential)
 */
export function unbakePng(png: Uint8Array): UnbakeResult {
  let found: string | undefined
  let legacy: string | undefined
  for (const chunk of readChunks(png)) {
    const keyword = textChunkKeyword(chunk)
    if (keyword === PNG_CREDENTIAL_KEYWORD) {
      if (chunk.name !== 'iTXt') throw new BakeInvalid(`the credential is in a ${chunk.name} chunk; OB 3.0 requires iTXt`)
      if (found !== undefined) throw new BakeInvalid('the PNG carries more than one openbadgecredential chunk')
      found = readITxt(chunk.data)
    } else if (keyword === PNG_LEGACY_KEYWORD && legacy === undefined) {
      legacy = chunk.name === 'iTXt' ? readITxt(chunk.data, true) : latin1(chunk.data.subarray(PNG_LEGACY_KEYWORD.length + 1))
    }
  }
  if (found !== undefined) return { version: '3.0', credential: found }
  if (legacy !== undefined) return { version: '2.0', assertion: legacy }
  return { version: 'none' }
}

/** Like `unbakePng`, but returns the OB 3.0 credential text or throws (`ERR_OB_BAKE_LEGACY_V2`, `ERR_OB_BAKE_INVALID`). */
export function unbakePngCredential(png: Uint8Array): string {
  return credentialOf(unbakePng(png), 'PNG', 'openbadgecredential chunk')
}

/** The OB 3.0 credential of an unbake result, or the coded error for a legacy or empty image. */
export function credentialOf(result: UnbakeResult, image: 'PNG' | 'SVG', carrier: string): string {
  if (result.version === '3.0') return result.credential
  if (result.version === '2.0') throw new BakeLegacyV2(`the ${image} carries an Open Badges 2.0 assertion, not an OB 3.0 credential; verify it with an OB 2.0 verifier`)
  throw new BakeInvalid(`the ${image} carries no ${carrier}`)
}

// png-chunks-encode (used before) copied every chunk into a plain JS array to CRC it: ≈3 ms per
// 50 KB badge, which made baking, not signing, the bottleneck of a cohort. crc-32 on the typed array.
function encodeChunks(chunks: Chunk[], withSignature: boolean): Uint8Array {
  const start = withSignature ? 8 : 0
  const out = new Uint8Array(start + chunks.reduce((n, c) => n + 12 + c.data.byteLength, 0))
  const view = new DataView(out.buffer)
  if (withSignature) out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  let at = start
  for (const { name, data } of chunks) {
    view.setUint32(at, data.byteLength)
    const type = out.subarray(at + 4, at + 8)
    for (let i = 0; i < 4; i++) type[i] = name.charCodeAt(i)
    out.set(data, at + 8)
    view.setInt32(at + 8 + data.byteLength, CRC32.buf(data, CRC32.buf(type)))
    at += 12 + data.byteLength
  }
  return out
}

function readChunks(png: Uint8Array): Chunk[] {
  try {
    return extractChunks(png)
  } catch (cause) {
    throw new BakeInvalid(`not a valid PNG: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
}

function textChunkKeyword(chunk: Chunk): string | undefined {
  if (chunk.name !== 'iTXt' && chunk.name !== 'tEXt' && chunk.name !== 'zTXt') return undefined
  const end = chunk.data.indexOf(0)
  return end > 0 && end < 80 ? latin1(chunk.data.subarray(0, end)) : undefined
}

function readITxt(data: Uint8Array, allowCompressed = false): string {
  const keywordEnd = data.indexOf(0)
  const compressionFlag = data[keywordEnd + 1]
  if (compressionFlag !== 0 && !allowCompressed) throw new BakeInvalid('the credential chunk is compressed; OB 3.0 forbids compression')
  const languageEnd = data.indexOf(0, keywordEnd + 3)
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1)
  if (translatedEnd < 0) throw new BakeInvalid('the iTXt chunk is truncated')
  const text = data.subarray(translatedEnd + 1)
  if (text.byteLength > MAX_BAKED_BYTES) throw new BakeInvalid(`the baked credential is ${text.byteLength} bytes; at most ${MAX_BAKED_BYTES} are read`)
  try {
    return decoder.decode(text)
  } catch (cause) {
    throw new BakeInvalid('the baked credential is not UTF-8 text', { cause })
  }
}

function latin1(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes)
}
