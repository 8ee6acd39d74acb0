import type { Review } from '../model/review.js'

/** Agreement of two reviewers over the criteria they both scored. */
export interface RaterPairAgreement {
  raters: [string, string]
  /** Number of (submission, criterion) items both scored. */
  items: number
  /** Share of items with the same level, 0..1. */
  percentAgreement: number
  /** Cohen's κ; `null` when undefined (fewer than 2 items, or chance agreement is 1). */
  kappa: number | null
}

export interface InterRaterAgreementResult {
  pairs: RaterPairAgreement[]
  /** Reviewers in a pair whose κ is below the threshold: candidates for calibration. */
  needsCalibration: string[]
}

export interface InterRaterAgreementOptions {
  /** κ below this flags both reviewers. @default 0.6 ("substantial" per Landis & Koch) */
  kappaThreshold?: number
  /** Pairs with fewer double-scored items are reported but never flagged. @default 5 */
  minItems?: number
}

/**
 * Percent agreement and Cohen's κ for every pair of reviewers over double-scored submissions.
 * @example
 * const { needsCalibration } = interRaterAgreement(allReviews, { kappaThreshold: 0.6 })
 */
export function interRaterAgreement(
  reviews: readonly Review[],
  { kappaThreshold = 0.6, minItems = 5 }: InterRaterAgreementOptions = {},
): InterRaterAgreementResult {
  // rater -> "submission\0criterion" -> level
  const byRater = new Map<string, Map<string, string>>()
  for (const review of reviews) {
    const items = byRater.get(review.reviewer.id) ?? new Map<string, string>()
    for (const s of review.scores) items.set(`${review.submissionId}\u0000${s.criterionId}`, s.levelId)
    byRater.set(review.reviewer.id, items)
  }
  const raters = [...byRater.keys()].sort()
  const pairs: RaterPairAgreement[] = []
  const flagged = new Set<string>()
  for (let i = 0; i < raters.length; i++) {
    for (let j = i + 1; j < raters.length; j++) {
      const a = byRater.get(raters[i]!)!
      const b = byRater.get(raters[j]!)!
      const shared = [...a.keys()].filter((k) => b.has(k))
      if (shared.length === 0) continue
      const pair = agreement(
        shared.map((k) => a.get(k)!),
        shared.map((k) => b.get(k)!),
      )
      pairs.push({ raters: [raters[i]!, raters[j]!], items: shared.length, ...pair })
      if (shared.length >= minItems && pair.kappa !== null && pair.kappa < kappaThreshold) {
        flagged.add(raters[i]!)
        flagged.add(raters[j]!)
      }
    }
  }
  return { pairs, needsCalibration: [...flagged].sort() }
}

/** Percent agreement and Cohen's κ of two equally long label sequences. */
export function cohensKappa(a: readonly string[], b: readonly string[]): number | null {
  return agreement(a, b).kappa
}

function agreement(a: readonly string[], b: readonly string[]): { percentAgreement: number; kappa: number | null } {
  if (a.length !== b.length) throw new RangeError('both raters must label the same items')
  const n = a.length
  if (n === 0) return { percentAgreement: 0, kappa: null }
  let same = 0
  const countA = new Map<string, number>()
  const countB = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) same++
    countA.set(a[i]!, (countA.get(a[i]!) ?? 0) + 1)
    countB.set(b[i]!, (countB.get(b[i]!) ?? 0) + 1)
  }
  const observed = same / n
  let expected = 0
  for (const [label, ca] of countA) expected += (ca / n) * ((countB.get(label) ?? 0) / n)
  const kappa = n < 2 || expected === 1 ? null : (observed - expected) / (1 - expected)
  return { percentAgreement: observed, kappa: kappa === null ? null : Math.round(kappa * 10000) / 10000 }
}
