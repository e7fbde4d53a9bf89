import { parseWei } from '../input/amounts.js'
import { invalidInput } from '../errors.js'
import { formatKro } from '../format/amounts.js'
import { MAINNET_LIKE_PARAMS, SEPOLIA_LIKE_PARAMS, type ValidatorSystemParams } from './deploy.js'
import { parseDuration } from './duration.js'

/** The `devnet start` flags that change the deployed contracts' immutables. */
export interface ParamFlags {
  'sepolia-like'?: boolean
  'commission-delay'?: string
  'jail-period'?: string
  'hard-jail-period'?: string
  'jail-threshold'?: number
  'round-duration'?: string
  'min-delegation-period'?: string
  'min-register'?: string
  'min-activate'?: string
  'bond-amount'?: string
  'base-reward'?: string
}

/**
 * Mainnet's values (or Sepolia's with --sepolia-like), with the flags on top. Checked here the
 * way the ValidatorManager's constructor checks them, so a bad combination is a usage error
 * (exit 2) before anvil starts, not a failed deployment.
 */
export function resolveParams(flags: ParamFlags): ValidatorSystemParams {
  const base = flags['sepolia-like'] ? SEPOLIA_LIKE_PARAMS : MAINNET_LIKE_PARAMS
  const params: ValidatorSystemParams = { ...base }
  const duration = (flag: keyof ParamFlags): bigint | undefined => {
    const raw = flags[flag]
    return typeof raw === 'string' ? parseDuration(raw, `--${flag}`, { allowZero: true }) : undefined
  }
  params.commissionChangeDelaySeconds = duration('commission-delay') ?? params.commissionChangeDelaySeconds
  params.softJailPeriodSeconds = duration('jail-period') ?? params.softJailPeriodSeconds
  params.hardJailPeriodSeconds = duration('hard-jail-period') ?? params.hardJailPeriodSeconds
  params.roundDurationSeconds = duration('round-duration') ?? params.roundDurationSeconds
  params.minDelegationPeriod = duration('min-delegation-period') ?? params.minDelegationPeriod
  if (flags['jail-threshold'] !== undefined) params.jailThreshold = BigInt(flags['jail-threshold'])
  if (flags['bond-amount'] !== undefined) params.bondAmount = parseWei(flags['bond-amount'])
  if (flags['base-reward'] !== undefined) params.baseReward = parseWei(flags['base-reward'])
  if (flags['min-register'] !== undefined) {
    params.minRegisterAmount = parseWei(flags['min-register'])
    // Mainnet and Sepolia register and activate at the same amount: keep them together.
    params.minActivateAmount = params.minRegisterAmount
  }
  if (flags['min-activate'] !== undefined) params.minActivateAmount = parseWei(flags['min-activate'])

  if (params.minRegisterAmount < params.bondAmount) {
    throw invalidInput(
      'INVALID_DEVNET_PARAMS',
      `The minimum to register (${formatKro(params.minRegisterAmount)}) is below the bond of one output (${formatKro(params.bondAmount)}); the ValidatorManager refuses that.`,
      ['Raise --min-register, or lower --bond-amount too (e.g. --min-register 100KRO --bond-amount 50KRO), or use --sepolia-like.'],
    )
  }
  if (params.minRegisterAmount > params.minActivateAmount) {
    throw invalidInput(
      'INVALID_DEVNET_PARAMS',
      `The minimum to register (${formatKro(params.minRegisterAmount)}) is above the minimum to activate (${formatKro(params.minActivateAmount)}); the ValidatorManager refuses that.`,
      ['Set --min-activate to at least --min-register.'],
    )
  }
  return params
}

/** Params as decimal strings, for the state file and --json. */
export function paramsToJson(params: ValidatorSystemParams): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)]))
}
