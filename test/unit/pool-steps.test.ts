import { describe, expect, it } from 'vitest'
import { poolRecoverableSteps } from '../../src/lib/pool/recoverable.js'
import type { PoolState } from '../../src/lib/pool/state.js'

const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const state = (balance: bigint, unbondable: boolean): PoolState => ({
  pool: '0xFdFF462845953D90719A78Fd12a2d103541d2103',
  address: ADDRESS,
  blockNumber: 100n,
  balance,
  requiredBondAmount: 2n * 10n ** 17n,
  terminateOutputIndex: 10107n,
  terminated: true,
  unbondable,
})

describe('poolRecoverableSteps', () => {
  it('nothing in the pool and nothing to release: no step', () => {
    expect(poolRecoverableSteps(state(0n, false))).toEqual([])
  })

  it('a balance: one withdraw step signed by the address, possible now, amount in wei', () => {
    expect(poolRecoverableSteps(state(1500000000000000000n, false))).toEqual([
      {
        kind: 'pool-withdraw',
        validator: ADDRESS,
        asset: 'ETH',
        amount: '1500000000000000000',
        tokenIds: [],
        signer: ADDRESS,
        possibleNow: true,
        possibleAt: null,
        blocker: null,
        command: 'kroma-validator pool withdraw --amount max',
        description: `Withdraws 1.5 ETH from the V1 ValidatorPool to ${ADDRESS}.`,
      },
    ])
  })

  it('expired bonds: unbond first (it adds to the balance), then withdraw', () => {
    const steps = poolRecoverableSteps(state(10n, true))
    expect(steps.map((step) => [step.kind, step.amount, step.command])).toEqual([
      ['pool-unbond', null, 'kroma-validator pool unbond'],
      ['pool-withdraw', '10', 'kroma-validator pool withdraw --amount max'],
    ])
  })

  it('an address with code (a Safe) gets the Safe route', () => {
    const steps = poolRecoverableSteps(state(10n, true), { signerIsContract: true })
    expect(steps.map((step) => step.command)).toEqual([
      `kroma-validator pool unbond --from ${ADDRESS} --dry-run --safe-tx-file pool-unbond.json`,
      `kroma-validator pool withdraw --amount max --from ${ADDRESS} --dry-run --safe-tx-file pool-withdraw.json`,
    ])
  })
})
