// Every feature that needs an optional peer dependency, as if none were installed: the subpaths and
// the CLI answer with ERR_OB_DEPENDENCY_MISSING and the npm install command. The peers are made
// missing by Node's own "cannot find package" error (the real one from a fresh install is checked
// by test/internal/peer-dependency.test.ts and scripts/consumer-check.sh).
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { runCli } from '../../src/cli/main.js'
import { DependencyMissing } from '../../src/errors.js'

const PEERS = ['pg', 'hono', '@hono/node-server', 'bullmq', 'ioredis', 'oauth4webapi', 'pkcs11js']

vi.mock('../../src/internal/peer-dependency.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/internal/peer-dependency.js')>()
  const notFound = (name: string) => Object.assign(new Error(`Cannot find package '${name}' imported from ${import.meta.filename}`), { code: 'ERR_MODULE_NOT_FOUND' })
  return {
    ...actual,
    importPeer: <T>(name: string, feature: Parameters<typeof actual.importPeer>[1], load: () => Promise<T>) =>
      actual.importPeer(name, feature, PEERS.includes(name) ? () => Promise.reject(notFound(name)) : load),
  }
})

async function cli(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => new Uint8Array() })
  return { code, stdout, stderr }
}

const dir = mkdtempSync(join(tmpdir(), 'microcred-missing-peers-'))

describe('the subpaths without their optional peers', () => {
  it('microcred/postgres: PostgresStore.open from a connection string names pg', async () => {
    const { PostgresStore } = await import('../../src/postgres/index.js')
    const error = await PostgresStore.open('postgres://127.0.0.1/none').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DependencyMissing)
    expect((error as Error).message).toBe('the PostgreSQL store (microcred/postgres) needs the "pg" package: npm install pg')
  })

  it('microcred/server: the Fetch-API handlers need nothing; serveIssuer names hono and its Node adapter', async () => {
    const { createIssuerHandler, serveIssuer } = await import('../../src/server/index.js')
    const handler = createIssuerHandler({})
    expect((await handler(new Request('http://127.0.0.1/nowhere'))).status).toBe(404)
    const error = await serveIssuer({}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DependencyMissing)
    expect((error as Error).message).toBe('serveIssuer (microcred/server, microcred serve) needs the "hono" package: npm install hono @hono/node-server')
  })

  it('microcred/ob-api: the first OAuth call names oauth4webapi', async () => {
    const { startObAuthorization } = await import('../../src/ob-api/index.js')
    const host = { apiBase: 'https://ob.example/ims/ob/v3p0', scopes: [], authorizationServer: { issuer: 'https://ob.example', authorization_endpoint: 'https://ob.example/authorize' } }
    const error = await startObAuthorization(host, { client_id: 'c', redirect_uris: ['https://issuer.example/cb'] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DependencyMissing)
    expect((error as Error).message).toBe('the OB 3.0 API client (microcred/ob-api) needs the "oauth4webapi" package: npm install oauth4webapi')
  })

  it('microcred/pkcs11: opening a signer names pkcs11js', async () => {
    const { openPkcs11Signer } = await import('../../src/pkcs11/index.js')
    const error = await openPkcs11Signer({ module: '/nowhere/libsofthsm2.so', tokenLabel: 't', pin: '1234', keyLabel: 'k' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DependencyMissing)
    expect((error as Error).message).toBe('PKCS#11 signing (microcred/pkcs11) needs the "pkcs11js" package: npm install pkcs11js')
  })

  it('microcred/queue: the import itself names the queue’s packages (ioredis is loaded first)', async () => {
    const error = await import('../../src/queue/index.js').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DependencyMissing)
    expect((error as Error).message).toBe('the issuance queue (microcred/queue, microcred queue) needs the "ioredis" package: npm install bullmq ioredis')
  })
})

describe('the CLI without the optional peers: one line, exit 2', () => {
  it('serve names hono before any state is touched; --json prints the error object on stdout', async () => {
    const state = join(dir, 'serve-state')
    const result = await cli('serve', '--key', join(dir, 'no-key.json'), '--issuer-name', 'District', '--wallet-state', state)
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'microcred: ERR_OB_DEPENDENCY_MISSING: serveIssuer (microcred/server, microcred serve) needs the "hono" package: npm install hono @hono/node-server\n',
    })
    expect(existsSync(state)).toBe(false)
    const json = await cli('serve', '--key', join(dir, 'no-key.json'), '--issuer-name', 'District', '--wallet-state', state, '--json')
    expect(json.code).toBe(2)
    expect(json.stderr).toBe('')
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: 'ERR_OB_DEPENDENCY_MISSING', message: 'serveIssuer (microcred/server, microcred serve) needs the "hono" package: npm install hono @hono/node-server' },
    })
  })

  it('a postgres:// --state names pg', async () => {
    const result = await cli('status', 'revoke', 'urn:uuid:7d9a1c7e-0000-4000-8000-000000000001', '--reason', 'test', '--state', 'postgres://127.0.0.1/none')
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('microcred: ERR_OB_DEPENDENCY_MISSING: the PostgreSQL store (microcred/postgres) needs the "pg" package: npm install pg\n')
  })

  it('queue commands name the queue’s packages, before a token or a database is opened', async () => {
    process.env.MICROCRED_PKCS11_PIN = '1234'
    try {
      const work = await cli('queue', 'work', '--pkcs11-module', '/nowhere.so', '--pkcs11-token', 't', '--pkcs11-key', 'k', '--state', 'postgres://127.0.0.1/none', '--status-base-url', 'https://x.example/status', '--out', join(dir, 'out'))
      expect(work.code).toBe(2)
      expect(work.stderr).toBe('microcred: ERR_OB_DEPENDENCY_MISSING: the issuance queue (microcred/queue, microcred queue) needs the "ioredis" package: npm install bullmq ioredis\n')
    } finally {
      delete process.env.MICROCRED_PKCS11_PIN
    }
    const status = await cli('queue', 'status', '--json')
    expect(status.code).toBe(2)
    expect(JSON.parse(status.stdout).error.code).toBe('ERR_OB_DEPENDENCY_MISSING')
  })
})
