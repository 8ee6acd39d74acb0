// The default badge: the SVG art is pure (badge-svg.ts, browser-safe); rendering it to PNG needs
// the native resvg renderer and the bundled fonts, so that half lives here and is Node only.
export { areaColor, type BadgeImageInput, renderBadgeSvg } from './badge-svg.js'

/**
 * Renders an SVG to PNG with resvg (a maintained Rust renderer from npm) and the bundled DejaVu
 * fonts, so output does not depend on the machine's fonts. Node only.
 */
export async function renderPng(svg: string, { width = 512 }: { width?: number } = {}): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js')
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: false, fontFiles: await dejaVuFonts(), defaultFontFamily: 'DejaVu Sans' },
  })
  return new Uint8Array(resvg.render().asPng())
}

// Node modules are imported lazily so that the pure SVG half of this file stays browser-safe.
async function dejaVuFonts(): Promise<string[]> {
  const { createRequire } = await import('node:module')
  const { dirname, join } = await import('node:path')
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf')
  return [join(dir, 'DejaVuSans.ttf'), join(dir, 'DejaVuSans-Bold.ttf')]
}
