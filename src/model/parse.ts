import type { ValidateFunction } from 'ajv'
import { type ObErrorCode, ValidationError } from '../errors.js'
import { problemsFromAjv } from '../internal/json-path.js'
import * as validators from './generated/model-validators.js'
import type { Pathway } from './pathway.js'
import type { IssuerProfile } from './schema/issuer-profile.js'
import type { AssessmentInput, Review } from './review.js'
import type { Submission } from './submission.js'
import { type MicroCredentialTemplate, type MicroCredentialTemplateInput, withTemplateDefaults } from './template.js'

// Validators are precompiled from the TypeBox schemas (npm run schemas:write): neither TypeBox nor
// the Ajv compiler loads at run time.
function parseWith<T>(validate: ValidateFunction, code: ObErrorCode, what: string, input: unknown): T {
  if (!validate(input)) throw new ValidationError(code, what, problemsFromAjv(validate.errors, input))
  return structuredClone(input) as T
}

/**
 * Turns unknown JSON into a typed template, or throws one `ValidationError`
 * (`ERR_OB_TEMPLATE_INVALID`) listing every problem with its JSON path.
 * Structural rules beyond the schema (level ids, required levels) are checked too. The defaults are
 * filled in (`withTemplateDefaults`): lists left out are `[]`, artifacts and the reflection required.
 * @example
 * const template = parseTemplate(JSON.parse(await readFile('template.json', 'utf8')))
 */
export function parseTemplate(input: unknown): MicroCredentialTemplate {
  const template = withTemplateDefaults(parseWith<MicroCredentialTemplateInput>(validators.template, 'ERR_OB_TEMPLATE_INVALID', 'template', input))
  const problems = structuralProblems(template)
  if (problems.length > 0) throw new ValidationError('ERR_OB_TEMPLATE_INVALID', 'template', problems)
  return template
}

function structuralProblems(template: MicroCredentialTemplate) {
  const problems: { path: string; message: string }[] = []
  const criterionIds = new Set<string>()
  template.rubric.criteria.forEach((criterion, i) => {
    const at = `/rubric/criteria/${i}`
    if (criterionIds.has(criterion.id)) problems.push({ path: `${at}/id`, message: `duplicates criterion id "${criterion.id}"` })
    criterionIds.add(criterion.id)
    const levelIds = new Set<string>()
    criterion.levels.forEach((level, j) => {
      if (levelIds.has(level.id)) problems.push({ path: `${at}/levels/${j}/id`, message: `duplicates level id "${level.id}"` })
      levelIds.add(level.id)
      const previous = criterion.levels[j - 1]
      if (previous && level.points <= previous.points)
        problems.push({
          path: `${at}/levels/${j}/points`,
          message: `must be greater than the previous level's points (${previous.points}); levels are ordered low to high`,
        })
    })
    if (!levelIds.has(criterion.requiredLevel))
      problems.push({ path: `${at}/requiredLevel`, message: `"${criterion.requiredLevel}" is not a level of this criterion` })
  })
  return problems
}

/** Parses a submission or throws `ERR_OB_SUBMISSION_INVALID` listing every problem. */
export function parseSubmission(input: unknown): Submission {
  return parseWith(validators.submission, 'ERR_OB_SUBMISSION_INVALID', 'submission', input)
}

/** Parses one review or throws `ERR_OB_REVIEW_INVALID` listing every problem. */
export function parseReview(input: unknown): Review {
  return parseWith(validators.review, 'ERR_OB_REVIEW_INVALID', 'review', input)
}

/** Parses the input of an assessment (submission + reviews + policy) or throws `ERR_OB_REVIEW_INVALID`. */
export function parseAssessmentInput(input: unknown): AssessmentInput {
  return parseWith(validators.assessment, 'ERR_OB_REVIEW_INVALID', 'assessment input', input)
}

/** Parses a pathway definition or throws `ERR_OB_INPUT_INVALID`. */
export function parsePathway(input: unknown): Pathway {
  return parseWith(validators.pathway, 'ERR_OB_INPUT_INVALID', 'pathway', input)
}

/**
 * Parses an issuer profile file or throws `ERR_OB_ISSUER_INVALID` listing every problem.
 * @example
 * const profile = parseIssuerProfile(JSON.parse(await readFile('issuer.json', 'utf8')))
 */
export function parseIssuerProfile(input: unknown): IssuerProfile {
  return parseWith(validators.issuerProfile, 'ERR_OB_ISSUER_INVALID', 'issuer profile', input)
}
