import { poolRecoverableSteps, type RecoverableStep, type StepOptions } from './recoverable.js'
import type { PoolState } from './state.js'

/** `pool status --json`, and the pool part of a sent result: amounts in wei as base-10 strings. */
export interface PoolStatusJson {
  address: string
  pool: string
  balance: string
  terminated: boolean
  terminateOutputIndex: string
  requiredBondAmount: string
  unbondable: boolean
  blockNumber: number
  steps: RecoverableStep[]
}

export function poolStatusJson(state: PoolState, options: StepOptions = {}): PoolStatusJson {
  return {
    address: state.address,
    pool: state.pool,
    balance: state.balance.toString(),
    terminated: state.terminated,
    terminateOutputIndex: state.terminateOutputIndex.toString(),
    requiredBondAmount: state.requiredBondAmount.toString(),
    unbondable: state.unbondable,
    blockNumber: Number(state.blockNumber),
    steps: poolRecoverableSteps(state, options),
  }
}
