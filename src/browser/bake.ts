// The browser build of `microcred/bake`: baking and reading PNG/SVG badges and the default SVG art.
// `renderPng` is left out: it runs the native resvg renderer, which only exists under Node.
export { bakePng, type BakePngOptions, isPng, MAX_BAKED_BYTES, PNG_CREDENTIAL_KEYWORD, PNG_LEGACY_KEYWORD, pngBaker, type UnbakeResult, unbakePng, unbakePngCredential } from '../bake/png.js'
export { bakeSvg, SVG_OB2_NAMESPACE, SVG_OB3_NAMESPACE, unbakeSvg, unbakeSvgCredential } from '../bake/svg.js'
export { areaColor, type BadgeImageInput, renderBadgeSvg } from '../bake/badge-svg.js'
