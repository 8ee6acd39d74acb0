import type { ExchangeService } from '../../exchange/exchanges.js'
import { join } from 'node:path'
import { DirectoryExchangeStore } from '../../exchange/store.js'
import { DirectoryOfferStore } from '../../oid4vci/issuer.js'
import { readKeyFile } from '../../keys/key-file.js'
import { assertServeDependencies, serveIssuer } from '../../server/index.js'
import { args, type CliIo, EXIT, UsageError, webAddress } from '../args.js'
import { assertIssuerFlags, issuerOf } from '../issuer-profile.js'
import { assertDataIntegrityKey } from '../signing-key.js'
import { type WalletServices, walletServices } from '../wallet-services.js'

const SERVE_OPTIONS = {
  key: { type: 'string' },
  'issuer-name': { type: 'string' },
  'issuer-profile': { type: 'string' },
  'wallet-state': { type: 'string' },
  'public-url': { type: 'string' },
  site: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'max-body-bytes': { type: 'string' },
  'max-concurrent': { type: 'string' },
} as const

/**
 * `microcred serve`: the exchange, OpenID4VCI and verify endpoints (and a published site) until
 * SIGINT/SIGTERM. Listens only on --host (default 127.0.0.1).
 */
export async function serveCommand(argv: string[], io: CliIo, { signal }: { signal?: AbortSignal } = {}): Promise<number> {
  const { values } = args(argv, SERVE_OPTIONS, 0)
  // Hono is an optional peer: without it, say what to install first, before any other flag or state.
  await assertServeDependencies()
  if (!values.key) throw new UsageError('--key FILE is required (the issuer key that signs delivered credentials)')
  assertIssuerFlags(values, 'the issuer wallets show')
  if (values['public-url'] !== undefined) webAddress(values['public-url'], '--public-url', { http: 'loopback' })
  const port = Number(values.port ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535 (got "${values.port}")`)
  const positive = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined
    const n = Number(value)
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive whole number (got "${value}")`)
    return n
  }
  const maxBodyBytes = positive('max-body-bytes', values['max-body-bytes'])
  const maxConcurrent = positive('max-concurrent', values['max-concurrent'])
  const key = await readKeyFile(values.key)
  // VC-API exchanges deliver credentials signed with Data Integrity.
  assertDataIntegrityKey(key, values.key, { what: 'serve (VC-API exchanges)' })
  const issuerName = (await issuerOf(values, key)).name
  const hostname = values.host ?? '127.0.0.1'
  await pruneExpired(values['wallet-state'] ?? 'microcred-state')
  const stateDir = values['wallet-state'] ?? 'microcred-state'
  // The public URL is what wallets see (behind a TLS proxy); by default the address listened on,
  // known only once listening (port 0), so the services are made then.
  let services: WalletServices | undefined = values['public-url']
    ? await walletServices({ key, stateDir, publicUrl: values['public-url'], issuerName })
    : undefined
  const ready = () => {
    if (!services) throw new Error('the server is starting')
    return services
  }
  const exchanges: ExchangeService = {
    exchangeUrl: (id) => ready().exchanges.exchangeUrl(id),
    createExchange: (credential, options) => ready().exchanges.createExchange(credential, options),
    participate: (id, body) => ready().exchanges.participate(id, body),
    linksOf: (id) => ready().exchanges.linksOf(id),
  }
  const server = await serveIssuer({
    hostname,
    port,
    ...(values.site ? { siteDir: values.site } : {}),
    ...(maxBodyBytes ? { maxBodyBytes } : {}),
    ...(maxConcurrent ? { maxConcurrent } : {}),
    exchanges,
    routes: [{ route: (request) => ready().oid4vci.route(request) }],
  })
  services ??= await walletServices({ key, stateDir, publicUrl: server.url, issuerName })
  const publicUrl = values['public-url'] ?? server.url
  io.stdout(`microcred serve: listening on ${server.url} (public URL ${publicUrl}); exchanges and offers in ${stateDir}\n`)
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    signal?.addEventListener('abort', stop, { once: true })
    if (!signal) {
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    }
  })
  await server.close()
  return EXIT.ok
}

/** Drops exchanges and offers that expired more than a day ago, so the state folder does not grow forever. */
async function pruneExpired(stateDir: string): Promise<void> {
  const before = Date.now() - 24 * 3600_000
  const expired = (record: { expiresAt: string }) => Date.parse(record.expiresAt) < before
  await (await DirectoryExchangeStore.open(join(stateDir, 'exchanges'))).prune(expired)
  await (await DirectoryOfferStore.open(join(stateDir, 'oid4vci'))).prune(expired)
}
