// ISO 8601 durations of whole years, months, weeks and days (`P2Y`, `P18M`, `P6W`, `P90D`): what a
// programme writes for a validity period or a waiting time. Time parts are not needed here.
const DURATION = /^P(?=\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/

export interface DurationParts {
  years: number
  months: number
  weeks: number
  days: number
}

/** The parts of a duration; throws `RangeError` for anything but `PnYnMnWnD`. */
export function parseIsoDuration(duration: string): DurationParts {
  const match = DURATION.exec(duration)
  if (!match) throw new RangeError(`"${duration}" is not an ISO 8601 duration of years, months, weeks or days (e.g. "P2Y")`)
  const [years, months, weeks, days] = match.slice(1).map((n) => Number(n ?? 0)) as [number, number, number, number]
  return { years, months, weeks, days }
}

/**
 * `date` plus `duration`, on the UTC calendar. Adding months keeps the day of the month, clamped
 * to the month's last day (31 January + P1M = 28/29 February), as calendars and contracts do.
 */
export function addIsoDuration(date: Date, duration: string): Date {
  const { years, months, weeks, days } = parseIsoDuration(duration)
  const totalMonths = date.getUTCMonth() + years * 12 + months
  const year = date.getUTCFullYear() + Math.floor(totalMonths / 12)
  const month = totalMonths % 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const result = new Date(date.getTime())
  result.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay))
  result.setUTCDate(result.getUTCDate() + weeks * 7 + days)
  return result
}

/** "2 years", "1 year and 6 months", "90 days". */
export function describeDuration(duration: string): string {
  const parts = parseIsoDuration(duration)
  const words = (['years', 'months', 'weeks', 'days'] as const)
    .filter((unit) => parts[unit] > 0)
    .map((unit) => `${parts[unit]} ${parts[unit] === 1 ? unit.slice(0, -1) : unit}`)
  if (words.length === 0) return '0 days'
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`
}
