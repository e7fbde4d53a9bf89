import { invalidInput } from '../errors.js'

/** Light on purpose (no ethers): command files parse durations before loading anything heavy. */

export const DURATION_FORMS = 'Accepted forms: a whole number followed by d, h, m or s, or several in that order, e.g. 14d, 3h, 90m, 30s, 13d 22h, 1h30m.'

const UNIT_SECONDS: Record<string, bigint> = { d: 86_400n, h: 3_600n, m: 60n, s: 1n }

/** A span of chain time the devnet can move by: over a century is a typo, not a plan. */
const MAX_SECONDS = 100n * 365n * 86_400n

/** Days, hours, minutes, seconds, each at most once and in that order, spaces allowed between: "13d 22h" as the CLI prints it. */
const DURATION_PATTERN = /^(?:(\d{1,12})d)?\s*(?:(\d{1,12})h)?\s*(?:(\d{1,12})m)?\s*(?:(\d{1,12})s)?$/

/**
 * Parses `14d`, `3h`, `90m`, `30s`, and sums such as `13d 22h` or `1h30m`, into seconds.
 * Anything else (no unit, a decimal, a sign, another unit) is refused: a bare number could
 * mean seconds or days.
 */
export function parseDuration(raw: string, what = 'duration', options: { allowZero?: boolean } = {}): bigint {
  const refuse = (reason: string) => invalidInput('INVALID_DURATION', `Invalid ${what} "${raw}"${reason}`, [DURATION_FORMS])
  const text = raw.trim()
  const match = DURATION_PATTERN.exec(text)
  if (text === '' || !match) throw refuse('.')
  const parts = match.slice(1)
  const seconds = parts.reduce((sum, count, index) => sum + BigInt(count ?? '0') * UNIT_SECONDS['dhms'[index]!]!, 0n)
  if (seconds === 0n && !options.allowZero) throw refuse(': it must be longer than zero.')
  if (seconds > MAX_SECONDS) throw refuse(': more than 100 years.')
  return seconds
}
