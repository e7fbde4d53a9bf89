import { describe, expect, it } from 'vitest'
import { DURATION_FORMS, parseDuration } from '../../src/lib/devnet/duration.js'
import { CliError } from '../../src/lib/errors.js'
import { formatDuration } from '../../src/lib/format/time.js'

function refusal(run: () => unknown): CliError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(CliError)
    return error as CliError
  }
  throw new Error('expected a refusal')
}

const D = 86_400n
const H = 3_600n

describe('parseDuration', () => {
  it.each([
    ['14d', 14n * D],
    ['3h', 3n * H],
    ['90m', 5_400n],
    ['30s', 30n],
    ['13d23h', 13n * D + 23n * H],
    ['13d 22h', 13n * D + 22n * H],
    ['1h30m', 5_400n],
    ['1h 30m 15s', 5_415n],
    ['2d30s', 2n * D + 30n],
    [' 1d  2h ', D + 2n * H],
  ])('%j is %s seconds', (input, seconds) => {
    expect(parseDuration(input)).toBe(seconds)
  })

  it.each([0, 59, 3_600, 5_400, 86_399, 1_209_600, 13 * 86_400 + 22 * 3_600])('takes back what formatDuration prints for %i seconds', (seconds) => {
    // formatDuration keeps the two largest units: what it prints parses to at most that much.
    const printed = formatDuration(seconds)
    const parsed = parseDuration(printed, 'duration', { allowZero: true })
    expect(parsed).toBeLessThanOrEqual(BigInt(seconds))
    expect(formatDuration(parsed)).toBe(printed)
  })

  it.each([
    ['14', 'no unit'],
    ['1.5d', 'a decimal'],
    ['2w', 'another unit'],
    ['-1d', 'a sign'],
    ['30m1h', 'units out of order'],
    ['1h1h', 'a unit twice'],
    ['1 h', 'a space inside a part'],
    ['in 13d 22h', 'words around it'],
    ['', 'empty'],
    ['soon', 'a word'],
  ])('refuses %j (%s) with exit 2, the accepted forms said once', (input) => {
    const error = refusal(() => parseDuration(input, '--jail-period'))
    expect(error.exitCode).toBe(2)
    expect(error.code).toBe('INVALID_DURATION')
    expect(error.message).toBe(`Invalid --jail-period "${input}".`)
    expect(error.suggestions).toEqual([DURATION_FORMS])
  })

  it('refuses zero unless allowed, and more than 100 years', () => {
    expect(refusal(() => parseDuration('0s')).message).toBe('Invalid duration "0s": it must be longer than zero.')
    expect(refusal(() => parseDuration('0d 0h')).message).toMatch(/longer than zero/)
    expect(parseDuration('0s', 'duration', { allowZero: true })).toBe(0n)
    expect(refusal(() => parseDuration('36500d 24h')).message).toMatch(/more than 100 years/)
    expect(parseDuration('36500d')).toBe(36_500n * D)
  })
})
