import { createHash } from 'node:crypto'
import { v5 as uuidv5 } from 'uuid'
import type { RosterRow } from './roster.js'

/** Namespace of the name-based UUIDs (v5) that make a row's credential id stable across re-runs. */
export const MICROCRED_UUID_NAMESPACE = '6f1d3c7e-2b8a-5e4f-9c61-0a7d2e5b8c13'

/** The stable key of a roster row: who earned which template. */
export function rowKey(templateId: string, row: Pick<RosterRow, 'did' | 'email'>): string {
  return createHash('sha256')
    .update(`${templateId}\n${row.did ?? row.email?.trim().toLowerCase()}`)
    .digest('hex')
}

/** The credential id of a row: a name-based UUID (v5) of its stable key, the same on every run. */
export function credentialIdOf(rowKey: string): string {
  return `urn:uuid:${uuidv5(rowKey, MICROCRED_UUID_NAMESPACE)}`
}
