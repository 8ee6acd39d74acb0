import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { ValidationError, type ValidationProblem } from '../errors.js'
import { parseTemplate } from '../model/parse.js'
import type { MicroCredentialTemplate } from '../model/template.js'
import type { RosterRow } from './roster.js'
import { assessRow } from './row-decision.js'

/** A roster row whose assessment does not recommend the award: not an input error, it is simply not issued. */
export interface RowNotAwarded {
  row: number
  name: string
  /** The assessment's outcome: `resubmit`, `denied`, `needs-review`, `incomplete`… */
  outcome: string
}

export interface CheckRosterInputsOptions {
  /** Directory the roster's relative paths are resolved against. */
  baseDir: string
}

/**
 * Reads every row's inputs before anything is signed: its template (readable, valid) and, when the
 * row names one, its assessment (readable, valid, for that template, about the row's educator, with
 * reviews that fit the rubric), then assesses it. Throws `ERR_OB_INPUT_INVALID` (a
 * {@link ValidationError}) whose `problems` name every row at fault (`/2/award`, `/3/template`, as
 * `parseRoster` names rows); returns the rows that are not awarded, which are not input errors.
 * `issueBatch` runs it before it signs or writes anything.
 * @example
 * const { notAwarded } = await checkRosterInputs(parseRoster(csv), { baseDir: dirname(rosterPath) })
 */
export async function checkRosterInputs(rows: readonly RosterRow[], { baseDir }: CheckRosterInputsOptions): Promise<{ notAwarded: RowNotAwarded[] }> {
  const templates = new Map<string, Promise<MicroCredentialTemplate>>()
  const templateAt = (path: string) => {
    const full = resolve(baseDir, path)
    if (!templates.has(full)) templates.set(full, readJson(full).then(parseTemplate))
    return templates.get(full)!
  }
  const problems: ValidationProblem[] = []
  const notAwarded: RowNotAwarded[] = []
  for (const row of rows) {
    const template = await templateAt(row.template).catch((error: unknown) => {
      problems.push({ path: `/${row.row}/template`, message: `"${row.template}": ${reason(error)}` })
      return undefined
    })
    if (!template || row.award === undefined) continue
    try {
      const { decision } = assessRow(row, template, await readJson(resolve(baseDir, row.award)))
      if (decision.outcome !== 'award-recommended') notAwarded.push({ row: row.row, name: row.name, outcome: decision.outcome })
    } catch (error) {
      problems.push({ path: `/${row.row}/award`, message: `"${row.award}": ${reason(error)}` })
    }
  }
  if (problems.length > 0) throw new ValidationError('ERR_OB_INPUT_INVALID', 'roster', problems)
  return { notAwarded }
}

async function readJson(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    throw new Error(`cannot be read (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`)
  }
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new Error(`is not valid JSON (${(cause as Error).message})`)
  }
}

const reason = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0]! : String(error))
