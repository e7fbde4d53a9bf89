import { formatKro } from '../format/amounts.js'
import { formatWhen } from '../format/time.js'
import type { SnapshotHeader, ValidatorReading } from './snapshot.js'

/** Gas of a typical operator transaction, to judge whether an account can pay for one. */
export const TYPICAL_TX_GAS = 300_000n

/** What a fee-paying account needs per transaction at the fees of the snapshot's block. */
export function typicalTxCost(snapshot: SnapshotHeader): bigint {
  return TYPICAL_TX_GAS * (snapshot.baseFeePerGas * 2n + snapshot.maxPriorityFeePerGas)
}

export interface StatusAdvice {
  meaning: string
  next: string
}

/** The status in words and the operator's next step, the way status and refusals say it. */
export function adviseStatus(validator: ValidatorReading, snapshot: SnapshotHeader): StatusAdvice {
  const now = snapshot.timestamp
  const { minRegisterAmount, minActivateAmount } = snapshot.params
  if (validator.jailed) {
    const expiry = validator.jailExpiresAt
    return expiry > now
      ? { meaning: 'Jailed: out of the selection tree, cannot submit outputs.', next: `Run \`kroma-validator unjail\` after ${formatWhen(expiry, now)}.` }
      : { meaning: 'Jailed, and the jail period is over.', next: 'Run `kroma-validator unjail` now.' }
  }
  switch (validator.status) {
    case 'NONE':
      return { meaning: 'Not a validator: this address never registered.', next: 'Run `kroma-validator register` to become one.' }
    case 'EXITED':
      return {
        meaning: 'Exited: own KRO is below the minimum to stay registered.',
        next: `Deposit KRO with \`kroma-validator depositKro\` to reach ${formatKro(minRegisterAmount)} of own KRO.`,
      }
    case 'REGISTERED':
      return {
        meaning: 'Registered but not eligible for selection: weight is below the activation minimum.',
        next: `Deposit KRO with \`kroma-validator depositKro\` until the weight reaches ${formatKro(minActivateAmount)}.`,
      }
    case 'READY':
      return { meaning: 'Ready: enough weight, but not in the selection tree yet.', next: 'Run `kroma-validator activate`.' }
    case 'INACTIVE':
      return {
        meaning: 'Inactive: in the selection tree, but weight is below the activation minimum.',
        next: `Deposit KRO with \`kroma-validator depositKro\` until the weight reaches ${formatKro(minActivateAmount)}.`,
      }
    case 'ACTIVE':
      return { meaning: 'Active: in the selection tree and eligible to submit outputs.', next: 'Nothing to do; keep the validator node running.' }
  }
}

/** How many more outputs the validator can bond now. */
export function bondableOutputs(validator: ValidatorReading, snapshot: SnapshotHeader): bigint {
  return snapshot.params.bondAmount === 0n ? 0n : validator.notBondedKro / snapshot.params.bondAmount
}

/** The delegators' part of BASE_REWARD per finalized output at the current commission (the KGH boost aside). */
export function delegatorsBaseReward(validator: ValidatorReading, snapshot: SnapshotHeader): bigint {
  const denominator = snapshot.params.commissionRateDenominator
  return (snapshot.params.baseReward * (denominator - validator.commissionRate)) / denominator
}

export function selectionProbability(validator: ValidatorReading, snapshot: SnapshotHeader): number {
  if (snapshot.activatedValidatorTotalWeight === 0n) return 0
  // Fixed-point first so huge weights keep their precision before becoming a float.
  return Number((validator.treeWeight * 1_000_000_000n) / snapshot.activatedValidatorTotalWeight) / 1e9
}
