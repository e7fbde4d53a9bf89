import { formatKro } from '../format/amounts.js'
import { formatWhen } from '../format/time.js'
import type { SnapshotHeader, ValidatorReading } from './snapshot.js'
import type { StatusName } from './status-names.js'

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
  const depositToActivate = `Deposit KRO with \`kroma-validator depositKro\` until the weight reaches ${formatKro(minActivateAmount)}.`
  const advice: Record<StatusName, StatusAdvice> = {
    NONE: { meaning: 'Not a validator: this address never registered.', next: 'Run `kroma-validator register` to become one.' },
    EXITED: {
      meaning: 'Exited: own KRO is below the minimum to stay registered.',
      next: `Deposit KRO with \`kroma-validator depositKro\` to reach ${formatKro(minRegisterAmount)} of own KRO.`,
    },
    REGISTERED: { meaning: 'Registered but not eligible for selection: weight is below the activation minimum.', next: depositToActivate },
    READY: { meaning: 'Ready: enough weight, but not in the selection tree yet.', next: 'Run `kroma-validator activate`.' },
    INACTIVE: { meaning: 'Inactive: in the selection tree, but weight is below the activation minimum.', next: depositToActivate },
    ACTIVE: { meaning: 'Active: in the selection tree and eligible to submit outputs.', next: 'Nothing to do; keep the validator node running.' },
  }
  return advice[validator.status]
}

/** Why the validator cannot submit outputs now (the L2OutputOracle takes them only from an ACTIVE validator out of jail), or undefined when it can. */
export function submissionBlocker(validator: ValidatorReading): string | undefined {
  if (validator.jailed) return 'a jailed validator cannot submit outputs'
  if (validator.status !== 'ACTIVE') return `only an ACTIVE validator submits outputs (this one is ${validator.status})`
  return undefined
}

/** How many more outputs the validator can bond now: none while it cannot submit any. */
export function bondableOutputs(validator: ValidatorReading, snapshot: SnapshotHeader): bigint {
  if (submissionBlocker(validator) !== undefined || snapshot.params.bondAmount === 0n) return 0n
  return validator.notBondedKro / snapshot.params.bondAmount
}

/** The "outputs it can bond now" line: the count, or why there are none. */
export function describeBondable(validator: ValidatorReading, snapshot: SnapshotHeader): string {
  const blocker = submissionBlocker(validator)
  if (blocker !== undefined) return `0: ${blocker}`
  return `${bondableOutputs(validator, snapshot)} (${formatKro(snapshot.params.bondAmount)} each)`
}

/**
 * The "can withdraw" line, as AssetManager.withdraw decides it: only own KRO not bonded, not
 * before canWithdrawAt, and not while a jail period runs.
 */
export function describeWithdrawable(validator: ValidatorReading, snapshot: SnapshotHeader): string {
  const now = snapshot.timestamp
  if (validator.notBondedKro === 0n) {
    return validator.bondedKro > 0n ? 'nothing now: all own KRO is bonded (released as its outputs are finalized)' : 'nothing: no own KRO'
  }
  const amount = formatKro(validator.notBondedKro)
  const jailRuns = validator.jailExpiresAt > now && validator.jailExpiresAt > validator.canWithdrawAt
  const from = jailRuns ? validator.jailExpiresAt : validator.canWithdrawAt
  if (from <= now) return `now, up to ${amount} (own KRO not bonded)`
  return `${amount} from ${formatWhen(from, now)}${jailRuns ? ', when the jail period ends' : ''}`
}

/**
 * For the plan of a transaction that leaves the validator EXITED: what that means and how to
 * come back. `ownKroAfter` is its own KRO once the transaction is mined.
 */
export function exitedNotice(validator: ValidatorReading, ownKroAfter: bigint, snapshot: SnapshotHeader): string {
  const { minRegisterAmount } = snapshot.params
  const state = validator.status === 'EXITED' ? 'stays EXITED' : 'will be EXITED'
  return (
    `The validator ${state}: own KRO ${formatKro(ownKroAfter)} is below the registration minimum ${formatKro(minRegisterAmount)}. ` +
    'An EXITED validator is out of the selection tree: it submits no outputs, earns no rewards and takes no new delegations. ' +
    `To come back, deposit at least ${formatKro(minRegisterAmount - ownKroAfter)} more with \`kroma-validator depositKro\` (signed by the validator key).`
  )
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
