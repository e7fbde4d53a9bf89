import { invalidInput } from '../errors.js'
import { parseDuration } from '../devnet/duration.js'

export const SINCE_FORMS = 'Accepted forms: a UTC date 2026-01-31, a time 2026-01-31T12:00Z, or a duration back from the latest block: 30d, 12h, 90m.'

/** A point in time, or a span back from the chain's latest block (its own clock, which a devnet may have moved). */
export type Since = { at: number } | { ago: number }

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?$/i

/** Parses --since: a date (UTC), a date and time (UTC unless it names a zone), or a duration. */
export function parseSince(raw: string): Since {
  const text = raw.trim()
  if (/^\d+[dhms]$/.test(text)) return { ago: Number(parseDuration(text, '--since')) }
  const match = DATE_TIME.exec(text)
  if (match) {
    const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)))
    const zone = match[7]
    const utc = Date.UTC(year!, month! - 1, day, hour, minute, second)
    const calendar = new Date(utc)
    const valid = calendar.getUTCMonth() === month! - 1 && calendar.getUTCDate() === day && hour < 24 && minute < 60 && second < 60
    if (valid && (zone === undefined || match[4] !== undefined)) {
      const offset = zone === undefined || zone.toUpperCase() === 'Z' ? 0 : zoneMinutes(zone)
      return { at: Math.floor(utc / 1000) - offset * 60 }
    }
  }
  throw invalidInput('INVALID_SINCE', `Invalid --since "${raw}".`, [SINCE_FORMS])
}

function zoneMinutes(zone: string): number {
  const digits = zone.slice(1).replace(':', '')
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))
  return zone.startsWith('-') ? -minutes : minutes
}
