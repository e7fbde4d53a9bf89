import { describe, expect, it } from 'vitest'
import { amountForms, parseAmount } from '../../src/lib/input/amounts.js'
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

describe('parseAmount with the ETH unit', () => {
  it.each([
    ['1ETH', WEI],
    ['0.25 eth', WEI / 4n],
    ['1.5Eth', (3n * WEI) / 2n],
    ['0.000000000000000001ETH', 1n],
    ['2000000000000000000', 2n * WEI],
  ])('%s', (raw, wei) => {
    expect(parseAmount(raw, { unit: 'ETH' })).toEqual({ kind: 'wei', wei })
  })

  it('max where allowed', () => {
    expect(parseAmount('max', { unit: 'ETH', allowMax: true })).toEqual({ kind: 'max' })
  })

  it.each([
    ['KRO where ETH is meant', '5KRO'],
    ['a decimal without the unit', '0.5'],
    ['19 decimals', '1.0000000000000000001ETH'],
    ['a negative amount', '-1ETH'],
  ])('refuses %s with the ETH forms', (_name, raw) => {
    const error = refusal(() => parseAmount(raw, { unit: 'ETH', allowMax: true }))
    expect(error).toMatchObject({ code: 'INVALID_AMOUNT', exitCode: 2 })
    // The accepted forms are said once, as the suggestion.
    expect(error.suggestions).toEqual([amountForms('ETH', true)])
    expect(error.suggestions[0]).toContain('"max" for the whole balance')
  })

  it('KRO stays the default: ETH is refused there', () => {
    expect(refusal(() => parseAmount('1ETH')).suggestions[0]).toContain('KRO unit')
  })
})
