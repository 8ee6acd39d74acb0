import { mkdir, readdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { v4 as uuidv4 } from 'uuid'
import { decideAward } from '../assessment/decide.js'
import { issueBatch } from '../batch/batch-issue.js'
import { parseRoster } from '../batch/roster.js'
import { finalizeDecision } from '../assessment/finalize.js'
import { bakePng, unbakePng } from '../bake/png.js'
import { bakeSvg, unbakeSvg } from '../bake/svg.js'
import { buildCredential } from '../credential/build.js'
import type { OpenBadgeCredential } from '../credential/types.js'
import { isObError } from '../errors.js'
import { writeFileAtomic } from '../internal/atomic-write.js'
import { generateIssuerKey, type IssuerIdentifierMethod } from '../keys/issuer-keys.js'
import type { SigningAlgorithm } from '../keys/jwk.js'
import { readKeyFile, writeKeyFile } from '../keys/key-file.js'
import { lintTemplate } from '../model/lint-template.js'
import { parseAssessmentInput, parsePathway, parseTemplate } from '../model/parse.js'
import { issueEndorsement } from '../recognition/endorsement.js'
import { checkPathway, issuePathwayCredential } from '../recognition/pathway-credential.js'
import { type RecognitionRule, recognitionCsv, recognitionReport } from '../recognition/report.js'
import { linkedInAddToProfileUrl, linkedInShareUrl } from '../share/linkedin.js'
import { renderCredentialPage } from '../share/page.js'
import { loadVerifierScript } from '../share/verifier-script.js'
import { signDataIntegrity } from '../sign/data-integrity.js'
import { signerFromJwk } from '../sign/signer.js'
import { signVcJwt } from '../sign/vc-jwt.js'
import { DirectoryStore } from '../status/directory-store.js'
import { allocateStatus, changeStatus, publishStatusLists } from '../status/status-list.js'
import { parseBadgeInput } from '../verify/parse-input.js'
import { verifyBadge } from '../verify/verify-badge.js'
import { formatDecision, formatLint, formatReport } from './format.js'
import { progressBar } from './progress.js'

/** Exit codes: 0 success / positive outcome, 1 negative outcome, 2 usage or input error. */
export const EXIT = { ok: 0, negative: 1, usage: 2 } as const

export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  readStdin: () => Promise<Uint8Array>
}

class UsageError extends Error {}

const HELP = `microcred — educator micro-credentials as Open Badges 3.0

Usage: microcred <command> [options]

Commands:
  lint TEMPLATE.json [--catalog FILE ...]       check a template against the five key questions
  assess TEMPLATE.json REVIEWS.json             combine reviews into a decision
  keys generate --alg Ed25519|ES256|RS256 [--did key|web:HOST | --url URL] --out FILE
                                                generate an issuer key (written with mode 0600)
  issue TEMPLATE.json REVIEWS.json --key FILE --issuer-name NAME [--format di|jwt] [--out FILE]
                                                sign the awarded credential
  issue --batch ROSTER.csv --key FILE --out DIR [--format di|jwt|both] [--no-page]
                                                issue a cohort: resumable, crash-safe, logged
  verify FILE|- [--now DATE] [--allow-remote] [--allow-unchecked-status] [--require-confirmed-key]
                                                verify a badge (.json, .jwt, .png, .svg)
  bake CREDENTIAL IMAGE --out FILE              bake a credential into a PNG or SVG
  unbake IMAGE                                  print the credential baked in a PNG or SVG
  share linkedin CREDENTIAL --cert-url URL      print the LinkedIn add-to-profile URL
  status revoke|suspend|unsuspend CREDENTIAL_ID --reason TEXT --state DIR
  status publish --state DIR --key FILE --base-url URL --out DIR
                                                change or publish Bitstring status lists
  endorse --key FILE --endorser-name NAME --subject ID --comment TEXT [--out FILE]
                                                issue a recognizer's EndorsementCredential
  pathway check|issue PATHWAY.json BADGE... [--key FILE --issuer-name NAME --recipient ID --out FILE]
  report --rules RULES.json BADGE... [--csv]    PD hours / salary steps over verified badges
  page CREDENTIAL --out FILE [--png BAKED.png] [--cert-url URL]
                                                write a self-contained, self-verifying HTML page

Verify, pathway and report take --status-lists DIR (published status lists, read offline).
Issue takes --state DIR --status-base-url URL to give each credential a status entry.
Options: --json (machine-readable output), --help, --version
Exit codes: 0 success or positive outcome, 1 negative outcome, 2 usage or input error.`

/**
 * Runs the CLI and returns its exit code; never throws.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2))
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    io.stderr(`microcred: ${isObError(error) ? `${error.code}: ` : ''}${message.split('\n')[0]}\n`)
    if (process.env.MICROCRED_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`)
    return EXIT.usage
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(`${HELP}\n`)
    return command ? EXIT.ok : EXIT.usage
  }
  if (command === '--version') {
    io.stdout(`${await packageVersion()}\n`)
    return EXIT.ok
  }
  try {
    switch (command) {
      case 'lint':
        return await lint(rest, io)
      case 'assess':
        return await assess(rest, io)
      case 'keys':
        return await keys(rest, io)
      case 'issue':
        return await issue(rest, io)
      case 'verify':
        return await verify(rest, io)
      case 'bake':
        return await bake(rest, io)
      case 'unbake':
        return await unbake(rest, io)
      case 'share':
        return await share(rest, io)
      case 'page':
        return await page(rest, io)
      case 'status':
        return await status(rest, io)
      case 'endorse':
        return await endorse(rest, io)
      case 'pathway':
        return await pathwayCommand(rest, io)
      case 'report':
        return await report(rest, io)
      default:
        throw new UsageError(`unknown command "${command}" (see microcred --help)`)
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`microcred ${command}: ${(error as Error).message}\n`)
      return EXIT.usage
    }
    throw error
  }
}

function args<T extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>>(argv: string[], options: T, positionals: number) {
  const parsed = parseArgs({ args: argv, options: { ...options, json: { type: 'boolean' } }, allowPositionals: true, strict: true })
  if (parsed.positionals.length !== positionals)
    throw new UsageError(`expected ${positionals} argument(s), got ${parsed.positionals.length} (see microcred --help)`)
  return parsed
}

async function readJsonFile(path: string): Promise<unknown> {
  const text = await readText(path)
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new Error(`"${path}" is not valid JSON: ${(cause as Error).message}`)
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (cause) {
    throw new Error(`cannot read "${path}": ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`)
  }
}

function print(io: CliIo, json: boolean | undefined, value: unknown, text: string): void {
  io.stdout(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`)
}

async function lint(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = args(argv, { catalog: { type: 'string', multiple: true } }, 1)
  const template = parseTemplate(await readJsonFile(positionals[0]!))
  const catalog = values.catalog ? await Promise.all(values.catalog.map(async (f) => parseTemplate(await readJsonFile(f)).id)) : undefined
  const result = lintTemplate(template, catalog ? { catalog: [...catalog, template.id] } : {})
  print(io, values.json, result, formatLint(template, result))
  return result.ok ? EXIT.ok : EXIT.negative
}

async function assess(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = args(argv, {}, 2)
  const template = parseTemplate(await readJsonFile(positionals[0]!))
  const input = parseAssessmentInput(await readJsonFile(positionals[1]!))
  const decision = decideAward(template.rubric, input.reviews, { attempt: input.submission.attempt, ...(input.policy ? { policy: input.policy } : {}) })
  print(io, values.json, decision, formatDecision(template, decision))
  return decision.outcome === 'award-recommended' ? EXIT.ok : EXIT.negative
}

const ALGORITHMS: Record<string, SigningAlgorithm> = { ed25519: 'EdDSA', eddsa: 'EdDSA', es256: 'ES256', 'p-256': 'ES256', rs256: 'RS256', rsa: 'RS256' }

async function keys(argv: string[], io: CliIo): Promise<number> {
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
} as const

async function issue(argv: string[], io: CliIo): Promise<number> {
  const batch = argv.includes('--batch') || argv.some((a) => a.startsWith('--batch='))
  const { values, positionals } = args(argv, ISSUE_OPTIONS, batch ? 0 : 2)
  if (!values.key) throw new UsageError('--key FILE is required (microcred keys generate)')
  const format = values.format ?? 'di'
  if (format !== 'di' && format !== 'jwt' && !(batch && format === 'both')) throw new UsageError(`--format must be di or jwt${batch ? ' or both' : ''} (got "${format}")`)
  if (batch) return issueBatchCommand(values, format, io)
  const template = parseTemplate(await readJsonFile(positionals[0]!))
  const input = parseAssessmentInput(await readJsonFile(positionals[1]!))
  const key = await readKeyFile(values.key)
  const decision = decideAward(template.rubric, input.reviews, { attempt: input.submission.attempt, ...(input.policy ? { policy: input.policy } : {}) })
  if (decision.outcome !== 'award-recommended') {
    io.stderr(`not awarded: ${decision.outcome}\n`)
    return EXIT.negative
  }
  const issuerName = values['issuer-name'] ?? 'Issuer'
  const final = finalizeDecision(decision, { issuerOfRecord: { id: key.issuerId, name: issuerName } })
  if (Boolean(values.state) !== Boolean(values['status-base-url'])) throw new UsageError('--state and --status-base-url go together')
  const id = `urn:uuid:${uuidv4()}`
  const credentialStatus = values.state
    ? await allocateStatus(await DirectoryStore.open(values.state), { credentialId: id, baseUrl: values['status-base-url']! })
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
    json?: boolean
  },
  format: string,
  io: CliIo,
): Promise<number> {
  if (!values.out) throw new UsageError('--out DIR is required with --batch')
  const rosterPath = values.batch!
  const rows = parseRoster(await readText(rosterPath))
  const key = await readKeyFile(values.key!)
  const progress = progressBar(io)
  const summary = await issueBatch({
    rows,
    baseDir: dirname(rosterPath),
    key,
    issuer: { name: values['issuer-name'] ?? 'Issuer', ...(values['issuer-url'] ? { url: values['issuer-url'] } : {}) },
    outDir: values.out,
    formats: format === 'both' ? ['di', 'jwt'] : [format as 'di' | 'jwt'],
    ...(values['no-page'] ? {} : { verifierScript: await loadVerifierScript() }),
    ...(values['page-base-url'] ? { pageBaseUrl: values['page-base-url'] } : {}),
    ...(values.state && values['status-base-url'] ? { status: { store: await DirectoryStore.open(values.state), baseUrl: values['status-base-url'] } } : {}),
    onProgress: progress.update,
  })
  progress.done()
  const text = [
    `issued ${summary.issued}, skipped ${summary.skipped} (already issued), failed ${summary.failed.length}; log: ${summary.logPath}`,
    ...summary.failed.map((f) => `  row ${f.row} (${f.name}): ${f.reason}`),
  ].join('\n')
  print(io, values.json, summary, text)
  return summary.failed.length > 0 ? EXIT.negative : EXIT.ok
}

async function verify(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = args(
    argv,
    {
      now: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      'allow-unchecked-status': { type: 'boolean' },
      'require-confirmed-key': { type: 'boolean' },
      'status-lists': { type: 'string' },
    },
    1,
  )
  const path = positionals[0]!
  let bytes: Uint8Array
  try {
    bytes = path === '-' ? await io.readStdin() : await readFile(path)
  } catch (cause) {
    throw new Error(`cannot read "${path}": ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`)
  }
  const now = values.now ? new Date(values.now) : new Date()
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now is not a date: "${values.now}"`)
  const report = await verifyBadge(bytes, {
    now,
    ...(values['status-lists'] ? { statusLists: await readStatusLists(values['status-lists']) } : {}),
    ...(values['allow-remote'] ? { remote: { fetch: globalThis.fetch } } : {}),
    ...(values['allow-unchecked-status'] ? { allowUncheckedStatus: true } : {}),
    ...(values['require-confirmed-key'] ? { requireConfirmedIssuerKey: true } : {}),
  })
  const { credential: _omit, errors, ...rest } = report
  print(io, values.json, { ...rest, errors: errors.map((e) => ({ code: e.code, message: e.message })) }, formatReport(report))
  return report.verified ? EXIT.ok : EXIT.negative
}

async function bake(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = args(argv, { out: { type: 'string' } }, 2)
  if (!values.out) throw new UsageError('--out FILE is required')
  const credentialText = (await readText(positionals[0]!)).trim()
  parseBadgeInput(credentialText) // refuse what is neither a credential JSON nor a JWT
  const image = await readFile(positionals[1]!).catch((cause: NodeJS.ErrnoException) => {
    throw new Error(`cannot read "${positionals[1]}": ${cause.code ?? cause.message}`)
  })
  const isPng = image[0] === 0x89 && image[1] === 0x50
  const baked = isPng ? bakePng(image, credentialText) : bakeSvg(new TextDecoder().decode(image), credentialText)
  await writeFileAtomic(values.out, baked)
  print(io, values.json, { out: values.out, kind: isPng ? 'png' : 'svg' }, `baked into ${values.out}`)
  return EXIT.ok
}

async function unbake(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = args(argv, {}, 1)
  const image = await readFile(positionals[0]!).catch((cause: NodeJS.ErrnoException) => {
    throw new Error(`cannot read "${positionals[0]}": ${cause.code ?? cause.message}`)
  })
  const result = image[0] === 0x89 && image[1] === 0x50 ? unbakePng(image) : unbakeSvg(new TextDecoder().decode(image))
  if (result.version !== '3.0') {
    io.stderr(result.version === '2.0' ? 'this image carries an Open Badges 2.0 assertion, not an OB 3.0 credential\n' : 'no credential is baked in this image\n')
    if (values.json) io.stdout(`${JSON.stringify(result)}\n`)
    return EXIT.negative
  }
  io.stdout(values.json ? `${JSON.stringify(result)}\n` : `${result.credential}\n`)
  return EXIT.ok
}

async function share(argv: string[], io: CliIo): Promise<number> {
  const [target, ...rest] = argv
  if (target !== 'linkedin') throw new UsageError('usage: microcred share linkedin CREDENTIAL --cert-url URL')
  const { values, positionals } = args(rest, { 'cert-url': { type: 'string' }, 'organization-id': { type: 'string' } }, 1)
  if (!values['cert-url']) throw new UsageError('--cert-url URL is required (a public page that shows the badge)')
  const parsed = parseBadgeInput(await readText(positionals[0]!))
  const credential = parsed.credential as unknown as OpenBadgeCredential
  const addToProfile = linkedInAddToProfileUrl(credential, {
    certUrl: values['cert-url'],
    ...(values['organization-id'] ? { organizationId: values['organization-id'] } : {}),
  })
  print(io, values.json, { addToProfile, share: linkedInShareUrl(values['cert-url']) }, addToProfile)
  return EXIT.ok
}

async function page(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = args(argv, { out: { type: 'string' }, png: { type: 'string' }, 'cert-url': { type: 'string' } }, 1)
  if (!values.out) throw new UsageError('--out FILE is required')
  const parsed = parseBadgeInput(await readText(positionals[0]!))
  if (parsed.format === 'vc-jwt') throw new UsageError('the page embeds a Data Integrity (JSON) credential; pass the .json badge')
  const bakedPng = values.png
    ? new Uint8Array(
        await readFile(values.png).catch((cause: NodeJS.ErrnoException) => {
          throw new Error(`cannot read "${values.png}": ${cause.code ?? cause.message}`)
        }),
      )
    : undefined
  const html = renderCredentialPage({
    credential: parsed.credential as unknown as OpenBadgeCredential,
    verifierScript: await loadVerifierScript(),
    ...(bakedPng ? { bakedPng } : {}),
    ...(values['cert-url'] ? { certUrl: values['cert-url'] } : {}),
  })
  await writeFileAtomic(values.out, html)
  print(io, values.json, { out: values.out }, `wrote ${values.out}`)
  return EXIT.ok
}

async function readStatusLists(dir: string): Promise<Map<string, unknown>> {
  const lists = new Map<string, unknown>()
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.endsWith('.json')) continue
    const list = (await readJsonFile(join(dir, name))) as { id?: unknown }
    if (typeof list.id === 'string') lists.set(list.id, list)
  }
  return lists
}

async function readBadges(paths: string[]): Promise<Uint8Array[]> {
  return Promise.all(
    paths.map((p) =>
      readFile(p).catch((cause: NodeJS.ErrnoException) => {
        throw new Error(`cannot read "${p}": ${cause.code ?? cause.message}`)
      }),
    ),
  )
}

async function status(argv: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = argv
  if (action === 'publish') {
    const { values } = args(rest, { state: { type: 'string' }, key: { type: 'string' }, 'base-url': { type: 'string' }, out: { type: 'string' } }, 0)
    if (!values.state || !values.key || !values['base-url'] || !values.out) throw new UsageError('status publish needs --state, --key, --base-url and --out')
    const key = await readKeyFile(values.key)
    const signer = await signerFromJwk(key.privateJwk, { id: key.verificationMethod })
    const lists = await publishStatusLists(await DirectoryStore.open(values.state), { baseUrl: values['base-url'], issuerId: key.issuerId, signer })
    await mkdir(values.out, { recursive: true })
    for (const list of lists) await writeFileAtomic(join(values.out, `${list.listId}.json`), `${JSON.stringify(list.credential, null, 2)}\n`)
    print(io, values.json, lists.map((l) => ({ listId: l.listId, url: l.url })), lists.map((l) => `${join(values.out!, `${l.listId}.json`)} → publish at ${l.url}`).join('\n') || 'no lists yet')
    return EXIT.ok
  }
  if (action !== 'revoke' && action !== 'suspend' && action !== 'unsuspend')
    throw new UsageError('usage: microcred status revoke|suspend|unsuspend CREDENTIAL_ID --reason TEXT --state DIR | status publish …')
  const { values, positionals } = args(rest, { reason: { type: 'string' }, state: { type: 'string' } }, 1)
  if (!values.reason?.trim()) throw new UsageError('--reason TEXT is required')
  if (!values.state) throw new UsageError('--state DIR is required')
  await changeStatus(await DirectoryStore.open(values.state), positionals[0]!, action, values.reason)
  print(io, values.json, { credentialId: positionals[0], action, reason: values.reason }, `${action}d ${positionals[0]}; run "microcred status publish" to update the published list`)
  return EXIT.ok
}

async function endorse(argv: string[], io: CliIo): Promise<number> {
  const { values } = args(argv, { key: { type: 'string' }, 'endorser-name': { type: 'string' }, subject: { type: 'string' }, comment: { type: 'string' }, out: { type: 'string' } }, 0)
  if (!values.key || !values.subject || !values.comment) throw new UsageError('endorse needs --key, --subject and --comment')
  const key = await readKeyFile(values.key)
  const endorsement = await issueEndorsement({
    endorser: { id: key.issuerId, name: values['endorser-name'] ?? 'Endorser' },
    subjectId: values.subject,
    comment: values.comment,
    signer: await signerFromJwk(key.privateJwk, { id: key.verificationMethod }),
  })
  const text = JSON.stringify(endorsement, null, 2)
  if (values.out) await writeFileAtomic(values.out, `${text}\n`)
  else io.stdout(`${text}\n`)
  return EXIT.ok
}

async function pathwayCommand(argv: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = argv
  if (action !== 'check' && action !== 'issue') throw new UsageError('usage: microcred pathway check|issue PATHWAY.json BADGE...')
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      json: { type: 'boolean' },
      'status-lists': { type: 'string' },
      key: { type: 'string' },
      'issuer-name': { type: 'string' },
      recipient: { type: 'string' },
      out: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length < 2) throw new UsageError('give the pathway file and at least one badge')
  const pathway = parsePathway(await readJsonFile(positionals[0]!))
  const badges = await readBadges(positionals.slice(1))
  const verifyOptions = values['status-lists'] ? { statusLists: await readStatusLists(values['status-lists']) } : {}
  if (action === 'check') {
    const check = await checkPathway(pathway, badges, verifyOptions)
    const summary = { complete: check.progress.complete, earned: check.progress.earned, gap: check.progress.gap, rejected: check.rejected }
    const text = [
      `${pathway.name}: ${check.progress.complete ? 'complete' : 'not complete'} (${check.verified.length} verified member badge(s))`,
      ...check.rejected.map((r) => `  ✗ ${r.credentialId ?? '?'}: ${r.reason}`),
    ].join('\n')
    print(io, values.json, summary, text)
    return check.progress.complete ? EXIT.ok : EXIT.negative
  }
  if (!values.key || !values.recipient || !values.out) throw new UsageError('pathway issue needs --key, --recipient and --out')
  const key = await readKeyFile(values.key)
  try {
    const credential = await issuePathwayCredential({
      pathway,
      badges,
      issuer: { id: key.issuerId, name: values['issuer-name'] ?? 'Issuer' },
      signer: await signerFromJwk(key.privateJwk, { id: key.verificationMethod }),
      recipient: { id: values.recipient },
      verifyOptions,
    })
    await writeFileAtomic(values.out, `${JSON.stringify(credential, null, 2)}\n`)
    print(io, values.json, { out: values.out, id: credential.id }, `issued ${credential.id} to ${values.out}`)
    return EXIT.ok
  } catch (error) {
    if (isObError(error) && error.code === 'ERR_OB_INPUT_INVALID') {
      io.stderr(`not issued: ${error.message}\n`)
      return EXIT.negative
    }
    throw error
  }
}

async function report(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean' }, csv: { type: 'boolean' }, rules: { type: 'string' }, 'status-lists': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  })
  if (!values.rules || positionals.length === 0) throw new UsageError('usage: microcred report --rules RULES.json BADGE...')
  const rulesFile = values.rules
  const raw = (await readJsonFile(rulesFile)) as { kind: string; pathway?: string; [k: string]: unknown }[]
  if (!Array.isArray(raw)) throw new UsageError(`"${rulesFile}" must hold an array of rules`)
  const rules: RecognitionRule[] = await Promise.all(
    raw.map(async (rule) => {
      if (rule.kind === 'salary-step') return { kind: 'salary-step' as const, steps: Number(rule.steps ?? 1), pathway: parsePathway(await readJsonFile(join(dirname(rulesFile), String(rule.pathway)))) }
      if (rule.kind === 'pd-hours') return rule as RecognitionRule
      throw new UsageError(`unknown rule kind ${JSON.stringify(rule.kind)} (pd-hours, salary-step)`)
    }),
  )
  const result = await recognitionReport(await readBadges(positionals), rules, {
    verifyOptions: values['status-lists'] ? { statusLists: await readStatusLists(values['status-lists']) } : {},
  })
  if (values.csv) io.stdout(recognitionCsv(result))
  else
    print(
      io,
      values.json,
      result,
      [
        ...result.districts.map((d) => `${d.district}: ${d.educators} educator(s), ${d.microCredentials} micro-credential(s), ${d.pdHours} PD hours, ${d.salarySteps} salary step(s)`),
        ...result.excluded.map((e) => `  excluded ${e.credentialId ?? '?'}: ${e.reason}`),
      ].join('\n'),
    )
  return EXIT.ok
}

async function packageVersion(): Promise<string> {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      return (JSON.parse(await readFile(new URL(candidate, import.meta.url), 'utf8')) as { version: string }).version
    } catch {}
  }
  return 'unknown'
}

function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks)
    },
  }
}

