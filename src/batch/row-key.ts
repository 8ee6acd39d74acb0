import { createHash } from 'node:crypto'
import { v5 as uuidv5 } from 'uuid'
import { MICROCRED_UUID_NAMESPACE } from '../internal/ids.js'
import type { RosterRow } from './roster.js'

export { MICROCRED_UUID_NAMESPACE }

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
