import { access } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { writeFileAtomic } from '../../io/atomic-write.js'
import { generateIssuerKey, type IssuerIdentifierMethod } from '../../keys/issuer-keys.js'
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../../keys/jwk.js'
import { writeKeyFile } from '../../keys/key-file.js'
import { args, type CliIo, EXIT, print, required, UsageError, webAddress } from '../args.js'

/** The API's algorithm names (`SIGNING_ALGORITHMS`), case-insensitive; `Ed25519` is kept as an alias of `EdDSA`. */
const ALGORITHMS: ReadonlyMap<string, SigningAlgorithm> = new Map([...SIGNING_ALGORITHMS.map((name) => [name.toLowerCase(), name] as const), ['ed25519', 'EdDSA']])

/** "EdDSA, ES256 or RS256": the names `--alg` takes, as the API spells them. */
const ALGORITHM_NAMES = `${SIGNING_ALGORITHMS.slice(0, -1).join(', ')} or ${SIGNING_ALGORITHMS.at(-1)}`

export async function keys(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv
  if (sub !== 'generate') throw new UsageError(sub === undefined ? 'give a subcommand: generate' : `unknown subcommand "${sub}" (generate)`)
  const { values } = args(rest, { alg: { type: 'string' }, did: { type: 'string' }, url: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } }, 0)
  const algorithm = ALGORITHMS.get((values.alg ?? 'EdDSA').toLowerCase())
  if (!algorithm) throw new UsageError(`--alg must be ${ALGORITHM_NAMES} (got "${values.alg}")`)
  const out = required(values.out, '--out FILE')
  // A key file holds the only copy of a private key: replacing it strands every credential it signed.
  if (!values.force && (await exists(out))) throw new UsageError(`"${out}" already exists; pass --force to replace the key in it`)
  let identifier: IssuerIdentifierMethod = { method: 'did:key' }
  if (values.url) identifier = { method: 'url', url: webAddress(values.url, '--url') }
  else if (values.did?.startsWith('web:')) identifier = { method: 'did:web', host: values.did.slice(4) }
  else if (values.did && values.did !== 'key') throw new UsageError(`--did must be "key" or "web:HOST" (got "${values.did}")`)
  const key = await generateIssuerKey({ algorithm, identifier })
  await writeKeyFile(out, key)
  let published: string | undefined
  if (key.publish) {
    published = join(dirname(out), identifier.method === 'did:web' ? 'did.json' : 'key-document.json')
    await writeFileAtomic(published, `${JSON.stringify(key.publish.document, null, 2)}\n`)
  }
  const summary = { issuerId: key.issuerId, verificationMethod: key.verificationMethod, algorithm, keyFile: out, ...(key.publish ? { publishAt: key.publish.url, document: published } : {}) }
  print(
    io,
    values.json,
    summary,
    [`issuer id:           ${key.issuerId}`, `verification method: ${key.verificationMethod}`, `key file (0600):     ${out}`, ...(published ? [`publish ${published} at ${key.publish!.url}`] : [])].join('\n'),
  )
  return EXIT.ok
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}
