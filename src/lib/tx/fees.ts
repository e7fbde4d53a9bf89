import { invalidInput } from '../errors.js'
import { formatEth } from '../format/amounts.js'
import { refuse } from '../actions/types.js'
import type { Snapshot } from '../validator/snapshot.js'
import type { FeeSettings, SimulatedCall } from './types.js'

export const GAS_FORMS = 'Accepted forms: a whole number of wei (30000000000), or a decimal with gwei (30gwei, 1.5 gwei).'

/** Parses a fee flag: wei, or gwei with its unit. */
export function parseGasPrice(raw: string, flag: string): bigint {
  const text = raw.trim()
  if (/^\d+$/.test(text)) return BigInt(text)
  const match = /^(\d+)(?:\.(\d{1,9}))?\s*gwei$/i.exec(text)
  if (!match) throw invalidInput('INVALID_FEE', `Invalid ${flag} "${raw}".`, [GAS_FORMS])
  return BigInt(match[1]!) * 1_000_000_000n + BigInt((match[2] ?? '').padEnd(9, '0') || '0')
}

export function parseGasLimit(raw: string): bigint {
  const text = raw.trim()
  if (!/^\d{1,9}$/.test(text) || BigInt(text) < 21_000n) {
    throw invalidInput('INVALID_GAS_LIMIT', `Invalid --gas-limit "${raw}". Accepted form: a whole number of gas from 21000, e.g. 300000.`)
  }
  return BigInt(text)
}

/** EIP-1559 fees: what the operator set, else twice the base fee plus the node's suggested tip. */
export function resolveFees(snapshot: Snapshot, overrides: { maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint }): FeeSettings {
  const maxPriorityFeePerGas = overrides.maxPriorityFeePerGas ?? snapshot.maxPriorityFeePerGas
  const maxFeePerGas = overrides.maxFeePerGas ?? snapshot.baseFeePerGas * 2n + maxPriorityFeePerGas
  if (maxFeePerGas < maxPriorityFeePerGas) {
    throw invalidInput('INVALID_FEE', `--max-fee-per-gas (${maxFeePerGas} wei) is below --max-priority-fee-per-gas (${maxPriorityFeePerGas} wei).`, [
      'The max fee includes the priority fee: raise it or lower the priority fee.',
    ])
  }
  return { maxFeePerGas, maxPriorityFeePerGas }
}

/** Gas assumed for a call that can only be estimated after the approve before it is mined. */
export const UNESTIMATED_GAS = 500_000n

/** The gas limit each call is sent with: the operator's, or the estimate plus 20% headroom. */
export function gasLimitFor(call: SimulatedCall, override: bigint | undefined): bigint {
  if (override !== undefined) return override
  return call.gasEstimate === undefined ? UNESTIMATED_GAS : (call.gasEstimate * 12n) / 10n
}

/**
 * What a call is expected to cost: its gas estimate (or the gas assumed before it can be
 * estimated) at the current base fee plus the tip, never above the max fee per gas.
 */
export function expectedFee(call: SimulatedCall, fees: FeeSettings, baseFeePerGas: bigint): bigint {
  const price = baseFeePerGas + fees.maxPriorityFeePerGas
  return (call.gasEstimate ?? UNESTIMATED_GAS) * (price < fees.maxFeePerGas ? price : fees.maxFeePerGas)
}

/**
 * Refuses an operator's --gas-limit below the simulated need: such a transaction is certain to
 * run out of gas on chain and still cost its fee.
 */
export function requireGasLimitCovers(call: SimulatedCall, gasLimit: bigint | undefined): void {
  if (gasLimit === undefined || call.gasEstimate === undefined || gasLimit >= call.gasEstimate) return
  throw refuse(
    'GAS_LIMIT_TOO_LOW',
    `--gas-limit ${gasLimit} is below the ${call.gasEstimate} gas ${call.function} needs: it would run out of gas and still cost its fee. Nothing was sent.`,
    {
      suggestions: [`Leave out --gas-limit (the estimate plus 20% is used), or give at least --gas-limit ${call.gasEstimate}.`],
    },
  )
}

/**
 * Refuses when the signer's ETH cannot pay for the whole plan at the chosen max fee. No balance
 * (undefined): the sender pays no gas itself (a Safe, whose owner executes the transaction).
 */
export function requireGasMoney(
  calls: SimulatedCall[],
  fees: FeeSettings,
  gasLimit: bigint | undefined,
  ethBalance: bigint | undefined,
  signer: string,
): bigint {
  const total = calls.reduce((sum, call) => sum + gasLimitFor(call, gasLimit) * fees.maxFeePerGas, 0n)
  if (ethBalance !== undefined && ethBalance < total) {
    throw refuse(
      'INSUFFICIENT_ETH',
      `${signer} holds ${formatEth(ethBalance)}, but the ${calls.length === 1 ? 'transaction' : `${calls.length} transactions`} may cost up to ${formatEth(total)} in fees (${formatEth(total - ethBalance)} more needed).`,
      {
        suggestions: [`Send at least ${formatEth(total - ethBalance)} to ${signer}, or wait for lower fees.`],
      },
    )
  }
  return total
}
