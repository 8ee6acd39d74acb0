// Run from the consumer project (scripts/consumer-check.sh) against the installed package.
//   node peers.mjs missing    — the core-only install: the core entries load; each optional feature
//                               fails with ERR_OB_DEPENDENCY_MISSING naming its npm install command.
//   node peers.mjs installed  — after the peers are installed: the same calls reach the peers.
// Each check prints one line; any unexpected outcome exits 1.
const mode = process.argv[2]
if (mode !== 'missing' && mode !== 'installed') throw new Error('usage: node peers.mjs missing|installed')

// The core and the subpaths without peers load with nothing but microcred's own dependencies.
const core = await import('microcred')
for (const entry of ['microcred/verify', 'microcred/bake', 'microcred/share', 'microcred/exchange', 'microcred/oid4vci', 'microcred/publish', 'microcred/server', 'microcred/postgres', 'microcred/ob-api', 'microcred/pkcs11'])
  await import(entry)
console.log(`  imported microcred and its subpaths (${mode === 'missing' ? 'no optional peer installed' : 'peers installed'})`)

let failed = false
/** Runs `use`; with the peers missing it must throw DependencyMissing naming `install`, else anything but that. */
async function check(what, install, use) {
  let outcome
  try {
    outcome = `ok: ${(await use()) ?? 'done'}`
  } catch (error) {
    outcome = error
  }
  const missing = outcome instanceof core.DependencyMissing && outcome.code === 'ERR_OB_DEPENDENCY_MISSING'
  const expected = mode === 'missing' ? missing && outcome.message.endsWith(`: npm install ${install}`) : !missing
  if (!expected) failed = true
  const shown = typeof outcome === 'string' ? outcome : `${outcome.code ?? outcome.name}: ${outcome.message.split('\n')[0]}`
  console.log(`  ${expected ? 'ok  ' : 'FAIL'} ${what}: ${shown}`)
}

// Nothing listens on port 1: with pg installed the store fails to connect (ERR_OB_STORE_UNAVAILABLE).
const nowhere = 'postgres://microcred@127.0.0.1:1/none'
await check("PostgresStore.open(url) (microcred/postgres)", 'pg', async () => {
  const { PostgresStore } = await import('microcred/postgres')
  await (await PostgresStore.open(nowhere)).close()
})
await check("openStateStore('postgres://…') (microcred)", 'pg', async () => {
  await (await core.openStateStore(nowhere)).close()
})
await check('serveIssuer (microcred/server)', 'hono @hono/node-server', async () => {
  const { serveIssuer } = await import('microcred/server')
  const server = await serveIssuer({ port: 0 })
  await server.close()
  return `served at ${server.url}`
})
await check("import('microcred/queue')", 'bullmq ioredis', async () => {
  const queue = await import('microcred/queue')
  return `${Object.keys(queue).length} exports`
})
await check('startObAuthorization (microcred/ob-api)', 'oauth4webapi', async () => {
  const { startObAuthorization } = await import('microcred/ob-api')
  const host = { apiBase: 'https://ob.example/ims/ob/v3p0', scopes: [], authorizationServer: { issuer: 'https://ob.example', authorization_endpoint: 'https://ob.example/authorize' } }
  return (await startObAuthorization(host, { client_id: 'c', redirect_uris: ['https://issuer.example/cb'] })).url.slice(0, 40)
})
// pkcs11js is not installed in either mode (a native build); without a token library it fails to load the module.
if (mode === 'missing')
  await check('openPkcs11Signer (microcred/pkcs11)', 'pkcs11js', async () => {
    const { openPkcs11Signer } = await import('microcred/pkcs11')
    await openPkcs11Signer({ module: '/nowhere/libsofthsm2.so', tokenLabel: 't', pin: '1234', keyLabel: 'k' })
  })
if (failed) process.exit(1)
