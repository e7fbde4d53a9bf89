// Every refusal of the V1 ValidatorPool's sending commands, decided by plan() from the pool's
// state alone. The end-to-end tests check the same refusals against the pool model on anvil.
import { describe, expect, it } from 'vitest'
import { CliError } from '../../src/lib/errors.js'
import type { AmountInput } from '../../src/lib/input/amounts.js'
import { poolUnbond, poolWithdraw, poolWithdrawTo, type PoolWithdrawInput } from '../../src/lib/pool/actions.js'
import type { PoolState } from '../../src/lib/pool/state.js'
import { ZERO_ADDRESS } from '../../src/lib/validator/snapshot.js'
import { SIGNER, context, validator } from '../helpers/plans.js'

const ETH = 10n ** 18n
const POOL = '0x0165878A594ca255338adfa4d48449f69242Eb8F'
const RECIPIENT = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65'

function state(overrides: Partial<PoolState> = {}): PoolState {
  return {
    pool: POOL,
    address: SIGNER,
    blockNumber: 100n,
    balance: 2n * ETH,
    requiredBondAmount: ETH / 5n,
    terminateOutputIndex: 0n,
    terminated: true,
    unbondable: false,
    ...overrides,
  }
}

const wei = (amount: bigint): AmountInput => ({ kind: 'wei', wei: amount })
const max: AmountInput = { kind: 'max' }

function refusalOf(plan: () => unknown) {
  try {
    plan()
  } catch (error) {
    if (!(error instanceof CliError)) throw error
    return { code: error.code, exitCode: error.exitCode, suggestions: error.suggestions.join(' ') }
  }
  throw new Error('planned instead of refusing')
}

const withdraw = (input: PoolWithdrawInput, pool: PoolState) => poolWithdraw.plan(input, context(validator()), pool)

describe('pool withdraw and withdraw-to', () => {
  it.each([
    ['an empty balance', { amount: max }, state({ balance: 0n }), 'NOTHING_IN_POOL', 3],
    ['more than the balance', { amount: wei(2n * ETH + 1n) }, state(), 'INSUFFICIENT_POOL_BALANCE', 3],
    ['zero', { amount: wei(0n) }, state(), 'ZERO_AMOUNT', 2],
    ['the zero address as recipient', { amount: max, to: ZERO_ADDRESS }, state(), 'ZERO_ADDRESS', 3],
  ] as const)('refuses %s', (_name, input, pool, code, exitCode) => {
    expect(refusalOf(() => withdraw(input, pool))).toMatchObject({ code, exitCode })
  })

  it('points an empty balance with expired bonds at pool unbond', () => {
    const refusal = refusalOf(() => withdraw({ amount: max }, state({ balance: 0n, unbondable: true })))
    expect(refusal.code).toBe('NOTHING_IN_POOL')
    expect(refusal.suggestions).toContain('pool unbond')
  })

  it('withdraws the whole balance with max, to the signer or to --to', () => {
    expect(withdraw({ amount: max }, state()).calls.map((call) => [call.function, call.args.map((arg) => arg.name)])).toEqual([['withdraw', ['amount']]])
    const to = poolWithdrawTo.plan({ amount: max, to: RECIPIENT }, context(validator()), state())
    expect(to.calls.map((call) => [call.function, call.args.map((arg) => arg.value)])).toEqual([['withdrawTo', [RECIPIENT, '2 ETH']]])
  })
})

describe('pool unbond', () => {
  it('refuses when no bond has expired, pointing at the balance when there is one', () => {
    const refusal = refusalOf(() => poolUnbond.plan({}, context(validator()), state()))
    expect(refusal).toMatchObject({ code: 'NO_BOND_TO_UNBOND', exitCode: 3 })
    expect(refusal.suggestions).toContain('pool withdraw --amount max')
  })

  it('unbonds when a bond has expired', () => {
    expect(poolUnbond.plan({}, context(validator()), state({ unbondable: true })).calls.map((call) => call.function)).toEqual(['unbond'])
  })
})
