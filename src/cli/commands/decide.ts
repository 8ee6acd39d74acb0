import { access } from 'node:fs/promises'
import { type AuditTrail, auditHead, type AuditHead, findAuditTamper, parseAuditTrail } from '../../assessment/audit-trail.js'
import { type DecisionRecord, recordDecision } from '../../assessment/decision-record.js'
import type { IssuerAction } from '../../assessment/finalize.js'
import { overrideDisclosure } from '../../credential/narrative.js'
import { InputInvalid } from '../../errors.js'
import { writeFileAtomic } from '../../io/atomic-write.js'
import { readKeyFile } from '../../keys/key-file.js'
import { parseAssessmentInput, parseTemplate } from '../../model/parse.js'
import { args, type CliIo, EXIT, print, readJsonFile, UsageError } from '../args.js'

const ACTIONS: Record<string, IssuerAction> = { award: 'award', deny: 'deny', reopen: 'open-resubmission' }

/**
 * `microcred decide award|deny|reopen TEMPLATE ASSESSMENT --issuer-name NAME (--issuer-id ID | --key FILE) --trail FILE`:
 * the issuer of record's decision, appended to the audit trail (checked first against its head
 * file, then as the educator's attempt history by `recordDecision`), with the trail's new head
 * recorded in `TRAIL.head` and in the decision record.
 */
export async function decide(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = args(
    argv,
    {
      'issuer-id': { type: 'string' },
      'issuer-name': { type: 'string' },
      key: { type: 'string' },
      reason: { type: 'string' },
      trail: { type: 'string' },
      out: { type: 'string' },
      at: { type: 'string' },
    },
    3,
  )
  const action = ACTIONS[positionals[0]!]
  if (!action) throw new UsageError(`the decision must be award, deny or reopen (got "${positionals[0]}")`)
  if (!values.trail) throw new UsageError('--trail FILE is required (the audit trail to append to; created if missing)')
  if (!values['issuer-name']) throw new UsageError('--issuer-name NAME is required (the issuer of record)')
  const issuerId = values['issuer-id'] ?? (values.key ? (await readKeyFile(values.key)).issuerId : undefined)
  if (!issuerId) throw new UsageError('--issuer-id ID or --key FILE is required (who decides)')
  const at = values.at ? new Date(values.at) : new Date()
  if (Number.isNaN(at.getTime())) throw new UsageError(`--at must be a date-time (got "${values.at}")`)

  const template = parseTemplate(await readJsonFile(positionals[1]!))
  const input = parseAssessmentInput(await readJsonFile(positionals[2]!))
  const trail = await readTrail(values.trail)
  const { trail: next, record } = recordDecision(template, input, {
    issuerOfRecord: { id: issuerId, name: values['issuer-name'] },
    action,
    ...(values.reason !== undefined ? { reason: values.reason } : {}),
    at,
    trail,
  })
  await writeTrail(values.trail, next)
  if (values.out) await writeFileAtomic(values.out, `${JSON.stringify(record, null, 2)}\n`)
  const { final } = record
  const text = [
    `${final.status} by ${final.issuerOfRecord.name}${final.overridden ? ` (override: ${overrideDisclosure(final)})` : ` (as recommended: ${final.decision.outcome})`}`,
    `audit trail ${values.trail}: ${next.length} events, head ${record.auditHead.hash.slice(0, 16)}…${values.out ? `; decision record ${values.out}` : ''}`,
    'message to the educator:',
    ...final.message.split('\n').map((line) => `  ${line}`),
  ].join('\n')
  print(io, values.json, record satisfies DecisionRecord, text)
  return EXIT.ok
}

/** Where a trail's head is recorded, next to it. */
export const headPath = (trailPath: string) => `${trailPath}.head`

/** Reads a trail (missing → empty) and checks it against its recorded head; an altered trail is an input error. */
export async function readTrail(path: string, expectedHead?: AuditHead): Promise<AuditTrail> {
  if (!(await exists(path))) {
    if ((await exists(headPath(path))) || (expectedHead?.seq ?? 0) > 0)
      throw new InputInvalid(`audit trail "${path}" is missing but its head was recorded: the trail was deleted`)
    return []
  }
  const trail = parseAuditTrail(await readJsonFile(path))
  for (const head of [expectedHead, (await exists(headPath(path))) ? parseHead(await readJsonFile(headPath(path))) : undefined]) {
    const broken = findAuditTamper(trail, head ? { head } : {})
    if (broken !== -1) throw new InputInvalid(`audit trail "${path}" was altered: event ${broken + 1} is edited, out of order or missing`)
  }
  return trail
}

export async function writeTrail(path: string, trail: AuditTrail): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(trail, null, 2)}\n`)
  await writeFileAtomic(headPath(path), `${JSON.stringify(auditHead(trail))}\n`)
}

function parseHead(value: unknown): AuditHead {
  const head = value as Partial<AuditHead> | null
  if (typeof head?.seq !== 'number' || typeof head.hash !== 'string') throw new InputInvalid('the audit head file is not { seq, hash }')
  return { seq: head.seq, hash: head.hash }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}
