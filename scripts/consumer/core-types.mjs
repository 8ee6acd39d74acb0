// Run from the consumer project (scripts/consumer-check.sh): the declarations of the core entries
// (root, verify, bake, share, browser-verifier), followed through every file they import, name no
// package but microcred's own `dependencies`, so a TypeScript consumer needs none of the optional
// peers. Prints the packages each entry's declarations reference; exits 1 on any other.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

const CORE = ['.', './verify', './bake', './share', './browser-verifier']
const root = resolve('node_modules/microcred')
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const allowed = new Set(Object.keys(manifest.dependencies ?? {}))
const peers = new Set(Object.keys(manifest.peerDependencies ?? {}))
// import … from 'x', export … from 'x', import 'x', import('x') — in declarations, always quoted.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g
const packageOf = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')

let failed = false
for (const entry of CORE) {
  const start = join(root, manifest.exports[entry].types)
  const seen = new Set()
  const referenced = new Set()
  const walk = (file) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      if (!specifier.startsWith('.')) {
        referenced.add(packageOf(specifier))
        continue
      }
      const target = resolve(dirname(file), specifier).replace(/\.js$/, '.d.ts')
      if (!existsSync(target)) throw new Error(`${file}: cannot find the declarations of "${specifier}"`)
      walk(target)
    }
  }
  walk(start)
  const refused = [...referenced].filter((name) => !allowed.has(name))
  if (refused.length > 0) failed = true
  const peersNamed = refused.filter((name) => peers.has(name))
  console.log(
    `  microcred${entry.slice(1)}: ${seen.size} declaration file(s), packages: ${[...referenced].join(', ') || 'none'}${refused.length ? ` — NOT dependencies: ${refused.join(', ')}${peersNamed.length ? ` (optional peers: ${peersNamed.join(', ')})` : ''}` : ''}`,
  )
}
if (failed) process.exit(1)
