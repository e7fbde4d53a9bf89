import { formatEth } from '../format/amounts.js'
import type { PoolState } from './state.js'

/**
 * One thing an address can get back, in the shape `exit` lists its steps: amounts in wei as
 * base-10 strings, `possibleAt` in unix seconds (null when now or unknown), `blocker` null or a
 * sentence, `command` what to run.
 */
export interface RecoverableStep {
  kind: 'pool-withdraw' | 'pool-unbond'
  /** The V1 validator (the pool keeps balances by the validator's own address). */
  validator: string
  asset: 'ETH'
  /** Null when the pool does not tell (unbond releases whichever bonds have expired). */
  amount: string | null
  tokenIds: string[]
  signer: string
  possibleNow: boolean
  possibleAt: number | null
  blocker: string | null
  command: string
  /** One sentence on what the step does. */
  description: string
}

export interface StepOptions {
  /** The address holds code (a Safe): its steps are planned as Safe batches, not signed here. */
  signerIsContract?: boolean
}

/**
 * What `state.address` can still get back from the V1 ValidatorPool: its balance (withdraw,
 * signed by that address), and expired bonds (unbond, which anyone may send; it moves them back
 * into their validators' balances, to be withdrawn after). Pure.
 */
export function poolRecoverableSteps(state: PoolState, options: StepOptions = {}): RecoverableStep[] {
  const steps: RecoverableStep[] = []
  const route = (command: string, file: string) => (options.signerIsContract ? `kroma-validator ${command} --from ${state.address} --dry-run --safe-tx-file ${file}` : `kroma-validator ${command}`)
  if (state.unbondable) {
    steps.push({
      kind: 'pool-unbond',
      validator: state.address,
      asset: 'ETH',
      amount: null,
      tokenIds: [],
      signer: state.address,
      possibleNow: true,
      possibleAt: null,
      blocker: null,
      command: route('pool unbond', 'pool-unbond.json'),
      description: 'Releases the expired bonds of the V1 ValidatorPool back into their validators’ balances; withdraw after it.',
    })
  }
  if (state.balance > 0n) {
    steps.push({
      kind: 'pool-withdraw',
      validator: state.address,
      asset: 'ETH',
      amount: state.balance.toString(),
      tokenIds: [],
      signer: state.address,
      possibleNow: true,
      possibleAt: null,
      blocker: null,
      command: route('pool withdraw --amount max', 'pool-withdraw.json'),
      description: `Withdraws ${formatEth(state.balance)} from the V1 ValidatorPool to ${state.address}.`,
    })
  }
  return steps
}
