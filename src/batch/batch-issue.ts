import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { v5 as uuidv5 } from 'uuid'
import { renderBadgeSvg, renderPng } from '../bake/default-image.js'
import { pngBaker } from '../bake/png.js'
import type { CredentialStatus } from '../credential/types.js'
import { buildCredential, type ProfileInput } from '../credential/build.js'
import type { ExchangeService } from '../exchange/exchanges.js'
import type { Oid4vciIssuer } from '../oid4vci/issuer.js'
import type { WalletOffer } from '../share/wallet-offer.js'
import { qrDataUri, qrPng, qrSvg } from '../exchange/qr.js'
import { writeFileAtomic } from '../io/atomic-write.js'
import type { IssuerKey } from '../keys/issuer-keys.js'
import { parseTemplate } from '../model/parse.js'
import type { MicroCredentialTemplate } from '../model/template.js'
import { renderCredentialPage, type VerifierScriptReference } from '../share/page.js'
import { sharedVerifierScript } from '../share/verifier-script.js'
import { signDataIntegrity } from '../sign/data-integrity.js'
import { type Signer, signerFromJwk } from '../sign/signer.js'
import { controllerOf } from '../internal/ids.js'
import { InputInvalid, isObError, type ObErrorCode } from '../errors.js'
import { signVcJwt } from '../sign/vc-jwt.js'
import type { CredentialPool } from '../pool/worker-pool.js'
import type { IssuerStateStore } from '../status/store.js'
import { allocateStatus, statusEntryOf } from '../status/status-list.js'
import { IssuanceLog } from './issuance-log.js'
import type { RosterRow } from './roster.js'
import { decideRow } from './row-decision.js'

export { educatorMismatch } from './row-decision.js'

/** Namespace of the name-based UUIDs (v5) that make a row's credential id stable across re-runs. */
export const MICROCRED_UUID_NAMESPACE = '6f1d3c7e-2b8a-5e4f-9c61-0a7d2e5b8c13'

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
  /** Directory the roster's relative paths are resolved against. */
  baseDir: string
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
   * Subresource Integrity (a page is then ~20 KB instead of ~800 KB).
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

/** The stable key of a roster row: who earned which template. */
export function rowKey(templateId: string, row: Pick<RosterRow, 'did' | 'email'>): string {
  return createHash('sha256')
    .update(`${templateId}\n${row.did ?? row.email?.trim().toLowerCase()}`)
    .digest('hex')
}

/**
 * Issues a roster. Resumable and crash-safe: every file is written atomically, a row is logged
 * (fsync) only after all its files exist, rows already in the log are skipped, and a row's
 * credential id is derived from its key, so re-running never issues a row twice.
 * @example
 * const summary = await issueBatch({ rows: parseRoster(csv), baseDir, key, issuer: { name: 'District' }, outDir: 'out' })
 */
export async function issueBatch(options: BatchOptions): Promise<BatchSummary> {
  const { rows, baseDir, issuer, outDir, formats = ['di'], includeName = false, verifierScript, pageBaseUrl, status, pool, onProgress, exchanges, oid4vci, now = () => new Date() } = options
  assertRosterIssuable(rows, formats)
  const { signer, issuerId } = await signingOf(options)
  const concurrency = Math.max(1, options.concurrency ?? (pool ? pool.size * 4 : 1))
  await mkdir(outDir, { recursive: true })
  await removeStaleTemps(outDir)
  const logPath = join(outDir, 'issuance-log.jsonl')
  const log = await IssuanceLog.open(logPath)
  const pageVerifier = verifierScript === undefined ? undefined : await writeSharedVerifier(outDir, verifierScript)
  const templates = new Map<string, Promise<{ template: MicroCredentialTemplate; bake: (credential: string) => Uint8Array }>>()
  const loadTemplate = (path: string) => {
    const full = resolve(baseDir, path)
    let entry = templates.get(full)
    if (!entry) {
      entry = (async () => {
        const template = parseTemplate(JSON.parse(await readFile(full, 'utf8')))
        const svg = renderBadgeSvg({ title: template.title, area: template.competency.area, issuerName: issuer.name })
        return { template, bake: pngBaker(await renderPng(svg)) }
      })()
      templates.set(full, entry)
    }
    return entry
  }

  const started = Date.now()
  const summary: BatchSummary = { issued: 0, skipped: 0, failed: [], logPath }
  const report = () => {
    const done = summary.issued + summary.skipped + summary.failed.length
    const seconds = Math.max((Date.now() - started) / 1000, 1e-3)
    const rate = (summary.issued + summary.failed.length) / seconds
    onProgress?.({ done, total: rows.length, issued: summary.issued, skipped: summary.skipped, failed: summary.failed.length, rate, etaSeconds: rate > 0 ? (rows.length - done) / rate : 0 })
  }

  const credentialIdOf = (key_: string) => `urn:uuid:${uuidv5(key_, MICROCRED_UUID_NAMESPACE)}`
  // Status entries for the whole roster in one durable transaction (one state write, not one per row).
  // Idempotent per credential id, so a re-run after a crash gets the same entries back; a row that
  // later fails keeps an unused index, which is harmless (indexes are random and never reused).
  const preallocated = new Map<string, CredentialStatus>()
  if (status) {
    const credentialIds: string[] = []
    for (const row of rows) {
      const key_ = await loadTemplate(row.template).then(
        ({ template }) => rowKey(template.id, row),
        () => undefined, // reported when the row itself is issued
      )
      if (key_ && !log.has(key_)) credentialIds.push(credentialIdOf(key_))
    }
    for (const allocation of await status.store.allocate(credentialIds.map((credentialId) => ({ credentialId, purpose: 'revocation' as const }))))
      preallocated.set(allocation.credentialId, statusEntryOf(allocation, status.baseUrl))
  }

  const issueRow = async (row: RosterRow) => {
    try {
      const { template, bake } = await loadTemplate(row.template)
      const key_ = rowKey(template.id, row)
      if (log.has(key_)) {
        summary.skipped++
        report()
        return
      }
      const credentialId = credentialIdOf(key_)
      const { submission, final } = await decisionFor(row, template, baseDir, issuerId, issuer.name, now())
      // Idempotent per credential id: a re-run after a crash gets the same status entry back.
      const credentialStatus = status
        ? (preallocated.get(credentialId) ?? (await allocateStatus(status.store, { credentialId, baseUrl: status.baseUrl })))
        : undefined
      const credential = await buildCredential({
        template,
        decision: final,
        submission,
        issuer: { ...issuer, id: issuerId },
        id: credentialId,
        includeName,
        ...(credentialStatus ? { credentialStatus } : {}),
      })
      const dir = join(outDir, key_.slice(0, 16))
      await mkdir(dir, { recursive: true })
      const files: string[] = []
      const write = async (name: string, data: string | Uint8Array) => {
        await writeFileAtomic(join(dir, name), data)
        files.push(join(key_.slice(0, 16), name))
      }
      let wallet: WalletOffer | undefined
      if (exchanges) {
        const { links, expiresAt } = await exchanges.createExchange(credential)
        const offer = oid4vci ? await oid4vci.createOffer(credential) : undefined
        await write('wallet.json', `${JSON.stringify({ ...links, expiresAt, ...(offer ? { openIdOffer: offer.offerUri } : {}) }, null, 2)}\n`)
        await write('wallet-qr.png', await qrPng(links.lcw))
        await write('wallet-qr.svg', await qrSvg(links.lcw))
        if (offer) await write('openid-offer-qr.png', await qrPng(offer.offerUri))
        wallet = { deepLink: links.lcw, learnCard: links.learnCard, qrDataUri: await qrDataUri(links.lcw), ...(offer ? { openIdOffer: offer.offerUri } : {}) }
      }
      if (formats.includes('jwt')) await write('credential.jwt', `${await signVcJwt(credential, { signer })}\n`)
      if (formats.includes('di')) {
        const signed = pool ? await pool.sign(credential) : await signDataIntegrity(credential, { signer })
        const baked = bake(JSON.stringify(signed))
        await write('credential.json', `${JSON.stringify(signed, null, 2)}\n`)
        await write('badge.png', baked)
        if (pageVerifier)
          await write(
            'index.html',
            renderCredentialPage({ credential: signed, bakedPng: baked, verifierScript: pageVerifier, ...(wallet ? { wallet } : {}), ...(pageBaseUrl ? { certUrl: new URL(`${key_.slice(0, 16)}/`, pageBaseUrl).href } : {}) }),
          )
      }
      // Logged only once every file of the row is durably on disk.
      await log.append({ rowKey: key_, row: row.row, credentialId, educator: row.name, templateId: template.id, files, issuedAt: now().toISOString() })
      summary.issued++
    } catch (error) {
      summary.failed.push({ row: row.row, name: row.name, code: isObError(error) ? error.code : 'ERR_OB_GENERIC', message: error instanceof Error ? error.message.split('\n')[0]! : String(error) })
    }
    report()
  }
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, rows.length) }, async () => {
      while (next < rows.length) await issueRow(rows[next++]!)
    }),
  )
  // Failures are reported in roster order whatever order the lanes finished in.
  summary.failed.sort((a, b) => a.row - b.row)
  return summary
}

async function decisionFor(row: RosterRow, template: MicroCredentialTemplate, baseDir: string, issuerId: string, issuerName: string, at: Date) {
  const assessment = row.award ? JSON.parse(await readFile(resolve(baseDir, row.award), 'utf8')) : undefined
  return decideRow({ row, template, assessment, issuerOfRecord: { id: issuerId, name: issuerName }, at })
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

/** Writes the verifier once beside the row directories; each row's page (one level down) loads it. */
async function writeSharedVerifier(outDir: string, script: string): Promise<VerifierScriptReference> {
  const { fileName, integrity } = await sharedVerifierScript(script)
  // Content-addressed: an existing file of that name already holds exactly this script.
  const existing = await readFile(join(outDir, fileName), 'utf8').catch(() => undefined)
  if (existing !== script) await writeFileAtomic(join(outDir, fileName), script)
  return { src: `../${fileName}`, integrity }
}

/** Removes temp files a killed run may have left (they never replaced a real file). */
async function removeStaleTemps(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.startsWith('.') && entry.name.endsWith('.tmp'))
      await unlink(join(entry.parentPath, entry.name)).catch(() => {})
  }
}
