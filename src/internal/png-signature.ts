/** True when the bytes start like a PNG (`\x89PNG`): enough to pick the PNG reader over the SVG/text one. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47
}
