import type { Pathway } from './schema/pathway.js'

export type { Pathway } from './schema/pathway.js'

/**
 * A pathway (stack) rule tree over template ids:
 * `{ template }` one member; `{ allOf }` every child; `{ nOf, of, required? }` at least n children,
 * including every child listed in `required` (template ids).
 */
export type PathwayRule =
  | { template: string }
  | { allOf: PathwayRule[] }
  | { nOf: number; of: PathwayRule[]; required?: string[] }


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

/** One unmet part of a pathway, located by its JSON path in the pathway (`/rule/allOf/1/of/0`). */
export type UnmetRule =
  | { kind: 'template'; path: string; template: string }
  | { kind: 'n-of'; path: string; needed: number; of: number }

/**
 * Every unmet rule of a pathway with its path: the member templates not earned (under each failing
 * all-of, n-of and `required` list) and each n-of rule that still needs members. Empty when complete.
 * @example
 * unmetRules(pathway, []) // [{ kind: 'template', path: '/rule/allOf/0', template: 'https://…/gestures' }, …]
 */
export function unmetRules(pathway: Pathway, earnedTemplateIds: Iterable<string>): UnmetRule[] {
  return unmetOf(pathway.rule, new Set(earnedTemplateIds), '/rule')
}

function unmetOf(rule: PathwayRule, earned: Set<string>, path: string): UnmetRule[] {
  if ('template' in rule) return earned.has(rule.template) ? [] : [{ kind: 'template', path, template: rule.template }]
  if ('allOf' in rule) return rule.allOf.flatMap((child, i) => unmetOf(child, earned, `${path}/allOf/${i}`))
  const children = rule.of.map((child, i) => unmetOf(child, earned, `${path}/of/${i}`))
  const needed = Math.max(0, rule.nOf - children.filter((c) => c.length === 0).length)
  const required: UnmetRule[] = (rule.required ?? []).flatMap((template, i) => (earned.has(template) ? [] : [{ kind: 'template' as const, path: `${path}/required/${i}`, template }]))
  if (needed === 0) return required
  return [{ kind: 'n-of', path, needed, of: rule.of.length }, ...children.flat(), ...required]
}
