// Each sending command's input, made from its flags by its action's fromFlags (the command file
// only names the action): the values the plan gets, and bad input refused with exit 2 before
// anything is read or sent.
import { describe, expect, it } from 'vitest'
import { activate } from '../../src/lib/actions/activate.js'
import { finalizeCommissionChange, initCommissionChange } from '../../src/lib/actions/commission.js'
import { delegate, undelegate } from '../../src/lib/actions/delegation.js'
import { depositKro } from '../../src/lib/actions/deposit.js'
import { kghClaim, kghDelegate, kghUndelegate } from '../../src/lib/actions/kgh.js'
import { register } from '../../src/lib/actions/register.js'
import { unjail } from '../../src/lib/actions/unjail.js'
import { withdraw } from '../../src/lib/actions/withdraw.js'
import { CliError, ExitCode } from '../../src/lib/errors.js'
import { poolUnbond, poolWithdraw, poolWithdrawTo } from '../../src/lib/pool/actions.js'

const WEI = 10n ** 18n
const VALIDATOR = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const OTHER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'

/** The bad-input refusal `run` throws: its code, exit 2. */
function refusal(run: () => unknown): CliError {
  try {
    run()
  } catch (error) {
    if (!(error instanceof CliError)) throw error
    expect(error.exitCode).toBe(ExitCode.invalidInput)
    return error
  }
  throw new Error('expected bad input to be refused')
}

describe('fromFlags', () => {
  it('the validator actions without input take none', () => {
    for (const action of [activate, unjail, finalizeCommissionChange, poolUnbond]) expect(action.fromFlags({})).toEqual({})
  })

  it('changeCommission init: the rate in whole percent', () => {
    expect(initCommissionChange.fromFlags({ 'commission-rate': '5' })).toEqual({ commissionRate: 5 })
    expect(refusal(() => initCommissionChange.fromFlags({ 'commission-rate': '5.5' })).code).toBe('INVALID_COMMISSION_RATE')
  })

  it('depositKro: an amount in wei, never max', () => {
    expect(depositKro.fromFlags({ amount: '5000KRO' })).toEqual({ amount: 5000n * WEI })
    expect(refusal(() => depositKro.fromFlags({ amount: 'max' })).code).toBe('INVALID_AMOUNT')
  })

  it('register: amount, rate and a checksummed withdraw account, with the two allowances as given', () => {
    const flags = {
      amount: '10,000 KRO',
      'commission-rate': '10%',
      'withdraw-account': OTHER.toLowerCase(),
      'allow-same-withdraw-account': false,
      'allow-contract-withdraw-account': true,
    }
    expect(register.fromFlags(flags)).toEqual({
      amount: 10_000n * WEI,
      commissionRate: 10,
      withdrawAccount: OTHER,
      allowSameWithdrawAccount: false,
      allowContractWithdrawAccount: true,
    })
    // Checked in the order of the flags: the amount's reason comes first.
    expect(refusal(() => register.fromFlags({ ...flags, amount: '1.5', 'commission-rate': '101' })).code).toBe('INVALID_AMOUNT')
    expect(refusal(() => register.fromFlags({ ...flags, 'commission-rate': '101', 'withdraw-account': 'nope' })).code).toBe('INVALID_COMMISSION_RATE')
    expect(refusal(() => register.fromFlags({ ...flags, 'withdraw-account': 'nope' })).message).toContain('Invalid withdraw account "nope"')
  })

  it('delegate: the amount is checked before the validator', () => {
    expect(delegate.fromFlags({ validator: VALIDATOR.toLowerCase(), amount: '1000KRO' })).toEqual({ validator: VALIDATOR, amount: 1000n * WEI })
    expect(refusal(() => delegate.fromFlags({ validator: 'nope', amount: 'max' })).code).toBe('INVALID_AMOUNT')
    expect(refusal(() => delegate.fromFlags({ validator: 'nope', amount: '1KRO' })).message).toContain('Invalid validator address "nope"')
  })

  it('undelegate and withdraw: max, or an amount; withdraw without --validator means the signer', () => {
    expect(undelegate.fromFlags({ validator: VALIDATOR, amount: 'max' })).toEqual({ validator: VALIDATOR, amount: { kind: 'max' } })
    expect(undelegate.fromFlags({ validator: VALIDATOR, amount: '100KRO' })).toEqual({ validator: VALIDATOR, amount: { kind: 'wei', wei: 100n * WEI } })
    expect(refusal(() => undelegate.fromFlags({ validator: 'nope', amount: 'nope' })).code).toBe('INVALID_ADDRESS')
    expect(withdraw.fromFlags({ amount: 'max' })).toEqual({ validator: undefined, amount: { kind: 'max' } })
    expect(withdraw.fromFlags({ validator: VALIDATOR, amount: '1wei' })).toEqual({ validator: VALIDATOR, amount: { kind: 'wei', wei: 1n } })
    expect(refusal(() => withdraw.fromFlags({ amount: '5000' })).code).toBe('INVALID_AMOUNT')
  })

  it('kgh delegate, undelegate and claim: the validator and token ids; "all" only to undelegate', () => {
    expect(kghDelegate.fromFlags({ validator: VALIDATOR, 'token-id': '42,43', 'approve-all': true })).toEqual({
      validator: VALIDATOR,
      tokenIds: [42n, 43n],
      approveAll: true,
    })
    expect(refusal(() => kghDelegate.fromFlags({ validator: VALIDATOR, 'token-id': 'all', 'approve-all': false })).code).toBe('INVALID_TOKEN_ID')
    expect(kghUndelegate.fromFlags({ validator: VALIDATOR, 'token-id': 'all' })).toEqual({ validator: VALIDATOR, tokenIds: 'all' })
    expect(kghUndelegate.fromFlags({ validator: VALIDATOR, 'token-id': '7' })).toEqual({ validator: VALIDATOR, tokenIds: [7n] })
    expect(kghClaim.fromFlags({ validator: VALIDATOR.toLowerCase() })).toEqual({ validator: VALIDATOR })
    expect(refusal(() => kghClaim.fromFlags({ validator: `${VALIDATOR}00` })).code).toBe('INVALID_ADDRESS')
  })

  it('pool withdraw and withdraw-to: ETH amounts or max; withdraw-to names its recipient', () => {
    expect(poolWithdraw.fromFlags({ amount: '0.5ETH' })).toEqual({ amount: { kind: 'wei', wei: WEI / 2n } })
    expect(poolWithdraw.fromFlags({ amount: 'max' })).toEqual({ amount: { kind: 'max' } })
    expect(refusal(() => poolWithdraw.fromFlags({ amount: '1KRO' })).message).toContain('the unit here is ETH')
    expect(poolWithdrawTo.fromFlags({ to: OTHER, amount: 'max' })).toEqual({ to: OTHER, amount: { kind: 'max' } })
    expect(refusal(() => poolWithdrawTo.fromFlags({ to: 'nope', amount: 'max' })).message).toContain('Invalid recipient address (--to) "nope"')
  })
})
