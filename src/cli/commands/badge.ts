import { extname } from 'node:path'
import { renderBadgeSvg, renderPng } from '../../bake/default-image.js'
import { bakePng, unbakePng } from '../../bake/png.js'
import { bakeSvg, unbakeSvg } from '../../bake/svg.js'
import type { OpenBadgeCredential } from '../../credential/types.js'
import { writeFileAtomic } from '../../io/atomic-write.js'
import { linkedInAddToProfileUrl, linkedInShareUrl } from '../../share/linkedin.js'
import { renderCredentialPage } from '../../share/page.js'
import { statusListUrls } from '../../share/page-status.js'
import { loadVerifierScript } from '../../share/verifier-script.js'
import { parseBadgeInput } from '../../verify/parse-input.js'
import { parseTrustList, type TrustList } from '../../verify/trust-list.js'
import { verifyBadge } from '../../verify/verify-badge.js'
import { InputTooLarge } from '../../errors.js'
import { readStatusLists } from '../../status/read-status-lists.js'
import { args, type CliIo, EXIT, maxInputBytes, print, readBytes, readText, UsageError, webAddress } from '../args.js'
import { formatReport, terminalSafe } from '../format.js'
import { type BadgeImage, badgeImage } from '../image-kind.js'

export async function verify(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = args(
    argv,
    {
      now: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      'allow-unchecked-status': { type: 'boolean' },
      'require-confirmed-key': { type: 'boolean' },
      'accept-claimed-key': { type: 'boolean' },
      trust: { type: 'string' },
      'status-lists': { type: 'string' },
      'max-input-bytes': { type: 'string' },
    },
    1,
  )
  const path = positionals[0]!
  const maxBytes = values['max-input-bytes'] === undefined ? maxInputBytes() : Number(values['max-input-bytes'])
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new UsageError(`--max-input-bytes must be a positive integer (got "${values['max-input-bytes']}")`)
  const bytes = path === '-' ? await io.readStdin() : await readBytes(path, maxBytes)
  if (bytes.byteLength > maxBytes) throw new InputTooLarge(`stdin is larger than ${maxBytes} bytes`)
  const now = values.now ? new Date(values.now) : new Date()
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now is not a date: "${values.now}"`)
  const trust = values.trust ? await readTrustFile(values.trust) : undefined
  const report = await verifyBadge(bytes, {
    now,
    ...(trust ? { trust } : {}),
    maxInputBytes: maxBytes,
    ...(values['status-lists'] ? { statusLists: await readStatusLists(values['status-lists'], { maxInputBytes: maxBytes }) } : {}),
    ...(values['allow-remote'] ? { remote: {} } : {}),
    ...(values['allow-unchecked-status'] ? { allowUncheckedStatus: true } : {}),
    ...(values['accept-claimed-key'] ? { acceptClaimedKey: true } : {}),
    ...(values['require-confirmed-key'] ? { requireConfirmedIssuerKey: true } : {}),
  })
  const { credential: _omit, errors, ...rest } = report
  // Bytes that hold no credential at all (not JSON, a JWT, a PNG or an SVG with one; a forbidden key)
  // are an input error, exit 2, as an oversized file is; a credential that fails a check exits 1.
  const parse = report.checks.find((c) => c.id === 'parse')
  if (parse?.status === 'failed' && !values.json) {
    io.stderr(`microcred: ${parse.code ? `${parse.code}: ` : ''}${terminalSafe(parse.message.split('\n')[0]!)}\n`)
    return EXIT.usage
  }
  print(io, values.json, { ...rest, errors: errors.map((e) => ({ code: e.code, message: e.message })) }, formatReport(report))
  if (parse?.status === 'failed') return EXIT.usage
  return report.verified ? EXIT.ok : EXIT.negative
}

/** A trust file (issuers and pinned keys); unreadable or malformed is an input error (exit 2). */
async function readTrustFile(path: string): Promise<TrustList> {
  const text = await readText(path)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new UsageError(`--trust ${path}: not JSON`)
  }
  try {
    return parseTrustList(json)
  } catch (error) {
    throw new UsageError(`--trust ${path}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** `microcred bake CREDENTIAL [IMAGE] --out FILE`: into your image, or into the default badge drawn for the credential. */
export async function bake(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = args(argv, { out: { type: 'string' } }, { min: 1, max: 2 })
  if (!values.out) throw new UsageError('--out FILE is required')
  const [credentialPath, imagePath] = positionals as [string, string | undefined]
  const drawn = imagePath === undefined ? drawnKind(values.out) : undefined
  const credentialText = (await readText(credentialPath)).trim()
  // Refuses what is neither a credential JSON nor a JWT; the drawn badge shows what it names.
  const { credential } = await parseBadgeInput(credentialText)
  const image = drawn ? await defaultBadge(credential, drawn) : badgeImage(await readBytes(imagePath!), imagePath!)
  const baked = image.kind === 'png' ? bakePng(image.bytes, credentialText) : bakeSvg(image.text, credentialText)
  await writeFileAtomic(values.out, baked)
  print(io, values.json, { out: values.out, kind: image.kind, image: imagePath ?? 'default' }, `baked into ${values.out}${drawn ? ' (the default badge, drawn for this credential)' : ''}`)
  return EXIT.ok
}

/** Without an IMAGE, the kind of badge to draw comes from --out: .png or .svg. */
function drawnKind(out: string): 'png' | 'svg' {
  const extension = extname(out).toLowerCase()
  if (extension === '.png' || extension === '.svg') return extension === '.png' ? 'png' : 'svg'
  throw new UsageError(`--out must end in .png or .svg to draw the default badge (got "${out}"), or give the IMAGE to bake into`)
}

/** The default badge (as the demo and batch issuance draw it): the achievement, its area, the issuer. */
async function defaultBadge(credential: Record<string, unknown>, kind: 'png' | 'svg'): Promise<BadgeImage> {
  const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {})
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined)
  const subject = record(Array.isArray(credential.credentialSubject) ? credential.credentialSubject[0] : credential.credentialSubject)
  const achievement = record(subject.achievement)
  const issuer = record(credential.issuer)
  const svg = renderBadgeSvg({
    title: text(achievement.name) ?? text(credential.name) ?? 'Micro-credential',
    area: text(achievement.fieldOfStudy) ?? text(achievement.achievementType) ?? 'Micro-credential',
    issuerName: text(issuer.name) ?? text(issuer.id) ?? text(credential.issuer) ?? '',
  })
  return kind === 'svg' ? { kind, text: svg } : { kind, bytes: await renderPng(svg) }
}

export async function unbake(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = args(argv, {}, 1)
  const image = badgeImage(await readBytes(positionals[0]!), positionals[0]!)
  const result = image.kind === 'png' ? unbakePng(image.bytes) : unbakeSvg(image.text)
  if (result.version !== '3.0') {
    const message = result.version === '2.0' ? 'this image carries an Open Badges 2.0 assertion, not an OB 3.0 credential' : 'no credential is baked in this image'
    // With --json the answer is on stdout alone (stderr stays empty), as for every command.
    if (values.json) io.stdout(`${JSON.stringify({ ...result, message })}\n`)
    else io.stderr(`${message}\n`)
    return EXIT.negative
  }
  io.stdout(values.json ? `${JSON.stringify(result)}\n` : `${result.credential}\n`)
  return EXIT.ok
}

export async function share(argv: string[], io: CliIo): Promise<number> {
  const [target, ...rest] = argv
  if (target !== 'linkedin') throw new UsageError('usage: microcred share linkedin CREDENTIAL --cert-url URL')
  const { values, positionals } = args(rest, { 'cert-url': { type: 'string' }, 'organization-id': { type: 'string' } }, 1)
  if (!values['cert-url']) throw new UsageError('--cert-url URL is required (a public page that shows the badge)')
  webAddress(values['cert-url'], '--cert-url', { http: 'any' })
  // Every form verify reads: JSON, VC-JWT, a baked PNG or SVG.
  const parsed = await parseBadgeInput(await readBytes(positionals[0]!), { maxInputBytes: maxInputBytes() })
  const credential = parsed.credential as unknown as OpenBadgeCredential
  const addToProfile = linkedInAddToProfileUrl(credential, {
    certUrl: values['cert-url'],
    ...(values['organization-id'] ? { organizationId: values['organization-id'] } : {}),
  })
  print(io, values.json, { addToProfile, share: linkedInShareUrl(values['cert-url']) }, addToProfile)
  return EXIT.ok
}

export async function page(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = args(argv, { out: { type: 'string' }, png: { type: 'string' }, 'cert-url': { type: 'string' }, 'status-lists': { type: 'string' } }, 1)
  if (!values.out) throw new UsageError('--out FILE is required')
  const parsed = await parseBadgeInput(await readText(positionals[0]!))
  if (parsed.format === 'vc-jwt') throw new UsageError('the page embeds a Data Integrity (JSON) credential; pass the .json badge')
  const credential = parsed.credential as unknown as OpenBadgeCredential
  const bakedPng = values.png ? await readBytes(values.png) : undefined
  const statusLists = values['status-lists'] ? await readStatusLists(values['status-lists']) : undefined
  if (statusLists?.size === 0) throw new UsageError(`--status-lists ${values['status-lists']}: no status list credentials there (one .json per list, as \`status publish\` writes them)`)
  const html = renderCredentialPage({
    credential,
    verifierScript: await loadVerifierScript(),
    ...(bakedPng ? { bakedPng } : {}),
    ...(values['cert-url'] ? { certUrl: values['cert-url'] } : {}),
    ...(statusLists ? { statusLists } : {}),
  })
  await writeFileAtomic(values.out, html)
  // A status entry whose list the page does not carry shows "revocation status could not be checked"
  // when the page is opened from a file: say so now, while it can still be fixed.
  const unchecked = statusListUrls(credential).filter((url) => !statusLists?.has(url))
  const embedded = statusListUrls(credential).filter((url) => statusLists?.has(url))
  if (unchecked.length > 0 && !values.json)
    io.stderr(`note: the page does not carry the status list ${unchecked.join(', ')}; opened from a file it will say the revocation status could not be checked (pass --status-lists DIR)\n`)
  print(io, values.json, { out: values.out, statusLists: embedded, statusListsMissing: unchecked }, `wrote ${values.out}`)
  return EXIT.ok
}
