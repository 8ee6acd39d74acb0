import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { PathwayIncomplete } from '../../errors.js'
import { writeFileAtomic } from '../../io/atomic-write.js'
import { parsePathway } from '../../model/parse.js'
import { issueEndorsement } from '../../recognition/endorsement.js'
import { type EducatorIdentity, parseEducators, parseEducatorsCsv } from '../../recognition/educators.js'
import { checkPathway, issuePathwayCredential } from '../../recognition/pathway-credential.js'
import { type RecognitionRule, recognitionCsv, recognitionReport } from '../../recognition/report.js'
import { signerFromJwk } from '../../sign/signer.js'
import { withStateStore } from '../../status/open-store.js'
import { changeStatus, publishStatusLists } from '../../status/status-list.js'
import { parseTrustList, type TrustList } from '../../verify/trust-list.js'
import { readStatusLists } from '../../status/read-status-lists.js'
import { badgeFiles, skippedLines } from '../badge-files.js'
import { readDataIntegrityKey } from '../signing-key.js'
import { args, type CliIo, EXIT, maxInputBytes, print, readBadges, readJsonFile, readText, UsageError, webAddress } from '../args.js'

/** Revoking and publishing read existing issuer state: a --state that does not exist is a mistake, not a new store. */
const EXISTING = { create: false } as const

export async function status(argv: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = argv
  if (action === 'publish') {
    const { values } = args(rest, { state: { type: 'string' }, key: { type: 'string' }, 'base-url': { type: 'string' }, out: { type: 'string' }, 'valid-days': { type: 'string' } }, 0)
    if (!values.state || !values.key || !values['base-url'] || !values.out) throw new UsageError('status publish needs --state, --key, --base-url and --out')
    const validDays = values['valid-days'] === undefined ? 30 : Number(values['valid-days'])
    if (!(validDays > 0)) throw new UsageError(`--valid-days must be a positive number (got "${values['valid-days']}")`)
    webAddress(values['base-url'], '--base-url', { http: 'loopback' })
    const key = await readDataIntegrityKey(values.key, { what: 'status publish' })
    const signer = await signerFromJwk(key.privateJwk, { id: key.verificationMethod })
    const lists = await withStateStore(values.state, (store) => publishStatusLists(store, { baseUrl: values['base-url']!, issuerId: key.issuerId, signer, validForSeconds: validDays * 86400 }), EXISTING)
    await mkdir(values.out, { recursive: true })
    for (const list of lists) await writeFileAtomic(join(values.out, `${list.listId}.json`), `${JSON.stringify(list.credential, null, 2)}\n`)
    print(io, values.json, lists.map((l) => ({ listId: l.listId, url: l.url })), lists.map((l) => `${join(values.out!, `${l.listId}.json`)} → publish at ${l.url}`).join('\n') || 'no lists yet')
    return EXIT.ok
  }
  if (action !== 'revoke' && action !== 'suspend' && action !== 'unsuspend')
    throw new UsageError('usage: microcred status revoke|suspend|unsuspend CREDENTIAL_ID --reason TEXT --state DIR | status publish …')
  const { values, positionals } = args(rest, { reason: { type: 'string' }, state: { type: 'string' } }, 1)
  if (!values.reason?.trim()) throw new UsageError('--reason TEXT is required')
  if (!values.state) throw new UsageError('--state DIR|postgres://URL is required')
  await withStateStore(values.state, (store) => changeStatus(store, { credentialId: positionals[0]!, action: action, reason: values.reason! }), EXISTING)
  print(io, values.json, { credentialId: positionals[0], action, reason: values.reason }, `${action}d ${positionals[0]}; run "microcred status publish" to update the published list`)
  return EXIT.ok
}

export async function endorse(argv: string[], io: CliIo): Promise<number> {
  const { values } = args(argv, { key: { type: 'string' }, 'endorser-name': { type: 'string' }, subject: { type: 'string' }, comment: { type: 'string' }, out: { type: 'string' } }, 0)
  if (!values.key || !values.subject || !values.comment || !values['endorser-name']) throw new UsageError('endorse needs --key, --endorser-name, --subject and --comment')
  if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(values.subject)) throw new UsageError(`--subject must be the absolute id of what is endorsed (https://…, urn:…, did:…), got "${values.subject}"`)
  const key = await readDataIntegrityKey(values.key, { what: 'endorse' })
  const endorsement = await issueEndorsement({
    endorser: { id: key.issuerId, name: values['endorser-name'] },
    subjectId: values.subject,
    comment: values.comment,
    signer: await signerFromJwk(key.privateJwk, { id: key.verificationMethod }),
  })
  const text = JSON.stringify(endorsement, null, 2)
  if (values.out) await writeFileAtomic(values.out, `${text}\n`)
  else io.stdout(`${text}\n`)
  return EXIT.ok
}

export async function pathwayCommand(argv: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = argv
  if (action !== 'check' && action !== 'issue')
    throw new UsageError('usage: microcred pathway check|issue PATHWAY.json BADGE... --trust FILE (--recipient ID | --email ADDR)')
  const { values, positionals } = args(
    rest,
    {
      'status-lists': { type: 'string' },
      trust: { type: 'string' },
      key: { type: 'string' },
      'issuer-name': { type: 'string' },
      recipient: { type: 'string' },
      email: { type: 'string', multiple: true },
      out: { type: 'string' },
    },
    { min: 2 },
  )
  if (!values.trust) throw new UsageError('--trust FILE is required: only badges from the issuers it approves count')
  const emails = values.email ?? []
  if (!values.recipient && emails.length === 0) throw new UsageError('name the educator: --recipient ID (their subject id) and/or --email ADDR')
  if (action === 'issue' && (!values.key || !values.out || !values['issuer-name'])) throw new UsageError('pathway issue needs --key, --issuer-name and --out')
  const key = action === 'issue' ? await readDataIntegrityKey(values.key!, { what: 'pathway issue' }) : undefined
  const trust = await readTrustFile(values.trust)
  const pathway = parsePathway(await readJsonFile(positionals[0]!))
  const notBadges = [positionals[0], values.trust, values.key, values.out]
  const { files: names, skipped, why } = await badgeFiles(positionals.slice(1), notBadges)
  const badges = await readBadges(names)
  const verifyOptions = values['status-lists'] ? { statusLists: await readStatusLists(values['status-lists'], { maxInputBytes: maxInputBytes() }) } : {}
  const recipient = { ...(values.recipient && { id: values.recipient }), ...(emails.length > 0 && { emails }) }
  if (action === 'check') {
    const check = await checkPathway(pathway, badges, { trust, recipient, verifyOptions, badgeNames: names })
    const rejected = check.rejected.map((r) => ({ file: names[r.index], ...r }))
    const summary = { complete: check.progress.complete, earned: check.progress.earned, gap: check.progress.gap, unmet: check.unmet, rejected, skipped }
    const text = [
      `${pathway.name}: ${check.progress.complete ? 'complete' : 'not complete'} (${check.verified.length} counting member badge(s))`,
      ...check.unmet.map((u) => `  ✗ ${u.path} ${u.code}: ${u.message}`),
      ...rejected.map((r) => `  not counted ${r.file}: ${r.code}: ${r.reason}`),
      ...skippedLines(skipped, notBadges, why),
    ].join('\n')
    print(io, values.json, summary, text)
    return check.progress.complete ? EXIT.ok : EXIT.negative
  }
  try {
    const credential = await issuePathwayCredential({
      pathway,
      badges,
      trust,
      recipient,
      issuer: { id: key!.issuerId, name: values['issuer-name']! },
      signer: await signerFromJwk(key!.privateJwk, { id: key!.verificationMethod }),
      verifyOptions,
      badgeNames: names,
    })
    await writeFileAtomic(values.out!, `${JSON.stringify(credential, null, 2)}\n`)
    print(io, values.json, { out: values.out, id: credential.id }, `issued ${credential.id} to ${values.out}`)
    return EXIT.ok
  } catch (error) {
    if (error instanceof PathwayIncomplete) {
      // With --json the answer is on stdout alone (stderr stays empty).
      if (values.json) print(io, true, { issued: false, code: error.code, message: error.message, unmet: error.unmet, skipped }, '')
      else io.stderr(`not issued: ${error.code}: ${error.message}\n`)
      return EXIT.negative
    }
    throw error
  }
}

export async function report(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = args(
    argv,
    { csv: { type: 'boolean' }, rules: { type: 'string' }, trust: { type: 'string' }, educators: { type: 'string' }, 'status-lists': { type: 'string' } },
    { min: 1 },
  )
  if (!values.rules || positionals.length === 0) throw new UsageError('usage: microcred report --rules RULES.json --trust FILE [--educators FILE] BADGE|DIR...')
  if (!values.trust) throw new UsageError('--trust FILE is required: only badges from the issuers it approves count')
  const trust = await readTrustFile(values.trust)
  const educators = values.educators ? await readEducatorsFile(values.educators) : []
  const rules = await readRules(values.rules)
  const notBadges = [values.rules, values.trust, values.educators]
  const { files, skipped, why } = await badgeFiles(positionals, notBadges)
  const result = await recognitionReport(await readBadges(files), rules, {
    trust,
    educators,
    badgeNames: files,
    verifyOptions: values['status-lists'] ? { statusLists: await readStatusLists(values['status-lists'], { maxInputBytes: maxInputBytes() }) } : {},
  })
  const excluded = result.excluded.map((e) => ({ file: files[e.index], ...e }))
  if (values.csv) io.stdout(recognitionCsv(result))
  else
    print(
      io,
      values.json,
      { ...result, excluded, skipped },
      [
        ...(result.districts.length === 0 ? ['no badge counts for any educator'] : []),
        ...result.districts.map((d) => `${d.district}: ${d.educators} educator(s), ${d.microCredentials} micro-credential(s), ${d.pdHours} PD hours, ${d.salarySteps} salary step(s)`),
        ...excluded.map((e) => `  ${e.code === 'ERR_OB_RECIPIENT_UNMATCHED' ? 'unmatched' : 'excluded'} ${e.file}: ${e.code}: ${e.reason}`),
        ...skippedLines(skipped, notBadges, why),
      ].join('\n'),
    )
  // Nothing counted is a negative outcome (exit 1): no educator earns anything from these badges.
  return result.educators.length > 0 ? EXIT.ok : EXIT.negative
}

/** The rules file: `pd-hours` rules as they are, `salary-step` rules with their pathway file (relative to the rules). */
async function readRules(rulesFile: string): Promise<RecognitionRule[]> {
  const raw = await readJsonFile(rulesFile)
  if (!Array.isArray(raw)) throw new UsageError(`"${rulesFile}" must hold an array of rules`)
  const number = (value: unknown, at: string) => {
    if (value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= 0)) return value as number | undefined
    throw new UsageError(`${rulesFile} ${at}: must be a number ≥ 0`)
  }
  return Promise.all(
    raw.map(async (rule: unknown, i): Promise<RecognitionRule> => {
      const r = (typeof rule === 'object' && rule !== null ? rule : {}) as Record<string, unknown>
      if (r.kind === 'salary-step') {
        if (typeof r.pathway !== 'string') throw new UsageError(`${rulesFile} /${i}/pathway: must name the pathway file`)
        return { kind: 'salary-step', steps: number(r.steps, `/${i}/steps`) ?? 1, pathway: parsePathway(await readJsonFile(join(dirname(rulesFile), r.pathway))) }
      }
      if (r.kind === 'pd-hours') {
        if (r.achievementType !== undefined && typeof r.achievementType !== 'string') throw new UsageError(`${rulesFile} /${i}/achievementType: must be a string`)
        const hours = number(r.hours, `/${i}/hours`)
        return {
          kind: 'pd-hours',
          ...(typeof r.achievementType === 'string' && { achievementType: r.achievementType }),
          ...(hours !== undefined && { hours }),
          ...(r.useCreditsEarned === true && { useCreditsEarned: true }),
        }
      }
      throw new UsageError(`unknown rule kind ${JSON.stringify(r.kind)} at /${i} (pd-hours, salary-step)`)
    }),
  )
}

async function readTrustFile(path: string): Promise<TrustList> {
  return parseTrustList(await readJsonFile(path))
}

async function readEducatorsFile(path: string): Promise<EducatorIdentity[]> {
  return path.toLowerCase().endsWith('.csv') ? parseEducatorsCsv(await readText(path)) : parseEducators(await readJsonFile(path))
}
