import { describe, expect, it } from 'vitest'
import { UINT128_MAX, parseAmount, parseCommissionRate } from '../../src/lib/amounts.js'
import { CliError } from '../../src/lib/errors.js'

const WEI = 10n ** 18n

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
    ['1', 1n],
    ['0', 0n],
    [' 42 ', 42n],
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
    expect(error.message).not.toMatch(/"max" for everything/)
    // Where max is allowed, a refusal mentions it.
    expect(refusal(() => parseAmount('all', { allowMax: true })).message).toContain('max')
  })

  it.each([
    ['1.5', 'a decimal without a unit'],
    ['-1', 'negative'],
    ['-1KRO', 'negative with unit'],
    ['0x10', 'hex'],
    ['0x10KRO', 'hex with unit'],
    ['1.0000000000000000001KRO', '19 decimals'],
    [(UINT128_MAX + 1n).toString(), 'above uint128'],
    [`${(UINT128_MAX / WEI) + 1n}KRO`, 'above uint128 in KRO'],
    ['', 'empty'],
    ['   ', 'blank'],
    ['KRO', 'a unit alone'],
    ['1e18', 'exponent'],
    ['1,000', 'thousands separator'],
    ['10 ETH', 'another unit'],
    ['10 gwei', 'a wei unit'],
    ['1.5 KRO KRO', 'unit twice'],
  ])('refuses %j (%s) with exit 2 and the accepted forms', (input) => {
    const error = refusal(() => parseAmount(input))
    expect(error.exitCode).toBe(2)
    expect(error.code).toBe('INVALID_AMOUNT')
    expect(error.message).toContain(`"${input}"`)
    // The accepted forms, in the message and as a suggestion.
    for (const text of [error.message, error.suggestions.join(' ')]) {
      expect(text).toContain('10000KRO')
      expect(text).toMatch(/wei/)
    }
  })

  it('says why a bare decimal is refused', () => {
    expect(refusal(() => parseAmount('1.5')).message).toMatch(/unit/i)
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
    expect(error.message).toMatch(/0 to 100/)
  })
})
