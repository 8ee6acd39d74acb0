import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { OpenBadgeCredential } from '../../credential/types.js'
import { readKeyFile } from '../../keys/key-file.js'
import { publishIssuerSite, type SiteCredential } from '../../publish/site.js'
import { loadVerifierScript } from '../../share/verifier-script.js'
import { openStateStore } from '../../status/open-store.js'
import { assertDataIntegrityKey } from '../signing-key.js'
import { args, type CliIo, EXIT, print, readBytes, readJsonFile, UsageError, webAddress } from '../args.js'

const PUBLISH_OPTIONS = {
  key: { type: 'string' },
  out: { type: 'string' },
  'base-url': { type: 'string' },
  'issuer-name': { type: 'string' },
  'issuer-url': { type: 'string' },
  'issuer-email': { type: 'string' },
  'issuer-image': { type: 'string' },
  state: { type: 'string' },
  'status-base-url': { type: 'string' },
  credentials: { type: 'string', multiple: true },
  'no-pages': { type: 'boolean' },
} as const

/** `microcred publish`: the issuer's static site from its key, status state and issued credentials. */
export async function publish(argv: string[], io: CliIo): Promise<number> {
  const { values } = args(argv, PUBLISH_OPTIONS, 0)
  if (!values.key || !values.out || !values['base-url'] || !values['issuer-name']) throw new UsageError('publish needs --key FILE, --base-url URL, --issuer-name NAME and --out DIR')
  webAddress(values['base-url'], '--base-url', { http: 'loopback' })
  if (values['status-base-url'] !== undefined) webAddress(values['status-base-url'], '--status-base-url', { http: 'loopback' })
  if (values['issuer-url'] !== undefined) webAddress(values['issuer-url'], '--issuer-url')
  const key = await readKeyFile(values.key)
  // The site's status lists are signed with Data Integrity.
  if (values.state) assertDataIntegrityKey(key, values.key, { what: 'publish --state (the status lists)' })
  const credentials: SiteCredential[] = []
  for (const dir of values.credentials ?? []) credentials.push(...(await readIssuedCredentials(dir)))
  const verifierScript = values['no-pages'] || credentials.length === 0 ? undefined : await loadVerifierScript()
  // The site publishes the lists of existing state: a --state that does not exist is a mistake, not a new store.
  const store = values.state ? await openStateStore(values.state, { create: false }) : undefined
  const result = await publishIssuerSite({
    outDir: values.out,
    baseUrl: values['base-url'],
    key,
    profile: {
      name: values['issuer-name'],
      ...(values['issuer-url'] ? { url: values['issuer-url'] } : {}),
      ...(values['issuer-email'] ? { email: values['issuer-email'] } : {}),
      ...(values['issuer-image'] ? { image: values['issuer-image'] } : {}),
    },
    ...(store ? { status: { store, ...(values['status-base-url'] ? { baseUrl: values['status-base-url'] } : {}) } } : {}),
    credentials,
    ...(verifierScript ? { verifierScript } : {}),
  }).finally(() => store?.close())
  print(io, values.json, result, `wrote ${result.files.length} files to ${values.out}; serve it at ${values['base-url']} (profile ${result.profileUrl})`)
  return EXIT.ok
}

/** The credentials of a batch output folder: each sub-folder's credential.json, badge.png and wallet.json. */
async function readIssuedCredentials(dir: string): Promise<SiteCredential[]> {
  const found: SiteCredential[] = []
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => {
    throw new UsageError(`cannot read the credentials folder "${dir}"`)
  })
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const names = await readdir(join(dir, entry.name))
    if (!names.includes('credential.json')) continue
    const credential = (await readJsonFile(join(dir, entry.name, 'credential.json'))) as OpenBadgeCredential
    const wallet = names.includes('wallet.json') ? ((await readJsonFile(join(dir, entry.name, 'wallet.json'))) as SiteCredential['wallet']) : undefined
    found.push({ credential, ...(names.includes('badge.png') ? { bakedPng: await readBytes(join(dir, entry.name, 'badge.png')) } : {}), ...(wallet ? { wallet } : {}) })
  }
  return found
}
