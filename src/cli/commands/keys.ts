import { dirname, join } from 'node:path'
import { writeFileAtomic } from '../../internal/atomic-write.js'
import { generateIssuerKey, type IssuerIdentifierMethod } from '../../keys/issuer-keys.js'
import type { SigningAlgorithm } from '../../keys/jwk.js'
import { writeKeyFile } from '../../keys/key-file.js'
import { args, type CliIo, EXIT, print, UsageError } from '../args.js'

const ALGORITHMS: Record<string, SigningAlgorithm> = { ed25519: 'EdDSA', eddsa: 'EdDSA', es256: 'ES256', 'p-256': 'ES256', rs256: 'RS256', rsa: 'RS256' }

export async function keys(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv
  if (sub !== 'generate') throw new UsageError('usage: microcred keys generate --alg Ed25519|ES256|RS256 [--did key|web:HOST | --url URL] --out FILE')
  const { values } = args(rest, { alg: { type: 'string' }, did: { type: 'string' }, url: { type: 'string' }, out: { type: 'string' } }, 0)
  const algorithm = ALGORITHMS[(values.alg ?? 'Ed25519').toLowerCase()]
  if (!algorithm) throw new UsageError(`--alg must be Ed25519, ES256 or RS256 (got "${values.alg}")`)
  if (!values.out) throw new UsageError('--out FILE is required')
  let identifier: IssuerIdentifierMethod = { method: 'did:key' }
  if (values.url) identifier = { method: 'url', url: values.url }
  else if (values.did?.startsWith('web:')) identifier = { method: 'did:web', host: values.did.slice(4) }
  else if (values.did && values.did !== 'key') throw new UsageError(`--did must be "key" or "web:HOST" (got "${values.did}")`)
  const key = await generateIssuerKey({ algorithm, identifier })
  await writeKeyFile(values.out, key)
  let published: string | undefined
  if (key.publish) {
    published = join(dirname(values.out), identifier.method === 'did:web' ? 'did.json' : 'key-document.json')
    await writeFileAtomic(published, `${JSON.stringify(key.publish.document, null, 2)}\n`)
  }
  const summary = { issuerId: key.issuerId, verificationMethod: key.verificationMethod, algorithm, keyFile: values.out, ...(key.publish ? { publishAt: key.publish.url, document: published } : {}) }
  print(
    io,
    values.json,
    summary,
    [`issuer id:           ${key.issuerId}`, `verification method: ${key.verificationMethod}`, `key file (0600):     ${values.out}`, ...(published ? [`publish ${published} at ${key.publish!.url}`] : [])].join('\n'),
  )
  return EXIT.ok
}
