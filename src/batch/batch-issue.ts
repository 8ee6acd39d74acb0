import type { ProfileInput } from '../credential/build.js'
import type { CredentialStatus } from '../credential/types.js'
import { InputInvalid, isObError, type ObErrorCode } from '../errors.js'
import type { ExchangeService } from '../exchange/exchanges.js'
import { controllerOf } from '../internal/ids.js'
import type { IssuerKey } from '../keys/issuer-keys.js'
import type { Oid4vciIssuer } from '../oid4vci/issuer.js'
import type { CredentialPool } from '../pool/worker-pool.js'
import { type Signer, signerFromJwk } from '../sign/signer.js'
import { statusEntryOf } from '../status/status-list.js'
import type { IssuerStateStore } from '../status/store.js'
import { openBatchOutput } from './batch-output.js'
import { type BatchTemplate, batchTemplates } from './batch-templates.js'
import { checkRosterInputs } from './roster-check.js'
import type { IssuanceLog } from './issuance-log.js'
import { issueRow } from './issue-row.js'
import type { RosterRow } from './roster.js'
import { credentialIdOf, rowKey } from './row-key.js'

export { educatorMismatch } from './row-decision.js'
export { type CheckRosterInputsOptions, checkRosterInputs, type RowNotAwarded } from './roster-check.js'
export { MICROCRED_UUID_NAMESPACE, rowKey } from './row-key.js'

export interface BatchProgress {
  done: number
  total: number
  issued: number
  skipped: number
  failed: number
  /** Rows per second over this run. */
  rate: number
  etaSeconds: number
}

export interface BatchOptions {
  rows: RosterRow[]
  /** Directory the roster's relative paths are resolved against; they must stay inside it (symlinks followed). */
  baseDir: string
  /** Opt-in: a wider folder the roster's paths may lead to (absolute paths inside it accepted too). */
  rosterRoot?: string
  /**
   * What signs: a `Signer` (a KMS, an HSM, a key in memory), or an issuer key file's contents. Give
   * one of `signer` or `key`. With a `Signer`, the issuer is `issuerId` (default: the DID of
   * `signer.id`). A worker `pool` signs with the JWK it was created with, as functions cannot cross
   * into worker threads; a KMS batch signs in-process, `concurrency` rows at a time.
   */
  key?: IssuerKey
  signer?: Signer
  /** The issuer's id when signing with `signer`. @default the controller (DID) of `signer.id` */
  issuerId?: string
  issuer: Omit<ProfileInput, 'id'>
  outDir: string
  /** @default ['di'] */
  formats?: ('di' | 'jwt')[]
  /** Put each educator's name in `credentialSubject.name`. @default false */
  includeName?: boolean
  /**
   * Write a self-verifying HTML page per row, running this verifier script. It is written once, as a
   * content-hashed `microcred-verify-<hash>.js` in `outDir`, and every page loads it from there with
   * Subresource Integrity (a page then weighs ~165 KB, mostly its baked badge, instead of ~1 MB). Served
   * over http(s), a page verifies and reads its status list live (from `status.baseUrl`); opened from
   * disk, where browsers cannot check the pin, it says it was not checked.
   */
  verifierScript?: string
  /** Base URL under which pages will be published (for Open Graph and LinkedIn). */
  pageBaseUrl?: string
  /**
   * Sign in this worker pool (`createCredentialPool` with the same key) instead of on the calling thread;
   * rows are then processed `concurrency` at a time. Each row stays crash-safe on its own.
   */
  pool?: CredentialPool
  /** Rows in flight at once. @default 1, or 4 × pool size with a pool */
  concurrency?: number
  /** Give every credential a status entry (revocation) from this store, published under `statusBaseUrl`. */
  status?: { store: IssuerStateStore; baseUrl: string }
  onProgress?: (progress: BatchProgress) => void
  /**
   * Open a VC-API exchange per credential, so each educator can take it into a wallet: writes
   * `wallet.json` (exchange, interaction, LCW and LearnCard links), `wallet-qr.png` and `wallet-qr.svg`
   * (the LCW deep link), and shows the QR code on the page.
   */
  exchanges?: ExchangeService
  /** Also make an OpenID4VCI credential offer per credential (in `wallet.json`, and `openid-offer-qr.png`). */
  oid4vci?: Oid4vciIssuer
  /** @default new Date() */
  now?: () => Date
}

/** A roster row that was not issued. */
export interface BatchRowFailure {
  row: number
  name: string
  /** The `ERR_OB_*` code (`ERR_OB_GENERIC` for an unexpected failure). */
  code: ObErrorCode
  message: string
}

export interface BatchSummary {
  issued: number
  skipped: number
  /** Rows not issued, in roster order, each with the error code and one-line message of why. */
  failed: BatchRowFailure[]
  logPath: string
}

/**
 * Issues a roster. Resumable and crash-safe: every file is written atomically, a row is logged
 * (fsync) only after all its files exist, rows already in the log are skipped, and a row's
 * credential id is derived from its key, so re-running never issues a row twice.
 * @example
 * const summary = await issueBatch({ rows: parseRoster(csv), baseDir, key, issuer: { name: 'District' }, outDir: 'out' })
 */
export async function issueBatch(options: BatchOptions): Promise<BatchSummary> {
  const { rows, formats = ['di'], pool, status } = options
  assertRosterIssuable(rows, formats)
  const rosterFolder = { baseDir: options.baseDir, ...(options.rosterRoot !== undefined ? { rosterRoot: options.rosterRoot } : {}) }
  // Every row's inputs, before anything is signed or written; rows not awarded are decided here too.
  const { notAwarded } = await checkRosterInputs(rows, rosterFolder)
  const { signer, issuerId } = await signingOf(options)
  const concurrency = Math.max(1, options.concurrency ?? (pool ? pool.size * 4 : 1))
  const { log, logPath, pageVerifier } = await openBatchOutput(options.outDir, options.verifierScript)
  const loadTemplate = batchTemplates(rosterFolder, options.issuer.name)
  const tally = batchTally(rows.length, logPath, options.onProgress)
  // Rows that are not awarded get no status entry: they are reported, never issued.
  const awarded = rows.filter((row) => !notAwarded.some((n) => n.row === row.row))
  const preallocated = status ? await preallocateStatus(awarded, status, loadTemplate, log) : new Map<string, CredentialStatus>()
  const run = {
    folder: rosterFolder,
    outDir: options.outDir,
    formats,
    includeName: options.includeName ?? false,
    issuer: options.issuer,
    issuerId,
    signer,
    pool,
    status,
    preallocated,
    exchanges: options.exchanges,
    oid4vci: options.oid4vci,
    pageVerifier,
    pageBaseUrl: options.pageBaseUrl,
    log,
    loadTemplate,
    now: options.now ?? (() => new Date()),
  }
  await inLanes(rows, concurrency, async (row) => tally.record(await issueRow(row, run).catch((error: unknown) => rowFailure(row, error))))
  return tally.summary()
}

/**
 * Status entries for the whole roster in one durable transaction (one state write, not one per row).
 * Idempotent per credential id, so a re-run after a crash gets the same entries back; a row that
 * later fails keeps an unused index, which is harmless (indexes are random and never reused).
 */
async function preallocateStatus(
  rows: readonly RosterRow[],
  status: { store: IssuerStateStore; baseUrl: string },
  loadTemplate: (path: string, problemPath: string) => Promise<BatchTemplate>,
  log: IssuanceLog,
): Promise<Map<string, CredentialStatus>> {
  const credentialIds: string[] = []
  for (const row of rows) {
    const key = await loadTemplate(row.template, `/${row.row}/template`).then(
      ({ template }) => rowKey(template.id, row),
      () => undefined, // reported when the row itself is issued
    )
    if (key && !log.has(key)) credentialIds.push(credentialIdOf(key))
  }
  const preallocated = new Map<string, CredentialStatus>()
  for (const allocation of await status.store.allocate(credentialIds.map((credentialId) => ({ credentialId, purpose: 'revocation' as const }))))
    preallocated.set(allocation.credentialId, statusEntryOf(allocation, status.baseUrl))
  return preallocated
}

/** Counts rows as they finish, reporting progress after each; the summary lists failures in roster order. */
function batchTally(total: number, logPath: string, onProgress: BatchOptions['onProgress']) {
  const started = Date.now()
  const summary: BatchSummary = { issued: 0, skipped: 0, failed: [], logPath }
  const report = () => {
    const done = summary.issued + summary.skipped + summary.failed.length
    const seconds = Math.max((Date.now() - started) / 1000, 1e-3)
    const rate = (summary.issued + summary.failed.length) / seconds
    onProgress?.({ done, total, issued: summary.issued, skipped: summary.skipped, failed: summary.failed.length, rate, etaSeconds: rate > 0 ? (total - done) / rate : 0 })
  }
  return {
    record(outcome: 'issued' | 'skipped' | BatchRowFailure) {
      if (typeof outcome === 'string') summary[outcome]++
      else summary.failed.push(outcome)
      report()
    },
    summary(): BatchSummary {
      // Failures are reported in roster order whatever order the lanes finished in.
      summary.failed.sort((a, b) => a.row - b.row)
      return summary
    },
  }
}

/** Works through `items` in order, `lanes` at a time. */
async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(lanes, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!)
    }),
  )
}

/** Why a row was not issued: its error code and the first line of the message. */
function rowFailure(row: RosterRow, error: unknown): BatchRowFailure {
  return { row: row.row, name: row.name, code: isObError(error) ? error.code : 'ERR_OB_GENERIC', message: error instanceof Error ? error.message.split('\n')[0]! : String(error) }
}

/** The batch's signer and issuer id, from a `Signer` or a key file's contents. */
async function signingOf({ key, signer, issuerId }: Pick<BatchOptions, 'key' | 'signer' | 'issuerId'>): Promise<{ signer: Signer; issuerId: string }> {
  if (signer) return { signer, issuerId: issuerId ?? controllerOf(signer.id) }
  if (!key) throw new TypeError('issueBatch needs a signer or a key')
  return { signer: await signerFromJwk(key.privateJwk, { id: key.verificationMethod }), issuerId: key.issuerId }
}

/**
 * Refuses a roster that cannot be issued as asked before anything is signed, naming every row at
 * fault: a VC-JWT names its subject (`sub`), so with `jwt` every row needs a DID.
 */
export function assertRosterIssuable(rows: readonly Pick<RosterRow, 'row' | 'did'>[], formats: readonly ('di' | 'jwt')[]): void {
  if (!formats.includes('jwt')) return
  const problems = rows.filter((r) => !r.did).map((r) => ({ path: `/rows/${r.row}`, message: `row ${r.row} has no did: a VC-JWT needs the recipient's DID as its subject` }))
  if (problems.length > 0)
    throw new InputInvalid(`roster refused: ${problems.length} of ${rows.length} row(s) have no did, which the jwt format needs (rows ${summarizeRows(problems.length, rows.filter((r) => !r.did).map((r) => r.row))}); add a did column or use --format di`, { problems })
}

const summarizeRows = (count: number, rows: number[]) => `${rows.slice(0, 10).join(', ')}${count > 10 ? `, … +${count - 10} more` : ''}`
