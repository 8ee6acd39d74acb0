// THIRD_PARTY_NOTICES.md from the build itself: every package esbuild put into dist/ (read from the
// esbuild metafiles of the Node build, the browser build and the browser verifier), with its version,
// license and license text. Also audits the build against package.json:
// - everything left external is a Node built-in or a declared `dependencies`/`peerDependencies`/
//   `optionalDependencies` entry (what a consumer's install provides);
// - nothing declared in `dependencies` is bundled (it would be installed for nothing);
// - every package microcred's own source imports and the build bundles is a devDependency;
// - every bundled license is on the permissive list below.
//   tsx scripts/third-party-notices.ts           writes THIRD_PARTY_NOTICES.md (after `npm run build`)
//   tsx scripts/third-party-notices.ts --check   fails if the file is stale or the audit fails (CI)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'

const ROOT = new URL('..', import.meta.url).pathname
const NOTICES = join(ROOT, 'THIRD_PARTY_NOTICES.md')
const METAFILES = ['dist/metafile-esm.json', 'dist/browser/metafile-esm.json', 'dist/browser/metafile-verifier.json']
const PERMISSIVE = new Set(['MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', '0BSD', 'BlueOak-1.0.0', 'CC0-1.0', 'Unlicense', 'Zlib', 'W3C-20150513'])
// Packages whose package.json says "SEE LICENSE IN …": the license file was read and is stated here.
const REVIEWED: Record<string, string> = {
  // Code BSD-3-Clause; the context files are the W3C specs' own, under the W3C Software and Document License.
  '@digitalbazaar/credentials-context': 'BSD-3-Clause AND W3C-20150513',
  'did-context': 'BSD-3-Clause AND W3C-20150513',
}

interface Metafile {
  inputs: Record<string, { imports: { path: string; kind: string; external?: boolean; original?: string }[] }>
}
interface Manifest {
  name: string
  version: string
  license?: string | { type: string }
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T
const manifest = readJson<Manifest>(join(ROOT, 'package.json'))
const externals = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {})])
const builtins = new Set(builtinModules)

/** `node_modules/a/node_modules/@s/b/lib/x.js` → `node_modules/a/node_modules/@s/b`. */
function packageDirOf(input: string): string | undefined {
  const at = input.lastIndexOf('node_modules/')
  if (at < 0) return undefined
  const [first, second] = input.slice(at + 'node_modules/'.length).split('/')
  return input.slice(0, at + 'node_modules/'.length) + (first?.startsWith('@') ? `${first}/${second}` : first)
}

/** The bare package name of an import specifier (`@s/b/x` → `@s/b`), or undefined for a relative path. */
function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined
  const [first, second] = specifier.split('/')
  return first?.startsWith('@') ? `${first}/${second}` : first
}

const problems: string[] = []
const bundled = new Map<string, Manifest & { dir: string }>()
for (const file of METAFILES) {
  const path = join(ROOT, file)
  if (!existsSync(path)) throw new Error(`${file} is missing: run \`npm run build\` first`)
  const { inputs } = readJson<Metafile>(path)
  for (const [input, { imports }] of Object.entries(inputs)) {
    const dir = packageDirOf(input.replace(/^[a-z-]+:/, ''))
    if (dir && !bundled.has(dir)) bundled.set(dir, { ...readJson<Manifest>(join(ROOT, dir, 'package.json')), dir })
    for (const imported of imports) {
      const specifier = imported.original ?? imported.path
      const name = packageNameOf(specifier)
      if (imported.external) {
        // `<runtime>` is esbuild's own helper module (it stands in for a bare `require`), not a package.
        if (name && specifier !== '<runtime>' && !builtins.has(name) && !name.startsWith('node:') && !externals.has(name))
          problems.push(`${file}: ${input} imports "${specifier}", left external but not declared in dependencies/peerDependencies`)
      } else if (input.startsWith('src/') && name && packageDirOf(imported.path) && !manifest.devDependencies?.[name])
        problems.push(`${input} imports "${name}", which is bundled: declare it in devDependencies`)
    }
  }
}

const packages = [...bundled.values()].filter((p) => p.name !== manifest.name)
const unique = new Map<string, (typeof packages)[number]>()
for (const p of packages) unique.set(`${p.name}@${p.version}`, p)
const sorted = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : 1))

for (const [id, p] of sorted) {
  if (externals.has(p.name)) problems.push(`${id} is bundled but declared in dependencies: make it a devDependency or keep it external`)
  const license = licenseOf(p)
  // SPDX: "A OR B" is fine when one alternative is; "A AND B" when every part is.
  const alternatives = license.replace(/[()]/g, '').split(/\s+OR\s+/)
  if (!alternatives.some((a) => a.split(/\s+AND\s+/).every((l) => PERMISSIVE.has(l.trim())))) problems.push(`${id}: license "${license}" is not on the permissive list`)
}

function licenseOf(p: Manifest): string {
  return REVIEWED[p.name] ?? (typeof p.license === 'object' ? p.license.type : p.license) ?? 'UNKNOWN'
}

function licenseText(dir: string): string | undefined {
  const file = readdirSync(join(ROOT, dir)).find((f) => /^(licen[cs]e|copying)(\.|-|$)/i.test(f))
  return file ? readFileSync(join(ROOT, dir, file), 'utf8').trim() : undefined
}

const fence = (text: string) => {
  const ticks = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)))
  return `${ticks}text\n${text}\n${ticks}`
}

const notices = [
  '# Third-party notices',
  '',
  `microcred's \`dist/\` bundles the following ${sorted.length} packages (generated by \`scripts/third-party-notices.ts\` from the`,
  "build's esbuild metafiles; CI fails when this file is stale). Packages in `dependencies` and the optional `peerDependencies` are installed by the consumer, not bundled, and are not listed.",
  '',
  ...sorted.flatMap(([id, p]) => {
    const license = licenseOf(p)
    const text = licenseText(p.dir)
    return [`## ${id}`, '', `License: ${license}`, '', text ? fence(text) : '(the package ships no license file; see its package.json)', '']
  }),
].join('\n')

if (problems.length > 0) {
  console.error(problems.map((p) => `third-party audit: ${p}`).join('\n'))
  process.exit(1)
}
if (process.argv.includes('--check')) {
  const current = existsSync(NOTICES) ? readFileSync(NOTICES, 'utf8') : ''
  if (current !== notices) {
    console.error('THIRD_PARTY_NOTICES.md is stale: run `npm run build && npm run notices` and commit it')
    process.exit(1)
  }
  console.log(`THIRD_PARTY_NOTICES.md is current: ${sorted.length} bundled packages, all permissively licensed`)
} else {
  writeFileSync(NOTICES, notices)
  console.log(`wrote THIRD_PARTY_NOTICES.md: ${sorted.length} bundled packages`)
}
