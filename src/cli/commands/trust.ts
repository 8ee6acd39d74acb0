import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { isObError } from '../../errors.js'
import { writeFileAtomic } from '../../internal/atomic-write.js'
import { readKeyFile } from '../../keys/key-file.js'
import { parsePathway } from '../../model/parse.js'
import { issueEndorsement } from '../../recognition/endorsement.js'
import { checkPathway, issuePathwayCredential } from '../../recognition/pathway-credential.js'
import { type RecognitionRule, recognitionCsv, recognitionReport } from '../../recognition/report.js'
import { signerFromJwk } from '../../sign/signer.js'
import { withStateStore } from '../../status/open-store.js'
import { changeStatus, publishStatusLists } from '../../status/status-list.js'
import { args, type CliIo, EXIT, print, readBadges, readJsonFile, readStatusLists, UsageError } from '../args.js'

export async function status(argv: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = argv
  if (action === 'publish') {
    const { values } = args(rest, { state: { type: 'string' }, key: { type: 'string' }, 'base-url': { type: 'string' }, out: { type: 'string' } }, 0)
    if (!values.state || !values.key || !values['base-url'] || !values.out) throw new UsageError('status publish needs --state, --key, --base-url and --out')
    const key = await readKeyFile(values.key)
    const signer = await signerFromJwk(key.privateJwk, { id: key.verificationMethod })
    const lists = await withStateStore(values.state, (store) => publishStatusLists(store, { baseUrl: values['base-url']!, issuerId: key.issuerId, signer }))
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
  await withStateStore(values.state, (store) => changeStatus(store, positionals[0]!, action, values.reason!))
  print(io, values.json, { credentialId: positionals[0], action, reason: values.reason }, `${action}d ${positionals[0]}; run "microcred status publish" to update the published list`)
  return EXIT.ok
}

export async function endorse(argv: string[], io: CliIo): Promise<number> {
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

export async function pathwayCommand(argv: string[], io: CliIo): Promise<number> {
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

export async function report(argv: string[], io: CliIo): Promise<number> {
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
