import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DependencyMissing, isObError } from '../../src/errors.js'
import { importPeer, isPackageMissing } from '../../src/internal/peer-dependency.js'

// A throwaway project whose node_modules holds the packages under test. The importer sits in
// node_modules too, so vitest leaves it to Node: the errors are Node's own resolution errors.
let dir: string
let importFrom: (specifier: string) => Promise<Record<string, unknown>>

async function writePackage(name: string, files: Record<string, string>): Promise<void> {
  const root = join(dir, 'node_modules', name)
  await mkdir(root, { recursive: true })
  for (const [file, text] of Object.entries(files)) await writeFile(join(root, file), text)
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'microcred-peer-'))
  const esm = (name: string, index: string) => writePackage(name, { 'package.json': JSON.stringify({ name, type: 'module', exports: './index.js' }), 'index.js': index })
  await esm('importer', 'export const importFrom = (specifier) => import(specifier)\n')
  await esm('working-peer', 'export const answer = 42\n')
  // Installed, but missing what they import themselves: npm install of the peer would not help.
  await esm('esm-peer', "import 'esm-peer-inner'\nexport const answer = 42\n")
  await writePackage('cjs-peer', { 'package.json': JSON.stringify({ name: 'cjs-peer', main: 'index.js' }), 'index.js': "module.exports = require('cjs-peer-inner')\n" })
  ;({ importFrom } = (await import(pathToFileURL(join(dir, 'node_modules/importer/index.js')).href)) as { importFrom: typeof importFrom })
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const POSTGRES = { feature: 'the PostgreSQL store (microcred/postgres)', packages: ['absent-peer'] }

describe('importPeer: an optional peer dependency', () => {
  it('loads an installed package', async () => {
    expect((await importPeer('working-peer', POSTGRES, () => importFrom('working-peer'))).answer).toBe(42)
  })

  it('a package that is not installed: DependencyMissing naming the feature and the npm install command, Node’s error as cause', async () => {
    const error = await importPeer('absent-peer', POSTGRES, () => importFrom('absent-peer')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DependencyMissing)
    expect(isObError(error) && error.code).toBe('ERR_OB_DEPENDENCY_MISSING')
    expect((error as Error).message).toBe('the PostgreSQL store (microcred/postgres) needs the "absent-peer" package: npm install absent-peer')
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('ERR_MODULE_NOT_FOUND')
  })

  it('a subpath of a scoped package that is not installed; the command installs every package of the feature', async () => {
    const server = { feature: 'serveIssuer (microcred/server, microcred serve)', packages: ['absent-framework', '@absent/adapter'] }
    const error = await importPeer('@absent/adapter', server, () => importFrom('@absent/adapter/serve-static')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DependencyMissing)
    expect((error as Error).message).toBe('serveIssuer (microcred/server, microcred serve) needs the "@absent/adapter" package: npm install absent-framework @absent/adapter')
  })

  it('an installed package missing its own ESM import is not relabelled: Node’s error passes through', async () => {
    const error = await importPeer('esm-peer', POSTGRES, () => importFrom('esm-peer')).catch((e: unknown) => e)
    expect(error).not.toBeInstanceOf(DependencyMissing)
    expect((error as NodeJS.ErrnoException).code).toBe('ERR_MODULE_NOT_FOUND')
    expect((error as Error).message).toContain("'esm-peer-inner'")
  })

  it('an installed CommonJS package whose require() fails is not relabelled', async () => {
    const error = await importPeer('cjs-peer', POSTGRES, () => importFrom('cjs-peer')).catch((e: unknown) => e)
    expect(error).not.toBeInstanceOf(DependencyMissing)
    expect((error as NodeJS.ErrnoException).code).toBe('MODULE_NOT_FOUND')
    expect((error as Error).message).toContain("'cjs-peer-inner'")
  })

  it('only the package asked for: another missing package is not relabelled as this one', async () => {
    const error = await importPeer('working-peer', POSTGRES, () => importFrom('absent-peer')).catch((e: unknown) => e)
    expect(error).not.toBeInstanceOf(DependencyMissing)
    expect(isPackageMissing(error, 'absent-peer')).toBe(true)
    expect(isPackageMissing(error, 'absent')).toBe(false)
  })

  it('other failures pass through untouched', async () => {
    const failure = new Error('boom')
    await expect(importPeer('working-peer', POSTGRES, () => Promise.reject(failure))).rejects.toBe(failure)
    expect(isPackageMissing('not an error', 'working-peer')).toBe(false)
  })
})
