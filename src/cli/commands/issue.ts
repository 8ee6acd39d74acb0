import { availableParallelism } from 'node:os'
import { dirname } from 'node:path'
import { v4 as uuidv4 } from 'uuid'
import { decideAssessment } from '../../assessment/decide.js'
import { finalizeDecision } from '../../assessment/finalize.js'
import { issueBatch } from '../../batch/batch-issue.js'
import { parseRoster } from '../../batch/roster.js'
import { createCredentialPool } from '../../pool/worker-pool.js'
import { buildCredential } from '../../credential/build.js'
import { writeFileAtomic } from '../../internal/atomic-write.js'
import { readKeyFile } from '../../keys/key-file.js'
import { parseAssessmentInput, parseTemplate } from '../../model/parse.js'
import { loadVerifierScript } from '../../share/verifier-script.js'
import { signDataIntegrity } from '../../sign/data-integrity.js'
import { signerFromJwk } from '../../sign/signer.js'
import { signVcJwt } from '../../sign/vc-jwt.js'
import { withStateStore } from '../../status/open-store.js'
import { allocateStatus } from '../../status/status-list.js'
import type { IssuerStateStore } from '../../status/store.js'
import { args, type CliIo, EXIT, print, readJsonFile, readText, UsageError } from '../args.js'
import { progressBar } from '../progress.js'

const ISSUE_OPTIONS = {
  key: { type: 'string' },
  'issuer-name': { type: 'string' },
  'issuer-url': { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  'valid-until': { type: 'string' },
  batch: { type: 'string' },
  'no-page': { type: 'boolean' },
  'page-base-url': { type: 'string' },
  state: { type: 'string' },
  'status-base-url': { type: 'string' },
  workers: { type: 'string' },
} as const

export async function issue(argv: string[], io: CliIo): Promise<number> {
  const batch = argv.includes('--batch') || argv.some((a) => a.startsWith('--batch='))
  const { values, positionals } = args(argv, ISSUE_OPTIONS, batch ? 0 : 2)
  if (!values.key) throw new UsageError('--key FILE is required (microcred keys generate)')
  const format = values.format ?? 'di'
  if (format !== 'di' && format !== 'jwt' && !(batch && format === 'both')) throw new UsageError(`--format must be di or jwt${batch ? ' or both' : ''} (got "${format}")`)
  if (batch) return issueBatchCommand(values, format, io)
  const template = parseTemplate(await readJsonFile(positionals[0]!))
  const input = parseAssessmentInput(await readJsonFile(positionals[1]!))
  const key = await readKeyFile(values.key)
  const decision = decideAssessment(template.rubric, input)
  if (decision.outcome !== 'award-recommended') {
    io.stderr(`not awarded: ${decision.outcome}\n`)
    return EXIT.negative
  }
  const issuerName = values['issuer-name'] ?? 'Issuer'
  const final = finalizeDecision(decision, { issuerOfRecord: { id: key.issuerId, name: issuerName } })
  if (Boolean(values.state) !== Boolean(values['status-base-url'])) throw new UsageError('--state and --status-base-url go together')
  const id = `urn:uuid:${uuidv4()}`
  const credentialStatus = values.state
    ? await withStateStore(values.state, (store) => allocateStatus(store, { credentialId: id, baseUrl: values['status-base-url']! }))
    : undefined
  const credential = await buildCredential({
    id,
    ...(credentialStatus ? { credentialStatus } : {}),
    template,
    decision: final,
    submission: input.submission,
    issuer: { id: key.issuerId, name: issuerName, ...(values['issuer-url'] ? { url: values['issuer-url'] } : {}) },
    ...(values['valid-until'] ? { validUntil: new Date(values['valid-until']) } : {}),
  })
  const signer = await signerFromJwk(key.privateJwk, { id: key.verificationMethod })
  const output = format === 'jwt' ? await signVcJwt(credential, { signer }) : `${JSON.stringify(await signDataIntegrity(credential, { signer }), null, 2)}`
  if (values.out) {
    await writeFileAtomic(values.out, `${output}\n`)
    io.stderr(`issued ${credential.id} to ${values.out}\n`)
  } else io.stdout(`${output}\n`)
  return EXIT.ok
}

async function issueBatchCommand(
  values: {
    key?: string
    batch?: string
    out?: string
    'issuer-name'?: string
    'issuer-url'?: string
    'no-page'?: boolean
    'page-base-url'?: string
    state?: string
    'status-base-url'?: string
    workers?: string
    json?: boolean
  },
  format: string,
  io: CliIo,
): Promise<number> {
  if (!values.out) throw new UsageError('--out DIR is required with --batch')
  const rosterPath = values.batch!
  const rows = parseRoster(await readText(rosterPath))
  const key = await readKeyFile(values.key!)
  // Big rosters sign in a worker pool sized to the cores; `--workers 0` keeps everything on one thread.
  const workers = values.workers === undefined ? (rows.length >= 50 ? availableParallelism() : 0) : Number(values.workers)
  if (!Number.isInteger(workers) || workers < 0) throw new UsageError(`--workers must be a whole number (got "${values.workers}")`)
  const pool = workers > 0 ? await createCredentialPool({ size: workers, signingKey: { privateJwk: key.privateJwk, verificationMethod: key.verificationMethod } }) : undefined
  const progress = progressBar(io)
  // Closed on every path: live workers would keep the process from exiting after an error.
  const outDir = values.out
  const run = async (store?: IssuerStateStore) => issueBatch({
    ...(pool ? { pool } : {}),
    rows,
    baseDir: dirname(rosterPath),
    key,
    issuer: { name: values['issuer-name'] ?? 'Issuer', ...(values['issuer-url'] ? { url: values['issuer-url'] } : {}) },
    outDir,
    formats: format === 'both' ? ['di', 'jwt'] : [format as 'di' | 'jwt'],
    ...(values['no-page'] ? {} : { verifierScript: await loadVerifierScript() }),
    ...(values['page-base-url'] ? { pageBaseUrl: values['page-base-url'] } : {}),
    ...(store && values['status-base-url'] ? { status: { store, baseUrl: values['status-base-url'] } } : {}),
    onProgress: progress.update,
  })
  const summary = await (values.state && values['status-base-url'] ? withStateStore(values.state, run) : run()).finally(() => pool?.close())
  progress.done()
  const text = [
    `issued ${summary.issued}, skipped ${summary.skipped} (already issued), failed ${summary.failed.length}; log: ${summary.logPath}`,
    ...summary.failed.map((f) => `  row ${f.row} (${f.name}): ${f.reason}`),
  ].join('\n')
  print(io, values.json, summary, text)
  return summary.failed.length > 0 ? EXIT.negative : EXIT.ok
}
