import { exitStepJson, type ExitStepJson } from '../exit-steps.js'
import { planPoolSteps } from './steps.js'
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
  steps: ExitStepJson[]
}

/** `signerIsContract`: the address holds code (a Safe), so its steps are planned as Safe batches. */
export function poolStatusJson(state: PoolState, options: { signerIsContract?: boolean } = {}): PoolStatusJson {
  return {
    address: state.address,
    pool: state.pool,
    balance: state.balance.toString(),
    terminated: state.terminated,
    terminateOutputIndex: state.terminateOutputIndex.toString(),
    requiredBondAmount: state.requiredBondAmount.toString(),
    unbondable: state.unbondable,
    blockNumber: Number(state.blockNumber),
    steps: planPoolSteps(state, state.address, options.signerIsContract ?? false).map((step) => exitStepJson(step)),
  }
}
