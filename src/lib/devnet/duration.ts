import { invalidInput } from '../errors.js'

/** Light on purpose (no ethers): command files parse durations before loading anything heavy. */

export const DURATION_FORMS = 'Accepted forms: a whole number followed by d, h, m or s, e.g. 14d, 3h, 90m, 30s.'

const UNIT_SECONDS: Record<string, bigint> = { d: 86_400n, h: 3_600n, m: 60n, s: 1n }

/** A span of chain time the devnet can move by: over a century is a typo, not a plan. */
const MAX_SECONDS = 100n * 365n * 86_400n

/**
 * Parses `14d`, `3h`, `90m`, `30s` into seconds. Anything else (no unit, a decimal, a sign,
 * several units, another unit) is refused: a bare number could mean seconds or days.
 */
export function parseDuration(raw: string, what = 'duration', options: { allowZero?: boolean } = {}): bigint {
  const match = /^(\d{1,12})([dhms])$/.exec(raw.trim())
  if (!match) {
    throw invalidInput('INVALID_DURATION', `Invalid ${what} "${raw}". ${DURATION_FORMS}`, [DURATION_FORMS])
  }
  const seconds = BigInt(match[1]!) * UNIT_SECONDS[match[2]!]!
  if (seconds === 0n && !options.allowZero) throw invalidInput('INVALID_DURATION', `Invalid ${what} "${raw}": it must be longer than zero. ${DURATION_FORMS}`, [DURATION_FORMS])
  if (seconds > MAX_SECONDS) throw invalidInput('INVALID_DURATION', `Invalid ${what} "${raw}": more than 100 years. ${DURATION_FORMS}`, [DURATION_FORMS])
  return seconds
}
