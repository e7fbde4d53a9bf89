import type { Connection } from '../config/connection.js'
import { bondableOutputs, selectionProbability, typicalTxCost } from './advice.js'
import type { Snapshot, ValidatorState } from './snapshot.js'

/** The --json shape of `status` for one validator (the CLI contract's fields, then extras). */
export interface StatusJson {
  address: string
  status: ValidatorState['status']
  jailed: boolean
  jailExpiresAt: number | null
  noSubmissionCount: number
  commissionRate: number
  pendingCommissionRate: number | null
  commissionChangeFinalizableAt: number | null
  withdrawAccount: string | null
  canWithdrawAt: number | null
  kro: { total: string; bonded: string; notBonded: string; delegated: string }
  kghCount: number
  weight: string
  selectionProbability: number
  blockNumber: number
  blockTimestamp: number
  network: string | null
  chainId: number
  jailThreshold: number
  reflectiveWeight: string
  outputsBondableNow: number
  balances: { eth: string; kro: string }
  ethBelowTypicalTxCost: boolean
}

const ZERO = '0x0000000000000000000000000000000000000000'

export function statusJson(validator: ValidatorState, snapshot: Snapshot, connection: Connection): StatusJson {
  const registered = validator.status !== 'NONE'
  return {
    address: validator.address,
    status: validator.status,
    jailed: validator.jailed,
    jailExpiresAt: validator.jailExpiresAt === 0n ? null : Number(validator.jailExpiresAt),
    noSubmissionCount: Number(validator.noSubmissionCount),
    commissionRate: Number(validator.commissionRate),
    pendingCommissionRate: validator.commissionChangePending ? Number(validator.pendingCommissionRate) : null,
    commissionChangeFinalizableAt: validator.commissionChangePending ? Number(validator.canFinalizeCommissionChangeAt) : null,
    withdrawAccount: registered && validator.withdrawAccount !== ZERO ? validator.withdrawAccount : null,
    canWithdrawAt: registered ? Number(validator.canWithdrawAt) : null,
    kro: {
      total: validator.totalKro.toString(),
      bonded: validator.bondedKro.toString(),
      notBonded: validator.notBondedKro.toString(),
      delegated: validator.delegatedKro.toString(),
    },
    kghCount: Number(validator.kghCount),
    weight: validator.treeWeight.toString(),
    selectionProbability: selectionProbability(validator, snapshot),
    blockNumber: Number(snapshot.blockNumber),
    blockTimestamp: Number(snapshot.timestamp),
    network: connection.networkName ?? null,
    chainId: snapshot.chainId,
    jailThreshold: Number(snapshot.params.jailThreshold),
    reflectiveWeight: validator.reflectiveWeight.toString(),
    outputsBondableNow: Number(bondableOutputs(validator, snapshot)),
    balances: { eth: validator.ethBalance.toString(), kro: validator.kroBalance.toString() },
    ethBelowTypicalTxCost: validator.ethBalance < typicalTxCost(snapshot),
  }
}
