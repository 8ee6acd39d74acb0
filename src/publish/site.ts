import { createHash } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from '../credential/contexts.js'
import { type ProfileInput, profileOf } from '../credential/build.js'
import { checkObSchema } from '../credential/ob-schema.js'
import type { Achievement, OpenBadgeCredential } from '../credential/types.js'
import { ValidationError, type ValidationProblem } from '../errors.js'
import { obError } from '../internal/ob-error.js'
import { qrDataUri } from '../exchange/qr.js'
import { writeFileAtomic } from '../io/atomic-write.js'
import { didWebDocumentUrl, type IssuerKey } from '../keys/issuer-keys.js'
import { renderCredentialPage } from '../share/page.js'
import type { WalletOffer } from '../share/wallet-offer.js'
import { signerFromJwk } from '../sign/signer.js'
import { publishStatusLists } from '../status/status-list.js'
import type { IssuerStateStore } from '../status/store.js'

/** One credential to give a page on the site. */
export interface SiteCredential {
  credential: OpenBadgeCredential
  /** The baked PNG, shown and offered on the page. */
  bakedPng?: Uint8Array
  /** Wallet links (from `wallet.json` of a batch); the page shows their QR code. */
  wallet?: { lcw: string; learnCard?: string; openIdOffer?: string }
}

export interface PublishSiteOptions {
  /** The folder to write (created if missing; files are replaced atomically, others left alone). */
  outDir: string
  /** Where the folder will be served, e.g. `https://district.example.org`. Every published URL is under it. */
  baseUrl: string
  /** The issuer's key: its DID document, its public JWK set and the status lists' signatures. */
  key: IssuerKey
  /** The issuer's OB 3.0 Profile (its `id` is the key's issuer id). */
  profile: Omit<ProfileInput, 'id'>
  /** Sign and publish the status lists in this store, at `statusBaseUrl/<listId>`. */
  status?: { store: IssuerStateStore; baseUrl?: string }
  /** Credentials to give pages (and whose achievements are published). */
  credentials?: SiteCredential[]
  /** More achievement definitions to publish. */
  achievements?: Achievement[]
  /** The browser verifier, inlined in each page; without it no pages are written. */
  verifierScript?: string
  /** @default new Date() */
  now?: Date
}

/** What was written, as paths relative to `outDir` with the URL each is served at. */
export interface PublishSiteResult {
  files: { path: string; url: string }[]
  profileUrl: string
  jwksUrl: string
  didDocumentUrl?: string
  statusLists: string[]
}

export const JWKS_PATH = '.well-known/jwks.json'

/**
 * Writes, from the issuer's state, a static folder any web server can serve as is: the issuer's
 * OB 3.0 `Profile` (`profile.json`), its DID document for did:web (`.well-known/did.json`, or
 * `<path>/did.json` per the did:web rules) or key document for an https issuer, the public JWK set
 * for VC-JWT verifiers (`.well-known/jwks.json`), the achievement definitions
 * (`achievements/…`), the signed status lists, and a page per credential
 * (`credentials/<id>/`). Served, a page reads its status list fresh from the list's origin
 * (`connect-src` names exactly that origin), and falls back to the list embedded at publishing.
 * @example
 * await publishIssuerSite({ outDir: 'site', baseUrl: 'https://district.example.org', key, profile: { name: 'District', url: 'https://district.example.org' } })
 */
export async function publishIssuerSite(options: PublishSiteOptions): Promise<PublishSiteResult> {
  const { outDir, key, status, credentials = [], achievements = [], verifierScript, now = new Date() } = options
  const base = new URL(options.baseUrl)
  if (base.protocol !== 'https:' && !['127.0.0.1', 'localhost'].includes(base.hostname)) throw new TypeError('baseUrl must be an https URL')
  const baseUrl = base.href.replace(/\/+$/, '')
  const files: PublishSiteResult['files'] = []
  const pathOf = (url: string): string => {
    if (url !== baseUrl && !url.startsWith(`${baseUrl}/`)) throw obError('ERR_OB_ISSUER_INVALID', `"${url}" is not under the site's base URL "${baseUrl}"; publish the site where the issuer's identifiers point`)
    const path = decodeURIComponent(new URL(url).pathname.slice(new URL(baseUrl).pathname.replace(/\/+$/, '').length + 1))
    if (path.split('/').some((segment) => segment === '..' || segment === '.')) throw obError('ERR_OB_INPUT_INVALID', `"${url}" has a dot segment`)
    return path
  }
  const write = async (path: string, data: string | Uint8Array) => {
    const full = join(outDir, path)
    await mkdir(dirname(full), { recursive: true })
    await writeFileAtomic(full, data)
    files.push({ path, url: `${baseUrl}/${path}` })
  }
  const writeJson = (path: string, value: unknown) => write(path, `${JSON.stringify(value, null, 2)}\n`)

  // The Profile: what `issuer.id`… resolves to for humans and the OB 3.0 API.
  const profile = { '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT], ...profileOf({ ...options.profile, id: key.issuerId }) }
  const problems = [...profileProblems(options.profile), ...(await checkObSchema(profile, 'profile'))]
  if (problems.length > 0) throw new ValidationError('ERR_OB_ISSUER_INVALID', 'the issuer profile', problems)
  await writeJson('profile.json', profile)

  let didDocumentUrl: string | undefined
  if (key.publish) {
    didDocumentUrl = key.issuerId.startsWith('did:web:') ? didWebDocumentUrl(key.issuerId) : key.publish.url
    const path = pathOf(didDocumentUrl)
    await writeJson(path === '' || path.endsWith('/') ? `${path}index.json` : path, key.publish.document)
  }

  const jwk = { ...key.publicJwk, kid: key.verificationMethod, alg: key.algorithm, use: 'sig' }
  await writeJson(JWKS_PATH, { keys: [jwk] })

  const definitions = new Map<string, Achievement>()
  for (const achievement of [...achievements, ...credentials.map((c) => c.credential.credentialSubject.achievement)]) definitions.set(achievement.id, achievement)
  const achievementIndex: { id: string; name: string; url: string }[] = []
  for (const achievement of definitions.values()) {
    const path = achievement.id.startsWith(`${baseUrl}/`) ? pathOf(achievement.id) : `achievements/${slug(achievement.id)}.json`
    await writeJson(path, { '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT], ...achievement })
    achievementIndex.push({ id: achievement.id, name: achievement.name, url: `${baseUrl}/${path}` })
  }
  await writeJson('achievements/index.json', achievementIndex)

  const statusLists = new Map<string, unknown>()
  if (status) {
    const signer = await signerFromJwk(key.privateJwk, { id: key.verificationMethod })
    const lists = await publishStatusLists(status.store, { baseUrl: status.baseUrl ?? `${baseUrl}/status`, issuerId: key.issuerId, signer, validFrom: now })
    for (const list of lists) {
      await writeJson(pathOf(list.url), list.credential)
      statusLists.set(list.url, list.credential)
    }
  }

  if (verifierScript) {
    for (const { credential, bakedPng, wallet } of credentials) {
      const dir = `credentials/${slug(credential.id)}`
      const certUrl = `${baseUrl}/${dir}/`
      const offer: WalletOffer | undefined = wallet
        ? { deepLink: wallet.lcw, qrDataUri: await qrDataUri(wallet.lcw), ...(wallet.learnCard ? { learnCard: wallet.learnCard } : {}), ...(wallet.openIdOffer ? { openIdOffer: wallet.openIdOffer } : {}) }
        : undefined
      const html = renderCredentialPage({ credential, verifierScript, certUrl, statusLists, ...(bakedPng ? { bakedPng } : {}), ...(offer ? { wallet: offer } : {}) })
      await write(`${dir}/index.html`, html)
      await writeJson(`${dir}/credential.json`, credential)
      if (bakedPng) await write(`${dir}/badge.png`, bakedPng)
    }
  }
  return { files, profileUrl: `${baseUrl}/profile.json`, jwksUrl: `${baseUrl}/${JWKS_PATH}`, ...(didDocumentUrl ? { didDocumentUrl } : {}), statusLists: [...statusLists.keys()] }
}

/** What the official schema leaves open (its email and URLs are plain strings) but a published profile needs. */
function profileProblems({ name, url, email, image }: Omit<ProfileInput, 'id'>): ValidationProblem[] {
  const problems: ValidationProblem[] = []
  if (!name.trim()) problems.push({ path: '/name', message: 'the issuer needs a name' })
  if (email !== undefined && !/^[^\s@<>()"]+@[^\s@<>()"]+\.[^\s@<>()"]+$/.test(email)) problems.push({ path: '/email', message: `"${email}" is not an email address` })
  for (const [path, value] of [['/url', url], ['/image', image]] as const) {
    if (value === undefined) continue
    let ok = false
    try {
      const protocol = new URL(value).protocol
      ok = protocol === 'https:' || (path === '/image' && /^data:image\/(png|svg\+xml);/.test(value))
    } catch {}
    if (!ok) problems.push({ path, message: `"${value}" must be an https URL${path === '/image' ? ' or a PNG/SVG data: URI' : ''}` })
  }
  return problems
}

/** A file-name-safe, stable name for an id: its UUID if it has one, else a hash. */
function slug(id: string): string {
  const uuid = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(id)?.[1]
  return uuid ? uuid.toLowerCase() : createHash('sha256').update(id).digest('hex').slice(0, 32)
}
