import { withSafeRoute, type ExitStep } from '../exit-steps.js'

/** The address's ETH in the V1 ValidatorPool (what readPoolState reads). */
export interface PoolFacts {
  balance: bigint
  /** unbond() would release at least one expired bond now, back into its validator's balance. */
  unbondable: boolean
}

/**
 * The V1 pool: expired bonds first (unbond moves them back into the balance, and anyone may send
 * it), then the balance, signed by the address the pool keeps it for.
 */
export function planPoolSteps(pool: PoolFacts, address: string, isContract: boolean): ExitStep[] {
  const signer = { signer: address, signerIsContract: isContract }
  const step: Omit<ExitStep, 'kind' | 'amount' | 'command'> = {
    validator: null,
    asset: 'ETH',
    tokenIds: [],
    ...signer,
    possibleNow: true,
    possibleAt: null,
    blocker: null,
  }
  const steps: ExitStep[] = []
  if (pool.unbondable) steps.push({ ...step, kind: 'pool-unbond', amount: null, command: withSafeRoute('pool unbond', signer, 'pool-unbond') })
  if (pool.balance > 0n)
    steps.push({ ...step, kind: 'pool-withdraw', amount: pool.balance, command: withSafeRoute('pool withdraw --amount max', signer, 'pool-withdraw') })
  return steps
}
