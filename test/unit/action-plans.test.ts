// Every refusal of every action, decided by plan() from a snapshot alone: a change to a rule fails
// here in a second. The end-to-end tests check the same refusals against the contracts on anvil.
import { describe, expect, it } from 'vitest'
import { activate } from '../../src/lib/actions/activate.js'
import { finalizeCommissionChange, initCommissionChange } from '../../src/lib/actions/commission.js'
import { depositKro } from '../../src/lib/actions/deposit.js'
import { register } from '../../src/lib/actions/register.js'
import { unjail } from '../../src/lib/actions/unjail.js'
import { withdraw } from '../../src/lib/actions/withdraw.js'
import { KRO, NOW, SIGNER, WITHDRAW_ACCOUNT, context, refusal, validator } from '../helpers/plans.js'

const none = validator({ status: 'NONE', totalKro: 0n, bondedKro: 0n, notBondedKro: 0n, treeWeight: 0n, reflectiveWeight: 0n })
const jailedUntilLater = validator({ status: 'READY', jailed: true, jailExpiresAt: NOW + 3_600n, treeWeight: 0n })
const jailedOver = validator({ status: 'READY', jailed: true, jailExpiresAt: NOW - 1n, treeWeight: 0n })
const registerInput = {
  amount: 10_000n * KRO,
  commissionRate: 10,
  withdrawAccount: WITHDRAW_ACCOUNT,
  allowSameWithdrawAccount: false,
  allowContractWithdrawAccount: false,
}

describe('register', () => {
  it.each([
    ['a contract as sender', none, { signerIsContract: true }, registerInput, 'SENDER_IS_CONTRACT'],
    ['already registered', validator(), {}, registerInput, 'ALREADY_REGISTERED'],
    ['below the minimum', none, {}, { ...registerInput, amount: 10_000n * KRO - 1n }, 'AMOUNT_BELOW_MINIMUM'],
    [
      'the zero address as withdraw account',
      none,
      {},
      { ...registerInput, withdrawAccount: '0x0000000000000000000000000000000000000000' },
      'ZERO_WITHDRAW_ACCOUNT',
    ],
  ] as const)('refuses %s', (_name, state, overrides, input, code) => {
    expect(refusal(register, input, context(state, overrides))).toMatchObject({ code, exitCode: 3 })
  })

  it('refuses the validator key as withdraw account without --allow-same-withdraw-account (exit 2, a usage choice)', () => {
    expect(refusal(register, { ...registerInput, withdrawAccount: SIGNER }, context(none))).toMatchObject({ code: 'SAME_WITHDRAW_ACCOUNT', exitCode: 2 })
  })

  it('refuses a short KRO balance, saying how much more', () => {
    const result = refusal(register, registerInput, context(none, {}, { kroBalance: 9_000n * KRO }))
    expect(result).toMatchObject({ code: 'INSUFFICIENT_KRO', exitCode: 3 })
    expect(result.message).toContain('1,000 KRO more')
  })

  it('approves exactly the shortfall of the allowance, and nothing when it covers the amount', () => {
    const short = register.plan(registerInput, context(none, {}, { kroAllowance: KRO }))
    expect(short.calls.map((call) => call.function)).toEqual(['approve', 'registerValidator'])
    const covered = register.plan(registerInput, context(none, {}, { kroAllowance: registerInput.amount }))
    expect(covered.calls.map((call) => call.function)).toEqual(['registerValidator'])
  })
})

describe('depositKro', () => {
  it.each([
    ['zero', validator(), 0n, 'ZERO_AMOUNT'],
    ['an unregistered signer', none, KRO, 'NOT_REGISTERED'],
    ['more than the signer holds', validator(), 50_001n * KRO, 'INSUFFICIENT_KRO'],
  ] as const)('refuses %s', (_name, state, amount, code) => {
    expect(refusal(depositKro, { amount }, context(state))).toMatchObject({ code, exitCode: 3 })
  })
})

describe('withdraw', () => {
  const asWithdrawAccount = { signer: WITHDRAW_ACCOUNT }
  const wei = (amount: bigint) => ({ validator: SIGNER, amount: { kind: 'wei' as const, wei: amount } })

  it('refuses a signer that is not the withdraw account', () => {
    expect(refusal(withdraw, wei(KRO), context(validator()))).toMatchObject({ code: 'NOT_WITHDRAW_ACCOUNT', exitCode: 3 })
  })

  it('refuses while jailed, possible when the jail ends', () => {
    expect(refusal(withdraw, wei(KRO), context(jailedUntilLater, asWithdrawAccount))).toMatchObject({
      code: 'VALIDATOR_JAILED',
      possibleAt: Number(NOW + 3_600n),
    })
  })

  it('refuses before canWithdrawAt, possible then', () => {
    expect(refusal(withdraw, wei(KRO), context(validator({ canWithdrawAt: NOW + 60n }), asWithdrawAccount))).toMatchObject({
      code: 'WITHDRAW_TOO_EARLY',
      possibleAt: Number(NOW + 60n),
    })
  })

  it.each([
    ['zero', 0n, 'ZERO_AMOUNT'],
    ['more than the KRO not bonded', 15_000n * KRO + 1n, 'AMOUNT_ABOVE_AVAILABLE'],
  ] as const)('refuses %s', (_name, amount, code) => {
    expect(refusal(withdraw, wei(amount), context(validator(), asWithdrawAccount))).toMatchObject({ code, exitCode: 3 })
  })

  it('max takes everything not bonded, and refuses when that is nothing', () => {
    const plan = withdraw.plan({ validator: SIGNER, amount: { kind: 'max' } }, context(validator(), asWithdrawAccount))
    expect(plan.calls[0]!.data).toContain((15_000n * KRO).toString(16))
    const empty = validator({ notBondedKro: 0n, totalKro: 5_000n * KRO })
    expect(refusal(withdraw, { validator: SIGNER, amount: { kind: 'max' } }, context(empty, asWithdrawAccount))).toMatchObject({ code: 'NOTHING_TO_WITHDRAW' })
  })
})

describe('activate', () => {
  it.each([
    ['an unregistered signer', none, 'NOT_REGISTERED'],
    ['a jailed validator', jailedUntilLater, 'VALIDATOR_JAILED'],
    ['an ACTIVE validator', validator(), 'ALREADY_ACTIVATED'],
    ['an INACTIVE validator', validator({ status: 'INACTIVE' }), 'ALREADY_ACTIVATED'],
    ['a REGISTERED validator below the activation minimum', validator({ status: 'REGISTERED', reflectiveWeight: 9_000n * KRO }), 'WEIGHT_BELOW_MINIMUM'],
  ] as const)('refuses %s', (_name, state, code) => {
    expect(refusal(activate, {}, context(state))).toMatchObject({ code, exitCode: 3 })
  })

  it('a jailed validator can be activated once unjailed: possible when the jail ends', () => {
    expect(refusal(activate, {}, context(jailedUntilLater)).possibleAt).toBe(Number(NOW + 3_600n))
  })

  it('plans activateValidator for a READY validator', () => {
    expect(activate.plan({}, context(validator({ status: 'READY', treeWeight: 0n }))).calls.map((call) => call.function)).toEqual(['activateValidator'])
  })
})

describe('changeCommission', () => {
  it.each([
    ['an unregistered signer', none, 20, 'NOT_REGISTERED'],
    ['an EXITED validator', validator({ status: 'EXITED' }), 20, 'VALIDATOR_EXITED'],
    ['a jailed validator', jailedOver, 20, 'VALIDATOR_JAILED'],
    ['the current rate', validator(), 10, 'SAME_COMMISSION_RATE'],
  ] as const)('init refuses %s', (_name, state, commissionRate, code) => {
    expect(refusal(initCommissionChange, { commissionRate }, context(state))).toMatchObject({ code, exitCode: 3 })
  })

  it.each([
    ['nothing pending', validator(), 'NO_PENDING_COMMISSION_CHANGE'],
    ['a jailed validator', jailedUntilLater, 'VALIDATOR_JAILED'],
  ] as const)('finalize refuses %s', (_name, state, code) => {
    expect(refusal(finalizeCommissionChange, {}, context(state))).toMatchObject({ code, exitCode: 3 })
  })

  it('finalize refuses before the delay has passed, possible then', () => {
    const pending = validator({ commissionChangePending: true, pendingCommissionRate: 20n, canFinalizeCommissionChangeAt: NOW + 600n })
    expect(refusal(finalizeCommissionChange, {}, context(pending))).toMatchObject({ code: 'COMMISSION_CHANGE_TOO_EARLY', possibleAt: Number(NOW + 600n) })
  })
})

describe('unjail', () => {
  it('refuses a validator that is not jailed', () => {
    expect(refusal(unjail, {}, context(validator()))).toMatchObject({ code: 'NOT_JAILED', exitCode: 3 })
  })

  it('refuses before the jail ends, possible then', () => {
    expect(refusal(unjail, {}, context(jailedUntilLater))).toMatchObject({ code: 'JAIL_NOT_OVER', possibleAt: Number(NOW + 3_600n) })
  })

  it('plans tryUnjail once the jail is over', () => {
    expect(unjail.plan({}, context(jailedOver)).calls.map((call) => call.function)).toEqual(['tryUnjail'])
  })
})
