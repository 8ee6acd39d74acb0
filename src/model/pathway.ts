import { type Static, type TSchema, Type } from '@sinclair/typebox'

/**
 * A pathway (stack) rule tree over template ids:
 * `{ template }` one member; `{ allOf }` every child; `{ nOf, of, required? }` at least n children,
 * including every child listed in `required` (template ids).
 */
export type PathwayRule =
  | { template: string }
  | { allOf: PathwayRule[] }
  | { nOf: number; of: PathwayRule[]; required?: string[] }

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

/** What is still missing from a rule: the unmet templates and, for n-of-m, how many more. */
export type PathwayGap =
  | { kind: 'template'; template: string }
  | { kind: 'all-of'; missing: PathwayGap[] }
  | { kind: 'n-of'; needed: number; requiredMissing: string[]; options: PathwayGap[] }

export interface PathwayProgress {
  complete: boolean
  /** Templates of the pathway the educator has earned. */
  earned: string[]
  /** Why the pathway is not complete; `undefined` when it is. */
  gap?: PathwayGap
}

/**
 * Evaluates a pathway against the templates an educator has earned.
 * @example
 * evaluatePathway(pathway, ['https://example.org/mc/a']) // { complete: false, gap: {...} }
 */
export function evaluatePathway(pathway: Pathway, earnedTemplateIds: Iterable<string>): PathwayProgress {
  const earned = new Set(earnedTemplateIds)
  const gap = evaluateRule(pathway.rule, earned)
  const members = [...collectTemplates(pathway.rule)].filter((id) => earned.has(id)).sort()
  return gap ? { complete: false, earned: members, gap } : { complete: true, earned: members }
}

/** Every template id named anywhere in the rule tree. */
export function collectTemplates(rule: PathwayRule, into = new Set<string>()): Set<string> {
  if ('template' in rule) into.add(rule.template)
  else if ('allOf' in rule) for (const child of rule.allOf) collectTemplates(child, into)
  else {
    for (const child of rule.of) collectTemplates(child, into)
    for (const id of rule.required ?? []) into.add(id)
  }
  return into
}

function evaluateRule(rule: PathwayRule, earned: Set<string>): PathwayGap | undefined {
  if ('template' in rule) return earned.has(rule.template) ? undefined : { kind: 'template', template: rule.template }
  if ('allOf' in rule) {
    const missing = rule.allOf.map((child) => evaluateRule(child, earned)).filter((g) => g !== undefined)
    return missing.length === 0 ? undefined : { kind: 'all-of', missing }
  }
  const gaps = rule.of.map((child) => evaluateRule(child, earned))
  const met = gaps.filter((g) => g === undefined).length
  const requiredMissing = (rule.required ?? []).filter((id) => !earned.has(id))
  const needed = Math.max(0, rule.nOf - met)
  if (needed === 0 && requiredMissing.length === 0) return undefined
  return { kind: 'n-of', needed, requiredMissing, options: gaps.filter((g) => g !== undefined) }
}
