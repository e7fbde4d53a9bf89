import { describe, expect, it } from 'vitest'
import { AMOUNT_FORMS, UINT128_MAX, amountForms, parseAmount, parseCommissionRate } from '../../src/lib/input/amounts.js'
import { CliError } from '../../src/lib/errors.js'

const WEI = 10n ** 18n

const occurrences = (text: string, part: string) => text.split(part).length - 1

function refusal(run: () => unknown): CliError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(CliError)
    return error as CliError
  }
  throw new Error('expected a refusal')
}

describe('parseAmount', () => {
  it.each([
    ['10000000000000000000000', 10_000n * WEI],
    ['1000000000000000000', WEI],
    ['0', 0n],
    ['1wei', 1n],
    [' 42 wei ', 42n],
    ['5000WEI', 5000n],
    ['1,000,000wei', 1_000_000n],
    ['10,000KRO', 10_000n * WEI],
    ['10,000 KRO', 10_000n * WEI],
    ['1,234,567.5 kro', 1_234_567n * WEI + WEI / 2n],
    ['10000KRO', 10_000n * WEI],
    ['10000 KRO', 10_000n * WEI],
    ['10000kro', 10_000n * WEI],
    ['0.5 kro', WEI / 2n],
    ['0.5KRO', WEI / 2n],
    ['1.25 Kro', (5n * WEI) / 4n],
    ['0.000000000000000001KRO', 1n],
    ['1.000000000000000001 kro', WEI + 1n],
    ['007KRO', 7n * WEI],
    [UINT128_MAX.toString(), UINT128_MAX],
  ])('%j is %s wei', (input, wei) => {
    expect(parseAmount(input)).toEqual({ kind: 'wei', wei })
    expect(parseAmount(input, { allowMax: true })).toEqual({ kind: 'wei', wei })
  })

  it('uint128 max is the limit in the KRO form too', () => {
    const whole = UINT128_MAX / WEI
    const fraction = (UINT128_MAX % WEI).toString().padStart(18, '0')
    expect(parseAmount(`${whole}.${fraction}KRO`)).toEqual({ kind: 'wei', wei: UINT128_MAX })
    const over = (UINT128_MAX % WEI) + 1n
    expect(over).toBeLessThan(WEI)
    expect(refusal(() => parseAmount(`${whole}.${over.toString().padStart(18, '0')}KRO`)).code).toBe('INVALID_AMOUNT')
  })

  it('max only where it is allowed', () => {
    expect(parseAmount('max', { allowMax: true })).toEqual({ kind: 'max' })
    expect(parseAmount(' MAX ', { allowMax: true })).toEqual({ kind: 'max' })
    const error = refusal(() => parseAmount('max'))
    expect(error.exitCode).toBe(2)
    expect(error.suggestions.join(' ')).not.toMatch(/"max" for everything/)
    // Where max is allowed, a refusal mentions it.
    expect(refusal(() => parseAmount('all', { allowMax: true })).suggestions.join(' ')).toContain('"max" for everything not bonded')
  })

  it.each([
    ['1.5', 'a decimal without a unit'],
    ['-1', 'negative'],
    ['-1KRO', 'negative with unit'],
    ['0x10', 'hex'],
    ['0x10KRO', 'hex with unit'],
    ['1.0000000000000000001KRO', '19 decimals'],
    [(UINT128_MAX + 1n).toString(), 'above uint128'],
    [`${UINT128_MAX / WEI + 1n}KRO`, 'above uint128 in KRO'],
    ['', 'empty'],
    ['   ', 'blank'],
    ['KRO', 'a unit alone'],
    ['1e18', 'exponent'],
    ['1,0000KRO', 'a misplaced thousands separator'],
    [',000KRO', 'a separator first'],
    ['1,000.5', 'a decimal with separators and no unit'],
    ['10 ETH', 'another unit'],
    ['1.5wei', 'a fraction of a wei'],
    ['10 gwei', 'a wei unit'],
    ['1.5 KRO KRO', 'unit twice'],
  ])('refuses %j (%s) with exit 2 and the accepted forms, said once', (input) => {
    const error = refusal(() => parseAmount(input))
    expect(error.exitCode).toBe(2)
    expect(error.code).toBe('INVALID_AMOUNT')
    expect(error.message).toContain(`"${input}"`)
    // The accepted forms once: as the suggestion, not repeated in the message.
    expect(error.suggestions).toEqual([AMOUNT_FORMS])
    expect(occurrences([error.message, ...error.suggestions].join('\n'), 'Accepted forms')).toBe(1)
  })

  it('says why a bare decimal is refused, and how to write it', () => {
    expect(refusal(() => parseAmount('1.5')).message).toBe('Invalid amount "1.5": a decimal needs the KRO unit, e.g. 1.5KRO.')
  })

  it.each([
    ['5000', '0.000000000000005'],
    ['1', '0.000000000000000001'],
    ['999999999999999999', '0.999999999999999999'],
    ['1,000', '0.000000000000001'],
  ])('refuses the plain number %j below one KRO: a forgotten unit, naming what may have been meant', (input, kro) => {
    const error = refusal(() => parseAmount(input))
    expect(error.exitCode).toBe(2)
    const digits = input.replaceAll(',', '')
    expect(error.message).toBe(
      `Invalid amount "${input}": without a unit it is ${digits} wei, only ${kro} KRO. Did you mean ${digits}KRO? For wei, write ${digits}wei.`,
    )
  })

  it('is generic over the unit: ETH amounts follow the same rules', () => {
    expect(parseAmount('1.5ETH', { unit: 'ETH' })).toEqual({ kind: 'wei', wei: (3n * WEI) / 2n })
    expect(parseAmount('10,000 eth', { unit: 'ETH' })).toEqual({ kind: 'wei', wei: 10_000n * WEI })
    expect(parseAmount('5000wei', { unit: 'ETH' })).toEqual({ kind: 'wei', wei: 5000n })
    expect(parseAmount('2000000000000000000', { unit: 'ETH' })).toEqual({ kind: 'wei', wei: 2n * WEI })
    expect(parseAmount('max', { unit: 'ETH', allowMax: true })).toEqual({ kind: 'max' })
    const forgotten = refusal(() => parseAmount('5', { unit: 'ETH' }))
    expect(forgotten.message).toContain('Did you mean 5ETH? For wei, write 5wei.')
    expect(forgotten.suggestions).toEqual([amountForms('ETH')])
    expect(amountForms('ETH')).toContain('10000ETH')
    expect(amountForms('ETH')).not.toContain('KRO')
    // Each unit refuses the other.
    expect(refusal(() => parseAmount('1KRO', { unit: 'ETH' })).message).toBe('Invalid amount "1KRO": the unit here is ETH (or wei).')
    expect(refusal(() => parseAmount('1ETH')).message).toBe('Invalid amount "1ETH": the unit here is KRO (or wei).')
    expect(refusal(() => parseAmount('0.1234567890123456789ETH', { unit: 'ETH' })).message).toMatch(/ETH has at most 18 decimals/)
  })

  it('says why 19 decimals are refused', () => {
    expect(refusal(() => parseAmount('0.1234567890123456789KRO')).message).toMatch(/18 decimals/)
  })
})

describe('parseCommissionRate', () => {
  it.each([
    ['0', 0],
    ['10', 10],
    ['100', 100],
    ['10%', 10],
    [' 5 ', 5],
    ['007', 7],
  ])('%j is %i', (input, rate) => {
    expect(parseCommissionRate(input)).toBe(rate)
  })

  it.each([['101'], ['-1'], ['1.5'], [''], ['abc'], ['1000'], ['0x10'], ['10 %%'], ['1e1']])('refuses %j with exit 2 and the accepted form', (input) => {
    const error = refusal(() => parseCommissionRate(input))
    expect(error.exitCode).toBe(2)
    expect(error.code).toBe('INVALID_COMMISSION_RATE')
    expect(error.message).toContain(`"${input}"`)
    expect(error.suggestions.join(' ')).toMatch(/0 to 100/)
    expect(occurrences([error.message, ...error.suggestions].join('\n'), 'Accepted form')).toBe(1)
  })
})
