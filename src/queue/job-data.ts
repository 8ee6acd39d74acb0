import { type Static, Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { credentialIdOf } from '../batch/row-key.js'
import { ValidationError } from '../errors.js'

export { credentialIdOf }

const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$' })

/** What one issuance job carries: everything a worker needs besides the key, the store and the template text. */
export const IssuanceJobSchema = Type.Object(
  {
    v: Type.Literal(1),
    /** The row's stable key (`rowKey`): the job id, and the seed of the credential id. */
    rowKey: Hex64,
    credentialId: Type.String({ pattern: '^urn:uuid:[0-9a-f-]{36}$' }),
    row: Type.Object(
      {
        row: Type.Integer({ minimum: 1 }),
        name: Type.String({ minLength: 1, maxLength: 500 }),
        email: Type.Optional(Type.String({ maxLength: 320 })),
        did: Type.Optional(Type.String({ maxLength: 2000 })),
      },
      { additionalProperties: false },
    ),
    /** The template by id and by the SHA-256 of its stored JSON text (stored once per queue, not per job). */
    template: Type.Object({ id: Type.String({ minLength: 1 }), digest: Hex64 }, { additionalProperties: false }),
    /** The row's assessment (submission + reviews); absent when the issuer of record awards directly. */
    assessment: Type.Optional(Type.Unknown()),
    issuer: Type.Object({ name: Type.String({ minLength: 1 }), url: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 2000 })) }, { additionalProperties: false }),
    formats: Type.Array(Type.Union([Type.Literal('di'), Type.Literal('jwt')]), { minItems: 1, maxItems: 2, uniqueItems: true }),
    /**
     * Fixed at enqueue: the award's date, `validFrom` and the proof's `created`. With it (and the salt)
     * a re-run builds the same credential, and Ed25519 signs it to the same bytes.
     */
    issuedAt: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$' }),
    /** Salt of the hashed email identifier, fixed at enqueue for the same reason (random: never derived from the email). */
    identitySalt: Type.String({ pattern: '^[0-9a-f]{32}$' }),
  },
  { additionalProperties: false },
)
export type IssuanceJobData = Static<typeof IssuanceJobSchema>

/** Checks a job's data; throws `ERR_OB_INPUT_INVALID` listing every problem. */
export function parseIssuanceJob(value: unknown): IssuanceJobData {
  if (Value.Check(IssuanceJobSchema, value)) {
    if (value.credentialId !== credentialIdOf(value.rowKey)) throw new ValidationError('ERR_OB_INPUT_INVALID', 'issuance job', [{ path: '/credentialId', message: 'is not the id derived from "rowKey"' }])
    return value
  }
  const problems = [...Value.Errors(IssuanceJobSchema, value)].slice(0, 10).map((e) => ({ path: e.path, message: e.message }))
  throw new ValidationError('ERR_OB_INPUT_INVALID', 'issuance job', problems)
}
