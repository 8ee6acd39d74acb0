// The CLI is a consumer of microcred like any other: every name it imports from outside src/cli must
// be one the package exports (its root, `microcred/verify` and the subpaths in package.json
// `exports`), and nothing under src/internal is imported at all. A capability the CLI needs is
// either public (documented) or lives under src/cli.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/examples.js'

const SRC = join(ROOT, 'src')
const CLI = join(SRC, 'cli')

/** package.json `exports` subpath → its source entry, through the `dts.entry` map of tsup.config.ts (the entries with declarations). */
function publicEntries(): { entries: Map<string, string>; unmapped: string[] } {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string | { types?: string }> }
  const dtsEntries = tsupDtsEntries()
  const entries = new Map<string, string>()
  const unmapped: string[] = []
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const types = typeof target === 'string' ? undefined : target.types
    const source = types === undefined ? undefined : dtsEntries.get(types.replace(/^\.\/dist\//, '').replace(/\.d\.ts$/, ''))
    if (source) entries.set(subpath, join(ROOT, source))
    else unmapped.push(subpath)
  }
  return { entries, unmapped }
}

/** The `dts: { entry: { name: 'src/…' } }` object of tsup.config.ts, read from its syntax tree. */
function tsupDtsEntries(): Map<string, string> {
  const file = ts.createSourceFile('tsup.config.ts', readFileSync(join(ROOT, 'tsup.config.ts'), 'utf8'), ts.ScriptTarget.Latest, true)
  const found = new Map<string, string>()
  const propertyNamed = (node: ts.ObjectLiteralExpression, name: string) =>
    node.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(file).replace(/['"]/g, '') === name)
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAssignment(node) && node.name.getText(file) === 'dts' && ts.isObjectLiteralExpression(node.initializer)) {
      const entry = propertyNamed(node.initializer, 'entry')
      if (entry && ts.isObjectLiteralExpression(entry.initializer))
        for (const property of entry.initializer.properties)
          if (ts.isPropertyAssignment(property) && ts.isStringLiteral(property.initializer)) found.set(property.name.getText(file).replace(/['"]/g, ''), property.initializer.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

const cliFiles = () =>
  readdirSync(CLI, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(CLI, f))

const program = (() => {
  let built: ts.Program | undefined
  return () => {
    if (!built) {
      const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
      built = ts.createProgram({ rootNames: [...cliFiles(), ...publicEntries().entries.values()], options: config!.options })
    }
    return built
  }
})()

/** A module specifier as written (`../../keys/key-file.js`) → the source file it names. */
function sourceOf(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined
  return resolve(dirname(from), specifier).replace(/\.js$/, '.ts')
}

interface Violation {
  file: string
  imported: string
  from: string
  why: string
}

/** Every import of a CLI source that leaves src/cli and names no public export (or reaches into src/internal). */
function violations(): Violation[] {
  const prog = program()
  const checker = prog.getTypeChecker()
  const original = (symbol: ts.Symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol)
  const entryFiles = new Set(publicEntries().entries.values())
  const publicSymbols = new Set<ts.Symbol>()
  for (const entry of entryFiles) {
    const module = checker.getSymbolAtLocation(prog.getSourceFile(entry)!)
    for (const exported of module ? checker.getExportsOfModule(module) : []) publicSymbols.add(original(exported))
  }
  const found: Violation[] = []
  for (const path of cliFiles()) {
    const file = prog.getSourceFile(path)!
    const name = relative(ROOT, path)
    const check = (specifier: ts.Expression, names: readonly ts.Identifier[], wholeModule: boolean) => {
      if (!ts.isStringLiteral(specifier)) return
      const target = sourceOf(path, specifier.text)
      if (!target || target.startsWith(`${CLI}/`)) return
      if (target.startsWith(`${join(SRC, 'internal')}/`)) found.push({ file: name, imported: names.map((n) => n.text).join(', ') || '*', from: specifier.text, why: 'src/internal' })
      // A namespace import or a dynamic import takes the whole module: only an entry's is public.
      if (wholeModule && !entryFiles.has(target)) found.push({ file: name, imported: '*', from: specifier.text, why: 'not a public entry' })
      for (const identifier of names) {
        const symbol = checker.getSymbolAtLocation(identifier)
        if (!symbol || !publicSymbols.has(original(symbol))) found.push({ file: name, imported: identifier.text, from: specifier.text, why: 'not exported by a public entry' })
      }
    }
    const visit = (node: ts.Node) => {
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause
        const bindings = clause?.namedBindings
        const names = [...(clause?.name ? [clause.name] : []), ...(bindings && ts.isNamedImports(bindings) ? bindings.elements.map((e) => e.name) : [])]
        check(node.moduleSpecifier, names, !clause || (bindings !== undefined && ts.isNamespaceImport(bindings)))
      } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
        const clause = node.exportClause
        check(node.moduleSpecifier, clause && ts.isNamedExports(clause) ? clause.elements.map((e) => e.propertyName ?? e.name).filter(ts.isIdentifier) : [], !clause || ts.isNamespaceExport(clause))
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) {
        check(node.arguments[0], [], true)
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
        check(node.argument.literal, [], true)
      }
      ts.forEachChild(node, visit)
    }
    visit(file)
  }
  return found
}

describe('the CLI calls only the public API', () => {
  it('every package.json export but the browser verifier bundle maps to a source entry', () => {
    const { entries, unmapped } = publicEntries()
    // ./browser-verifier is a script bundle for pages (scripts/browser-bundle.ts), not an API to import.
    expect(unmapped).toEqual(['./browser-verifier', './package.json'])
    expect(entries.get('.')).toBe(join(ROOT, 'src/index.ts'))
    expect(entries.get('./verify')).toBe(join(ROOT, 'src/verify/index.ts'))
    expect(entries.size).toBeGreaterThanOrEqual(12)
  })

  it('every name a CLI source imports from outside src/cli is exported by a public entry, and none comes from src/internal', () => {
    expect(violations().map((v) => `${v.file}: ${v.imported} from '${v.from}' (${v.why})`)).toEqual([])
  }, 60_000)
})
