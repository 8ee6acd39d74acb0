import QRCode from 'qrcode'

export interface QrOptions {
  /** Pixels per module for PNG. @default 6 */
  scale?: number
  /** Quiet zone in modules (the QR spec asks for 4). @default 4 */
  margin?: number
}

/**
 * A QR code of `text` as an SVG document (error correction M), drawn by the `qrcode` package.
 * @example
 * await writeFile('offer.svg', await qrSvg(links.lcw))
 */
export async function qrSvg(text: string, { margin = 4 }: QrOptions = {}): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin })
}

/**
 * A QR code of `text` as PNG bytes.
 * @example
 * await writeFile('offer.png', await qrPng(links.lcw))
 */
export async function qrPng(text: string, { scale = 6, margin = 4 }: QrOptions = {}): Promise<Uint8Array> {
  return new Uint8Array(await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', scale, margin }))
}

/**
 * A QR code of `text` as a `data:image/png;base64,…` URI, for an `<img>` on a page whose CSP allows `img-src data:`.
 * @example
 * `<img alt="Scan with your wallet" src="${await qrDataUri(links.lcw)}">`
 */
export async function qrDataUri(text: string, options: QrOptions = {}): Promise<string> {
  return `data:image/png;base64,${Buffer.from(await qrPng(text, options)).toString('base64')}`
}
