import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { buildCredential, type ProfileInput } from '../credential/build.js'
import type { CredentialStatus, OpenBadgeCredential } from '../credential/types.js'
import type { ExchangeService } from '../exchange/exchanges.js'
import { qrDataUri, qrPng, qrSvg } from '../exchange/qr.js'
import { writeFileAtomic } from '../io/atomic-write.js'
import type { MicroCredentialTemplate } from '../model/template.js'
import type { Oid4vciIssuer } from '../oid4vci/issuer.js'
import type { CredentialPool } from '../pool/worker-pool.js'
import { renderCredentialPage, type VerifierScriptReference } from '../share/page.js'
import type { WalletOffer } from '../share/wallet-offer.js'
import { signDataIntegrity } from '../sign/data-integrity.js'
import type { Signer } from '../sign/signer.js'
import { signVcJwt } from '../sign/vc-jwt.js'
import { allocateStatus } from '../status/status-list.js'
import type { IssuerStateStore } from '../status/store.js'
import type { BatchTemplate } from './batch-templates.js'
import type { IssuanceLog } from './issuance-log.js'
import type { RosterRow } from './roster.js'
import { readRosterJson, type RosterFolder } from './roster-path.js'
import { decideRow } from './row-decision.js'
import { credentialIdOf, rowKey } from './row-key.js'

/** What every row of a batch shares: its settings, its signer, the log, and what was prepared once. */
export interface BatchRun {
  /** Where the roster's paths are resolved and confined. */
  folder: RosterFolder
  outDir: string
  formats: readonly ('di' | 'jwt')[]
  includeName: boolean
  issuer: Omit<ProfileInput, 'id'>
  issuerId: string
  signer: Signer
  pool: CredentialPool | undefined
  status: { store: IssuerStateStore; baseUrl: string } | undefined
  /** Status entries allocated for the roster up front, by credential id. */
  preallocated: ReadonlyMap<string, CredentialStatus>
  exchanges: ExchangeService | undefined
  oid4vci: Oid4vciIssuer | undefined
  pageVerifier: VerifierScriptReference | undefined
  pageBaseUrl: string | undefined
  log: IssuanceLog
  loadTemplate: (path: string, problemPath: string) => Promise<BatchTemplate>
  now: () => Date
}

/**
 * Issues one roster row, or skips it when the log already has it: builds its credential, writes
 * every file of the row (wallet offer, VC-JWT, signed credential, baked badge, page), then logs it.
 */
export async function issueRow(row: RosterRow, run: BatchRun): Promise<'issued' | 'skipped'> {
  const { template, bake } = await run.loadTemplate(row.template, `/${row.row}/template`)
  const key = rowKey(template.id, row)
  if (run.log.has(key)) return 'skipped'
  const credentialId = credentialIdOf(key)
  const credential = await credentialOf(row, template, credentialId, run)
  const folder = await rowFolder(run.outDir, key)
  const wallet = run.exchanges ? await writeWalletOffer(credential, run.exchanges, run.oid4vci, folder) : undefined
  if (run.formats.includes('jwt')) await folder.write('credential.jwt', `${await signVcJwt(credential, { signer: run.signer })}\n`)
  if (run.formats.includes('di')) await writeDataIntegrity(credential, bake, wallet, folder, run)
  // Logged only once every file of the row is durably on disk.
  await run.log.append({ rowKey: key, row: row.row, credentialId, educator: row.name, templateId: template.id, files: folder.files, issuedAt: run.now().toISOString() })
  return 'issued'
}

/** The row's unsigned credential: its decision, its status entry and the batch's issuer. */
async function credentialOf(row: RosterRow, template: MicroCredentialTemplate, credentialId: string, run: BatchRun): Promise<OpenBadgeCredential> {
  const { submission, final } = await decisionFor(row, template, run.folder, run.issuerId, run.issuer.name, run.now())
  // Idempotent per credential id: a re-run after a crash gets the same status entry back.
  const credentialStatus = run.status
    ? (run.preallocated.get(credentialId) ?? (await allocateStatus(run.status.store, { credentialId, baseUrl: run.status.baseUrl })))
    : undefined
  return buildCredential({
    template,
    decision: final,
    submission,
    issuer: { ...run.issuer, id: run.issuerId },
    id: credentialId,
    includeName: run.includeName,
    ...(credentialStatus ? { credentialStatus } : {}),
  })
}

async function decisionFor(row: RosterRow, template: MicroCredentialTemplate, folder: RosterFolder, issuerId: string, issuerName: string, at: Date) {
  const assessment = row.award ? await readRosterJson(row.award, folder, `/${row.row}/award`) : undefined
  return decideRow({ row, template, assessment, issuerOfRecord: { id: issuerId, name: issuerName }, at })
}

/** A row's folder (named by the first 16 hex digits of its key): each file written atomically and listed for the log. */
interface RowFolder {
  name: string
  files: string[]
  write(name: string, data: string | Uint8Array): Promise<void>
}

async function rowFolder(outDir: string, key: string): Promise<RowFolder> {
  const name = key.slice(0, 16)
  await mkdir(join(outDir, name), { recursive: true })
  const files: string[] = []
  return {
    name,
    files,
    write: async (file, data) => {
      await writeFileAtomic(join(outDir, name, file), data)
      files.push(join(name, file))
    },
  }
}

/**
 * Opens the row's exchange (and OpenID4VCI offer), writes `wallet.json` and the QR codes, and
 * returns the offer its page shows.
 */
async function writeWalletOffer(credential: OpenBadgeCredential, exchanges: ExchangeService, oid4vci: Oid4vciIssuer | undefined, folder: RowFolder): Promise<WalletOffer> {
  const { links, expiresAt } = await exchanges.createExchange(credential)
  const offer = oid4vci ? await oid4vci.createOffer(credential) : undefined
  await folder.write('wallet.json', `${JSON.stringify({ ...links, expiresAt, ...(offer ? { openIdOffer: offer.offerUri } : {}) }, null, 2)}\n`)
  await folder.write('wallet-qr.png', await qrPng(links.lcw))
  await folder.write('wallet-qr.svg', await qrSvg(links.lcw))
  if (offer) await folder.write('openid-offer-qr.png', await qrPng(offer.offerUri))
  return { deepLink: links.lcw, learnCard: links.learnCard, qrDataUri: await qrDataUri(links.lcw), ...(offer ? { openIdOffer: offer.offerUri } : {}) }
}

/** Signs with Data Integrity (in the pool when there is one), bakes the badge, and writes it with the credential and its page. */
async function writeDataIntegrity(credential: OpenBadgeCredential, bake: BatchTemplate['bake'], wallet: WalletOffer | undefined, folder: RowFolder, run: BatchRun): Promise<void> {
  const signed = run.pool ? await run.pool.sign(credential) : await signDataIntegrity(credential, { signer: run.signer })
  const baked = bake(JSON.stringify(signed))
  await folder.write('credential.json', `${JSON.stringify(signed, null, 2)}\n`)
  await folder.write('badge.png', baked)
  if (run.pageVerifier)
    await folder.write(
      'index.html',
      renderCredentialPage({ credential: signed, bakedPng: baked, verifierScript: run.pageVerifier, ...(wallet ? { wallet } : {}), ...(run.pageBaseUrl ? { certUrl: new URL(`${folder.name}/`, run.pageBaseUrl).href } : {}) }),
    )
}
