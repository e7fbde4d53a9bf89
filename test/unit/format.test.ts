import { describe, expect, it } from 'vitest'
import { formatEth, formatKro, formatUnits18, formatUnits18Exact } from '../../src/lib/format/amounts.js'
import { formatDuration, formatUtc, formatWhen } from '../../src/lib/format/time.js'

const WEI = 10n ** 18n

describe('formatUnits18', () => {
  it.each([
    [0n, '0'],
    [WEI, '1'],
    [30_000n * WEI, '30,000'],
    [1_234_567n * WEI, '1,234,567'],
    [999n * WEI, '999'],
    [1000n * WEI, '1,000'],
    [WEI / 2n, '0.5'],
    [12_345n * WEI + 6789n * 10n ** 14n, '12,345.6789'],
    [WEI + 10n ** 14n, '1.0001'],
    [WEI + 10n ** 13n, '1'], // beyond 4 decimals, and the zeros are not kept
    [-(WEI / 2n), '-0.5'],
    [-(1_500n * WEI), '-1,500'],
  ])('%s wei → %s', (wei, text) => {
    expect(formatUnits18(wei)).toBe(text)
  })

  it('cuts extra decimals instead of rounding up (never shows more than there is)', () => {
    expect(formatUnits18(2n * WEI - 1n)).toBe('1.9999')
    expect(formatUnits18(2n * WEI - 1n, 2)).toBe('1.99')
  })

  it('a non-zero amount below the precision never shows as 0', () => {
    expect(formatUnits18(1n)).toBe('<0.0001')
    expect(formatUnits18(10n ** 13n)).toBe('<0.0001')
    expect(formatUnits18(1n, 2)).toBe('<0.01')
    expect(formatUnits18(-1n)).toBe('>-0.0001')
    expect(formatUnits18(10n ** 14n)).toBe('0.0001')
  })

  it('takes the number of decimals', () => {
    expect(formatUnits18(123_456_789n * 10n ** 10n, 8)).toBe('1.23456789')
    expect(formatUnits18(123_456_789n * 10n ** 10n, 0)).toBe('1')
  })
})

describe('formatKro and formatEth', () => {
  it('add the unit', () => {
    expect(formatKro(10_000n * WEI)).toBe('10,000 KRO')
    expect(formatKro(0n)).toBe('0 KRO')
    expect(formatKro(1n)).toBe('<0.0001 KRO')
    expect(formatKro(1_234_567n * 10n ** 15n, 2)).toBe('1,234.56 KRO')
    expect(formatEth(WEI)).toBe('1 ETH')
    // ETH shows 6 decimals by default: gas money is small.
    expect(formatEth(123_456_789n * 10n ** 9n)).toBe('0.123456 ETH')
    expect(formatEth(1n)).toBe('<0.000001 ETH')
  })
})

describe('formatUnits18Exact', () => {
  it.each([
    [0n, '0'],
    [1n, '0.000000000000000001'],
    [WEI, '1'],
    [WEI + 1n, '1.000000000000000001'],
    [(3n * WEI) / 2n, '1.5'],
    [30_000n * WEI, '30000'],
  ])('%s wei → %s', (wei, text) => {
    expect(formatUnits18Exact(wei)).toBe(text)
  })
})

describe('formatUtc', () => {
  it.each([
    [0, '1970-01-01 00:00 UTC'],
    [1_700_000_000, '2023-11-14 22:13 UTC'],
    [1_700_000_000n, '2023-11-14 22:13 UTC'],
    [951_782_400, '2000-02-29 00:00 UTC'],
  ])('%s → %s', (seconds, text) => {
    expect(formatUtc(seconds)).toBe(text)
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [1, '1s'],
    [59, '59s'],
    [60, '1m'],
    [61, '1m 1s'],
    [3_600, '1h'],
    [3_661, '1h 1m'], // two units are enough to plan by
    [86_400, '1d'],
    [90_000, '1d 1h'],
    [259_200, '3d'],
    [259_200 - 5, '2d 23h'],
    [604_800, '7d'],
    [1_209_600, '14d'],
    [1_209_600n, '14d'],
    [-5, '0s'],
  ])('%s s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text)
  })
})

describe('formatWhen', () => {
  const now = 1_700_000_000n
  it('a time ahead: UTC and a countdown', () => {
    expect(formatWhen(now + 7_200n, now)).toBe('2023-11-15 00:13 UTC (in 2h)')
    expect(formatWhen(now + 259_200n, now)).toBe('2023-11-17 22:13 UTC (in 3d)')
  })
  it('now or past: passed', () => {
    expect(formatWhen(now, now)).toBe('2023-11-14 22:13 UTC (passed)')
    expect(formatWhen(now - 60n, now)).toBe('2023-11-14 22:12 UTC (passed)')
  })
})
