import { type Static, type TSchema, Type } from '@sinclair/typebox'
import type { PathwayRule } from '../pathway.js'

export const PathwayRuleSchema = Type.Recursive(
  (Self: TSchema) =>
    Type.Union([
      Type.Object({ template: Type.String({ format: 'uri' }) }, { additionalProperties: false }),
      Type.Object({ allOf: Type.Array(Self, { minItems: 1 }) }, { additionalProperties: false }),
      Type.Object(
        {
          nOf: Type.Integer({ minimum: 1 }),
          of: Type.Array(Self, { minItems: 1 }),
          required: Type.Optional(Type.Array(Type.String({ format: 'uri' }))),
        },
        { additionalProperties: false },
      ),
    ]),
  { $id: 'PathwayRule' },
)

/** A named pathway: completing it can earn a pathway credential. */
export const PathwaySchema = Type.Object(
  {
    id: Type.String({ format: 'uri' }),
    name: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    rule: PathwayRuleSchema,
  },
  { $id: 'https://microcred.dev/schemas/pathway.schema.json', additionalProperties: false },
)

/** `rule` is typed by hand: TypeBox's recursive `Static` is opaque in declarations. */
export type Pathway = Omit<Static<typeof PathwaySchema>, 'rule'> & { rule: PathwayRule }
