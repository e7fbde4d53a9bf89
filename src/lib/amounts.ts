import { invalidInput } from './errors.js'

export const UINT128_MAX = (1n << 128n) - 1n

export const AMOUNT_FORMS =
  'Accepted forms: a whole number of wei (10000000000000000000000), or a decimal with the KRO unit (10000KRO, 0.5 kro).'

export const ETH_AMOUNT_FORMS = 'Accepted forms: a whole number of wei (1000000000000000000), or a decimal with the ETH unit (1ETH, 0.25 eth).'

export type AmountInput = { kind: 'wei'; wei: bigint } | { kind: 'max' }

/** The asset an amount is in: KRO for the validator system, ETH for the V1 ValidatorPool. */
export type AmountUnit = 'KRO' | 'ETH'

const WEI_PATTERN = /^\d+$/
const UNIT_PATTERNS: Record<AmountUnit, RegExp> = {
  KRO: /^(\d+)(?:\.(\d+))?\s*kro$/i,
  ETH: /^(\d+)(?:\.(\d+))?\s*eth$/i,
}

/**
 * Parses an --amount value (KRO unless options.unit says ETH). Only unambiguous forms are
 * accepted: a bare decimal such as "1.5" could mean KRO or wei, and that mistake costs real
 * money, so it is refused.
 */
export function parseAmount(raw: string, options: { allowMax?: boolean; unit?: AmountUnit } = {}): AmountInput {
  const text = raw.trim()
  const unit = options.unit ?? 'KRO'
  if (options.allowMax && text.toLowerCase() === 'max') return { kind: 'max' }
  const baseForms = unit === 'ETH' ? ETH_AMOUNT_FORMS : AMOUNT_FORMS
  const forms = options.allowMax ? `${baseForms} Or "max" for ${unit === 'ETH' ? 'the whole balance' : 'everything not bonded'}.` : baseForms
  let wei: bigint
  if (WEI_PATTERN.test(text)) {
    wei = BigInt(text)
  } else {
    const match = UNIT_PATTERNS[unit].exec(text)
    if (!match) {
      const hint = /^\d+\.\d+$/.test(text) ? ` A decimal needs the ${unit} unit.` : ''
      throw invalidInput('INVALID_AMOUNT', `Invalid amount "${raw}".${hint} ${forms}`, [forms])
    }
    const [, whole = '0', fraction = ''] = match
    if (fraction.length > 18) {
      throw invalidInput('INVALID_AMOUNT', `Invalid amount "${raw}": ${unit} has at most 18 decimals. ${forms}`, [forms])
    }
    wei = BigInt(whole) * 10n ** 18n + BigInt(fraction.padEnd(18, '0') || '0')
  }
  if (wei > UINT128_MAX) {
    throw invalidInput('INVALID_AMOUNT', `Invalid amount "${raw}": above the largest amount the contracts take (2^128 - 1 wei). ${forms}`, [forms])
  }
  return { kind: 'wei', wei }
}

export const COMMISSION_FORMS = 'Accepted form: a whole percent from 0 to 100, e.g. 10.'

export function parseCommissionRate(raw: string): number {
  const text = raw.trim().replace(/%$/, '')
  if (!/^\d{1,3}$/.test(text) || Number(text) > 100) {
    throw invalidInput('INVALID_COMMISSION_RATE', `Invalid commission rate "${raw}". ${COMMISSION_FORMS}`, [COMMISSION_FORMS])
  }
  return Number(text)
}
