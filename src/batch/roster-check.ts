import { ValidationError, type ValidationProblem } from '../errors.js'
import { parseTemplate } from '../model/parse.js'
import type { MicroCredentialTemplate } from '../model/template.js'
import type { RosterRow } from './roster.js'
import { readRosterJson, resolveRosterPath, type RosterFolder } from './roster-path.js'
import { assessRow } from './row-decision.js'

/** A roster row whose assessment does not recommend the award: not an input error, it is simply not issued. */
export interface RowNotAwarded {
  row: number
  name: string
  /** The assessment's outcome: `resubmit`, `denied`, `needs-review`, `incomplete`… */
  outcome: string
}

/** The roster's folder (its rows' paths are resolved against it and confined to it) and an opt-in wider root. */
export type CheckRosterInputsOptions = RosterFolder

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
export async function checkRosterInputs(rows: readonly RosterRow[], folder: CheckRosterInputsOptions): Promise<{ notAwarded: RowNotAwarded[] }> {
  const templates = new Map<string, Promise<MicroCredentialTemplate>>()
  const templateAt = async (value: string, problemPath: string) => {
    const full = await resolveRosterPath(value, folder, problemPath)
    if (!templates.has(full)) templates.set(full, readRosterJson(value, folder, problemPath).then(parseTemplate))
    return templates.get(full)!
  }
  const problems: ValidationProblem[] = []
  const report = (path: string, value: string, error: unknown) => {
    // A path the resolver refused is already a problem at this row's column, naming the row's value.
    const refused = error instanceof ValidationError && error.code === 'ERR_OB_INPUT_INVALID' && error.problems.length > 0 && error.problems.every((p) => p.path === path)
    if (refused) problems.push(...error.problems)
    else problems.push({ path, message: `"${value}": ${reason(error)}` })
  }
  const notAwarded: RowNotAwarded[] = []
  for (const row of rows) {
    const templatePath = `/${row.row}/template`
    const template = await templateAt(row.template, templatePath).catch((error: unknown) => {
      report(templatePath, row.template, error)
      return undefined
    })
    if (!template || row.award === undefined) continue
    const awardPath = `/${row.row}/award`
    try {
      const { decision } = assessRow(row, template, await readRosterJson(row.award, folder, awardPath))
      if (decision.outcome !== 'award-recommended') notAwarded.push({ row: row.row, name: row.name, outcome: decision.outcome })
    } catch (error) {
      report(awardPath, row.award, error)
    }
  }
  if (problems.length > 0) throw new ValidationError('ERR_OB_INPUT_INVALID', 'roster', problems)
  return { notAwarded }
}

const reason = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0]! : String(error))
