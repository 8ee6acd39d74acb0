// microcred/bake: put a credential into a PNG or SVG badge image and read it back (OB 3.0 §5.3).
export { bakePng, type BakePngOptions, isPng, MAX_BAKED_BYTES, PNG_CREDENTIAL_KEYWORD, PNG_LEGACY_KEYWORD, pngBaker, type UnbakeResult, unbakePng, unbakePngCredential } from './png.js'
export { bakeSvg, SVG_OB2_NAMESPACE, SVG_OB3_NAMESPACE, unbakeSvg, unbakeSvgCredential } from './svg.js'
export { areaColor, type BadgeImageInput, renderBadgeSvg, renderPng } from './default-image.js'
