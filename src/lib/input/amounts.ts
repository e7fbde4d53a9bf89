import { invalidInput } from '../errors.js'
import { formatUnits18Exact } from '../format/amounts.js'

export const UINT128_MAX = (1n << 128n) - 1n

const WEI_PER_UNIT = 10n ** 18n

/** The token an amount is in: KRO for the validator system, ETH for the V1 ValidatorPool. */
export type AmountUnit = 'KRO' | 'ETH'

export interface AmountOptions {
  /** Default KRO. */
  unit?: AmountUnit
  /** Accept "max": everything not bonded (the command works out how much that is). */
  allowMax?: boolean
}

/** The accepted forms of an amount in `unit`, as every refusal shows them (once, as its suggestion). */
export function amountForms(unit: AmountUnit = 'KRO', allowMax = false): string {
  const forms = `Accepted forms: a decimal with the ${unit} unit (10000${unit}, 10,000 ${unit}, 0.5 ${unit.toLowerCase()}), or wei with its unit (5000wei); a number without a unit is wei, from 10^18 (one ${unit}) up.`
  return allowMax ? `${forms} Or "max" for ${unit === 'ETH' ? 'the whole balance' : 'everything not bonded'}.` : forms
}

export const AMOUNT_FORMS = amountForms()

export type AmountInput = { kind: 'wei'; wei: bigint } | { kind: 'max' }

/** Digits, optionally grouped by thousands as the CLI prints them (10,000), a decimal part, then a unit. */
const AMOUNT_PATTERN = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*([a-z]*)$/i

/** Parses an --amount value: "max" where `allowMax` says so, else an amount as parseWei takes it. */
export function parseAmount(raw: string, options: AmountOptions = {}): AmountInput {
  if (options.allowMax && raw.trim().toLowerCase() === 'max') return { kind: 'max' }
  return { kind: 'wei', wei: parseWei(raw, options) }
}

/**
 * Parses an amount, in wei. Only unambiguous forms are accepted: a bare decimal such as "1.5"
 * could mean the token or wei, and a bare number below one token ("5000") is almost always a
 * forgotten unit; both mistakes cost real money, so they are refused. A bare number from 10^18
 * up is wei, as Kroma's Go tool takes it.
 */
export function parseWei(raw: string, options: AmountOptions = {}): bigint {
  const unit = options.unit ?? 'KRO'
  const text = raw.trim()
  const refuse = (reason: string) => invalidInput('INVALID_AMOUNT', `Invalid amount "${raw}"${reason}`, [amountForms(unit, options.allowMax)])
  const match = AMOUNT_PATTERN.exec(text)
  if (!match) throw refuse('.')
  const whole = match[1]!.replaceAll(',', '')
  const fraction = match[2]
  const suffix = match[3]!.toLowerCase()
  let wei: bigint
  if (suffix === unit.toLowerCase()) {
    if (fraction !== undefined && fraction.length > 18) throw refuse(`: ${unit} has at most 18 decimals.`)
    wei = BigInt(whole) * WEI_PER_UNIT + BigInt((fraction ?? '').padEnd(18, '0'))
  } else if (suffix === 'wei') {
    if (fraction !== undefined) throw refuse(': wei is a whole number.')
    wei = BigInt(whole)
  } else if (suffix === '') {
    if (fraction !== undefined) throw refuse(`: a decimal needs the ${unit} unit, e.g. ${whole}.${fraction}${unit}.`)
    wei = BigInt(whole)
    if (wei > 0n && wei < WEI_PER_UNIT) {
      throw refuse(`: without a unit it is ${whole} wei, only ${formatUnits18Exact(wei)} ${unit}. Did you mean ${whole}${unit}? For wei, write ${whole}wei.`)
    }
  } else {
    throw refuse(`: the unit here is ${unit} (or wei).`)
  }
  if (wei > UINT128_MAX) throw refuse(': above the largest amount the contracts take (2^128 - 1 wei).')
  return wei
}

export const COMMISSION_FORMS = 'Accepted form: a whole percent from 0 to 100, e.g. 10.'

export function parseCommissionRate(raw: string): number {
  const text = raw.trim().replace(/%$/, '')
  if (!/^\d{1,3}$/.test(text) || Number(text) > 100) {
    throw invalidInput('INVALID_COMMISSION_RATE', `Invalid commission rate "${raw}".`, [COMMISSION_FORMS])
  }
  return Number(text)
}
