import { availableParallelism } from 'node:os'
import { dirname } from 'node:path'
import { v4 as uuidv4 } from 'uuid'
import { assessSubmission } from '../../assessment/assess.js'
import { appendAuditEvent } from '../../assessment/audit-trail.js'
import { credentialIdOfDecision, type DecisionRecord, finalFromRecord } from '../../assessment/decision-record.js'
import { type FinalDecision, finalizeDecision } from '../../assessment/finalize.js'
import { assertRosterIssuable, issueBatch } from '../../batch/batch-issue.js'
import { checkRosterInputs } from '../../batch/roster-check.js'
import { parseRoster } from '../../batch/roster.js'
import { createCredentialPool } from '../../pool/worker-pool.js'
import { writeFileAtomic } from '../../io/atomic-write.js'
import { issueCredential, issueCredentialJwt } from '../../issue.js'
import { readKeyFile } from '../../keys/key-file.js'
import { parseAssessmentInput, parseTemplate } from '../../model/parse.js'
import { loadVerifierScript } from '../../share/verifier-script.js'
import { signerFromJwk } from '../../sign/signer.js'
import { withStateStore } from '../../status/open-store.js'
import { allocateStatus } from '../../status/status-list.js'
import type { IssuerStateStore } from '../../status/store.js'
import { args, type CliIo, EXIT, print, readJsonFile, readText, UsageError, webAddress } from '../args.js'
import { assertIssuerFlags, issuerOf } from '../issuer-profile.js'
import { progressBar } from '../progress.js'
import { assertDataIntegrityKey } from '../signing-key.js'
import { readTrail, writeTrail } from './decide.js'
import { walletServices } from '../wallet-services.js'

const ISSUE_OPTIONS = {
  key: { type: 'string' },
  'issuer-name': { type: 'string' },
  'issuer-url': { type: 'string' },
  'issuer-profile': { type: 'string' },
  'recipient-name': { type: 'boolean' },
  decision: { type: 'string' },
  trail: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  'valid-until': { type: 'string' },
  batch: { type: 'string' },
  'roster-root': { type: 'string' },
  'no-page': { type: 'boolean' },
  'page-base-url': { type: 'string' },
  state: { type: 'string' },
  'status-base-url': { type: 'string' },
  workers: { type: 'string' },
  'wallet-url': { type: 'string' },
  'wallet-state': { type: 'string' },
} as const

export async function issue(argv: string[], io: CliIo): Promise<number> {
  const batch = argv.includes('--batch') || argv.some((a) => a.startsWith('--batch='))
  const { values, positionals } = args(argv, ISSUE_OPTIONS, batch ? 0 : 2)
  if (!values.key) throw new UsageError('--key FILE is required (microcred keys generate)')
  assertIssuerFlags(values)
  if (values['valid-until'] !== undefined) {
    const validUntil = new Date(values['valid-until']).getTime()
    if (Number.isNaN(validUntil)) throw new UsageError(`--valid-until must be a date-time (got "${values['valid-until']}")`)
    if (validUntil <= Date.now()) throw new UsageError(`--valid-until must be later than now: the credential would be expired when issued (got "${values['valid-until']}")`)
  }
  if (Boolean(values.state) !== Boolean(values['status-base-url'])) throw new UsageError('--state and --status-base-url go together')
  if (values['status-base-url'] !== undefined) webAddress(values['status-base-url'], '--status-base-url', { http: 'loopback' })
  const format = values.format ?? 'di'
  if (format !== 'di' && format !== 'jwt' && !(batch && format === 'both')) throw new UsageError(`--format must be di or jwt${batch ? ' or both' : ''} (got "${format}")`)
  if (batch) return issueBatchCommand(values, format, io)
  // Data Integrity takes Ed25519 keys only: another key is refused before anything is read or allocated.
  const key = await readKeyFile(values.key)
  if (format === 'di') assertDataIntegrityKey(key, values.key, { jwtInstead: true })
  const template = parseTemplate(await readJsonFile(positionals[0]!))
  const input = parseAssessmentInput(await readJsonFile(positionals[1]!))
  const issuer = await issuerOf(values, key)
  if (values.trail && !values.decision) throw new UsageError('--trail goes with --decision (the trail the decision was appended to)')
  let final: FinalDecision
  // A filed decision is issued under an id of its own (credentialIdOfDecision): issuing it again, or in
  // its other format, gives the same credential and status entry, never a second badge.
  let id = `urn:uuid:${uuidv4()}`
  if (values.decision) {
    // The issuer of record's filed decision (microcred decide), re-derived from the assessment.
    const record = await readJsonFile(values.decision)
    final = finalFromRecord(template, input, record)
    id = credentialIdOfDecision(key.issuerId, { submissionId: input.submission.id, final })
    if (values.trail) await readTrail(values.trail, (record as Partial<DecisionRecord>).auditHead)
  } else {
    const decision = assessSubmission(template, input)
    if (decision.outcome !== 'award-recommended') {
      const text = `not awarded: ${decision.outcome}${decision.outcome === 'incomplete' ? '' : ' (the issuer of record decides with microcred decide)'}`
      if (values.json) print(io, true, { issued: false, outcome: decision.outcome }, text)
      else io.stderr(`${text}\n`)
      return EXIT.negative
    }
    final = finalizeDecision(decision, { issuerOfRecord: { id: key.issuerId, name: issuer.name } })
  }
  if (final.status !== 'awarded') {
    if (values.json) print(io, true, { issued: false, outcome: final.status }, '')
    else io.stderr(`not awarded: ${final.status} by the issuer of record\n`)
    return EXIT.negative
  }
  const credentialStatus = values.state
    ? await withStateStore(values.state, (store) => allocateStatus(store, { credentialId: id, baseUrl: values['status-base-url']! }))
    : undefined
  const options = {
    id,
    ...(credentialStatus ? { credentialStatus } : {}),
    template,
    decision: final,
    submission: input.submission,
    issuer,
    includeName: values['recipient-name'] ?? false,
    ...(values['valid-until'] ? { validUntil: new Date(values['valid-until']) } : {}),
    signer: await signerFromJwk(key.privateJwk, { id: key.verificationMethod }),
  }
  // The proof is dated when it is made, as it always was from the command line (not at the decision).
  const output = format === 'jwt' ? await issueCredentialJwt(options) : JSON.stringify(await issueCredential({ ...options, created: new Date() }), null, 2)
  if (values.out) await writeFileAtomic(values.out, `${output}\n`)
  if (values.json) print(io, true, { issued: true, id, format, ...(values.out ? { out: values.out } : { credential: format === 'jwt' ? output : JSON.parse(output) }) }, '')
  else if (values.out) io.stderr(`issued ${id} to ${values.out}\n`)
  else io.stdout(`${output}\n`)
  if (values.trail && values.decision) {
    const trail = await readTrail(values.trail)
    // One event per credential and format: issuing the same decision again changes nothing in the trail.
    const already = trail.some((e) => e.action === 'credential-issued' && e.subject === id && (e.detail?.format ?? 'di') === format)
    if (!already)
      await writeTrail(
        values.trail,
        appendAuditEvent(trail, { at: new Date().toISOString(), actor: { id: key.issuerId, role: 'issuer-of-record' }, action: 'credential-issued', subject: id, detail: { submission: input.submission.id, format } }),
      )
  }
  return EXIT.ok
}

async function issueBatchCommand(
  values: {
    key?: string
    batch?: string
    out?: string
    'issuer-name'?: string
    'issuer-url'?: string
    'issuer-profile'?: string
    'recipient-name'?: boolean
    'no-page'?: boolean
    'page-base-url'?: string
    state?: string
    'status-base-url'?: string
    workers?: string
    'wallet-url'?: string
    'wallet-state'?: string
    'roster-root'?: string
    json?: boolean
  },
  format: string,
  io: CliIo,
): Promise<number> {
  if (!values.out) throw new UsageError('--out DIR is required with --batch')
  if (Boolean(values['wallet-url']) !== Boolean(values['wallet-state'])) throw new UsageError('--wallet-url and --wallet-state go together')
  if (values['wallet-url'] !== undefined) webAddress(values['wallet-url'], '--wallet-url', { http: 'loopback' })
  if (values['page-base-url'] !== undefined) webAddress(values['page-base-url'], '--page-base-url', { http: 'loopback' })
  const rosterPath = values.batch!
  const rows = parseRoster(await readText(rosterPath))
  const formats: ('di' | 'jwt')[] = format === 'both' ? ['di', 'jwt'] : [format as 'di' | 'jwt']
  const key = await readKeyFile(values.key!)
  if (formats.includes('di')) assertDataIntegrityKey(key, values.key!, { jwtInstead: true })
  // Wallet exchanges deliver credentials signed with Data Integrity, whatever --format says.
  if (values['wallet-url']) assertDataIntegrityKey(key, values.key!, { what: '--wallet-url (VC-API exchanges)' })
  // Refused before anything is started, written or signed (no pool, no wallet state, no output folder):
  // rows without the DID a VC-JWT needs, then every row's template and assessment.
  assertRosterIssuable(rows, formats)
  // The roster's paths stay in its folder unless --roster-root opts in to a wider one.
  const rosterFolder = { baseDir: dirname(rosterPath), ...(values['roster-root'] !== undefined ? { rosterRoot: values['roster-root'] } : {}) }
  await checkRosterInputs(rows, rosterFolder)
  const issuer = await issuerOf(values, key)
  // The pages' verifier is read before any worker or wallet state is started: a missing build fails first.
  const verifierScript = values['no-page'] ? undefined : await loadVerifierScript()
  // Big rosters sign in a worker pool sized to the cores; `--workers 0` keeps everything on one thread.
  const workers = values.workers === undefined ? (rows.length >= 50 ? availableParallelism() : 0) : Number(values.workers)
  if (!Number.isInteger(workers) || workers < 0) throw new UsageError(`--workers must be a whole number (got "${values.workers}")`)
  const wallet = values['wallet-url']
    ? await walletServices({ key, stateDir: values['wallet-state']!, publicUrl: values['wallet-url'], issuerName: issuer.name })
    : undefined
  const pool = workers > 0 ? await createCredentialPool({ size: workers, signingKey: { privateJwk: key.privateJwk, verificationMethod: key.verificationMethod } }) : undefined
  // With --json, stdout has the answer and stderr stays empty: no progress bar.
  const progress = values.json ? undefined : progressBar(io)
  const outDir = values.out
  const run = async (store?: IssuerStateStore) => issueBatch({
    ...(pool ? { pool } : {}),
    rows,
    ...rosterFolder,
    key,
    issuer: (({ id: _id, ...rest }) => rest)(issuer),
    includeName: values['recipient-name'] ?? false,
    outDir,
    formats,
    ...(verifierScript === undefined ? {} : { verifierScript }),
    ...(values['page-base-url'] ? { pageBaseUrl: values['page-base-url'] } : {}),
    ...(store && values['status-base-url'] ? { status: { store, baseUrl: values['status-base-url'] } } : {}),
    ...(progress ? { onProgress: progress.update } : {}),
    ...(wallet ? { exchanges: wallet.exchanges, oid4vci: wallet.oid4vci } : {}),
  })
  // Closed on every path: live workers would keep the process from exiting after an error.
  const summary = await (values.state && values['status-base-url'] ? withStateStore(values.state, run) : run()).finally(() => pool?.close())
  progress?.done()
  const text = [
    `issued ${summary.issued}, skipped ${summary.skipped} (already issued), failed ${summary.failed.length}; log: ${summary.logPath}`,
    ...summary.failed.map((f) => `  row ${f.row} (${f.name}): ${f.code}: ${f.message}`),
  ].join('\n')
  print(io, values.json, summary, text)
  return summary.failed.length > 0 ? EXIT.negative : EXIT.ok
}
