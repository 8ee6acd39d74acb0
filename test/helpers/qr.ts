// Decodes QR codes with jsqr (an independent decoder): a PNG file's bytes or raw RGBA pixels.
import jsQRModule from 'jsqr'
import { PNG } from 'pngjs'

type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null
// jsqr is CommonJS whose types declare an ES default export: take whichever the loader gave.
const jsQR = ((jsQRModule as unknown as { default?: Decode }).default ?? jsQRModule) as unknown as Decode

/** The text of the QR code in a PNG, or undefined. */
export function decodeQrPng(bytes: Uint8Array): string | undefined {
  const png = PNG.sync.read(Buffer.from(bytes))
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data
}
