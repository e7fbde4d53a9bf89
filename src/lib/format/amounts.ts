/**
 * Amounts for people. Pure bigint arithmetic so this module stays light (no ethers):
 * it is used by renderers that --help never loads, but also by unit tests.
 */
const WEI_PER_UNIT = 10n ** 18n

/** Formats wei as a decimal with thousands separators: 30000000000000000000000n → "30,000". */
export function formatUnits18(wei: bigint, maxDecimals = 4): string {
  const negative = wei < 0n
  const abs = negative ? -wei : wei
  const whole = abs / WEI_PER_UNIT
  const fraction = abs % WEI_PER_UNIT
  let fractionText = fraction.toString().padStart(18, '0').slice(0, maxDecimals).replace(/0+$/, '')
  // A non-zero amount never shows as "0": say it is below the precision shown.
  if (whole === 0n && fraction > 0n && fractionText === '') {
    return `${negative ? '>-' : '<'}0.${'0'.repeat(Math.max(0, maxDecimals - 1))}1`
  }
  const wholeText = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  fractionText = fractionText === '' ? '' : `.${fractionText}`
  return `${negative ? '-' : ''}${wholeText}${fractionText}`
}

export function formatKro(wei: bigint, maxDecimals = 4): string {
  return `${formatUnits18(wei, maxDecimals)} KRO`
}

export function formatEth(wei: bigint, maxDecimals = 6): string {
  return `${formatUnits18(wei, maxDecimals)} ETH`
}

/** Exact decimal form, no separators, no rounding: for messages where precision matters. */
export function formatUnits18Exact(wei: bigint): string {
  const whole = wei / WEI_PER_UNIT
  const fraction = (wei % WEI_PER_UNIT).toString().padStart(18, '0').replace(/0+$/, '')
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`
}
