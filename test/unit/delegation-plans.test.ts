// Every refusal of the delegators' actions, decided by plan() from a snapshot and the delegator's
// position alone. The end-to-end tests check the same refusals against the contracts on anvil.
import { describe, expect, it } from 'vitest'
import { delegate, undelegate } from '../../src/lib/actions/delegation.js'
import { kghClaim, kghDelegate, kghUndelegate } from '../../src/lib/actions/kgh.js'
import type { DelegatorState, KghTokenState } from '../../src/lib/delegator/position.js'
import { assetsFor, maxUndelegateAssets, sharesFor } from '../../src/lib/delegator/shares.js'
import { AssetManager__factory } from '../../src/lib/chain/types/index.js'
import type { ValidatorState } from '../../src/lib/validator/snapshot.js'
import { KRO, NOW, SIGNER, connection, context, refusal, validator } from '../helpers/plans.js'

const VALIDATOR = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const STRANGER = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65'
const KGH_TOKEN = '0xa513E6E4b8f2a923D98304ec87F64353C4D5C853'

/** 1,000 KRO delegated for 1,000 × 10^6 shares (the contract's offset), unlocked an hour ago. */
function position(overrides: { kro?: Partial<DelegatorState['kro']>; kgh?: Partial<DelegatorState['kgh']>; kroBalance?: bigint } = {}): DelegatorState {
  return {
    delegator: SIGNER,
    validator: VALIDATOR,
    blockNumber: 100n,
    kroBalance: overrides.kroBalance ?? 5_000n * KRO,
    kro: {
      shares: 1_000n * KRO * 10n ** 6n,
      assets: 1_000n * KRO,
      canUndelegateAt: NOW - 3_600n,
      vault: { totalAssets: 1_000n * KRO, totalShares: 1_000n * KRO * 10n ** 6n },
      ...overrides.kro,
    },
    kgh: { token: KGH_TOKEN, count: 0n, claimableReward: 0n, approvedForAll: false, tokens: [], ...overrides.kgh },
  }
}

function token(id: bigint, overrides: Partial<KghTokenState> = {}): KghTokenState {
  return { id, owner: SIGNER, approved: '0x0000000000000000000000000000000000000000', canUndelegateAt: 0n, delegatedHere: false, ...overrides }
}

const target = (overrides: Partial<ValidatorState> = {}) => validator({ address: VALIDATOR, ...overrides })
const held = (state: DelegatorState, validatorState = target()) => context(validatorState, { delegator: state })

describe('delegate', () => {
  const input = { validator: VALIDATOR, amount: 100n * KRO }

  it.each([
    ['zero KRO', target(), { ...input, amount: 0n }, 'ZERO_AMOUNT'],
    ['an unregistered validator', target({ status: 'NONE' }), input, 'NOT_REGISTERED'],
    ['an exited validator', target({ status: 'EXITED' }), input, 'VALIDATOR_EXITED'],
    ['more than the signer holds', target(), { ...input, amount: 50_001n * KRO }, 'INSUFFICIENT_KRO'],
  ] as const)('refuses %s', (_name, state, delegation, code) => {
    expect(refusal(delegate, delegation, held(position(), state))).toMatchObject({ code, exitCode: 3 })
  })

  it('refuses while the validator is jailed, saying when the jail ends', () => {
    const jailed = target({ jailed: true, jailExpiresAt: NOW + 7_200n })
    expect(refusal(delegate, input, held(position(), jailed))).toMatchObject({ code: 'VALIDATOR_JAILED', exitCode: 3, possibleAt: Number(NOW + 7_200n) })
  })

  it('refuses an amount that buys no shares at a share price above one wei per share, naming the least that does', () => {
    // Rewards have made each share worth more than a wei: 1 wei buys 0 shares (rounded down).
    const vault = { totalAssets: 10n ** 12n * KRO, totalShares: 1n }
    const result = refusal(delegate, { ...input, amount: 1n }, held(position({ kro: { vault } })))
    expect(result).toMatchObject({ code: 'AMOUNT_BUYS_NO_SHARES', exitCode: 3 })
    expect(sharesFor(assetsFor(1n, vault) + 1n, vault)).toBeGreaterThan(0n)
  })

  it('approves exactly the shortfall of the allowance, and nothing when it covers the amount', () => {
    const short = delegate.plan(input, context(target(), { delegator: position() }, { kroAllowance: KRO }))
    expect(short.calls.map((call) => call.function)).toEqual(['approve', 'delegate'])
    const covered = delegate.plan(input, context(target(), { delegator: position() }, { kroAllowance: input.amount }))
    expect(covered.calls.map((call) => call.function)).toEqual(['delegate'])
  })
})

describe('undelegate', () => {
  const input = (amount: bigint | 'max') => ({
    validator: VALIDATOR,
    amount: amount === 'max' ? ({ kind: 'max' } as const) : ({ kind: 'wei', wei: amount } as const),
  })

  it('refuses a signer with no shares', () => {
    expect(refusal(undelegate, input('max'), held(position({ kro: { shares: 0n, assets: 0n } })))).toMatchObject({ code: 'NOTHING_DELEGATED', exitCode: 3 })
  })

  it('refuses zero, more than the position is worth, and less than one share', () => {
    expect(refusal(undelegate, input(0n), held(position()))).toMatchObject({ code: 'ZERO_AMOUNT', exitCode: 3 })
    expect(refusal(undelegate, input(1_000n * KRO + 1n), held(position()))).toMatchObject({ code: 'AMOUNT_ABOVE_POSITION', exitCode: 3 })
    const dear = { totalAssets: 10n ** 12n * KRO, totalShares: 1_000n }
    expect(refusal(undelegate, input(1n), held(position({ kro: { shares: 1_000n, vault: dear } })))).toMatchObject({
      code: 'AMOUNT_BELOW_ONE_SHARE',
      exitCode: 3,
    })
  })

  it('refuses max when the shares are worth less than one wei', () => {
    const cheap = { totalAssets: 0n, totalShares: 10n ** 9n }
    expect(refusal(undelegate, input('max'), held(position({ kro: { shares: 1n, assets: 0n, vault: cheap } })))).toMatchObject({
      code: 'NOTHING_TO_UNDELEGATE',
      exitCode: 3,
    })
  })

  it('refuses while the position is locked, saying when it unlocks', () => {
    const locked = position({ kro: { canUndelegateAt: NOW + 86_400n } })
    expect(refusal(undelegate, input('max'), held(locked))).toMatchObject({ code: 'UNDELEGATE_TOO_EARLY', exitCode: 3, possibleAt: Number(NOW + 86_400n) })
  })

  it('takes out exactly the most the shares are worth with max', () => {
    const state = position()
    const plan = undelegate.plan(input('max'), held(state))
    expect(plan.calls.map((call) => call.function)).toEqual(['undelegate'])
    const [, assets] = AssetManager__factory.createInterface().decodeFunctionData('undelegate', plan.calls[0]!.data)
    expect(assets).toBe(maxUndelegateAssets(state.kro.shares, state.kro.vault))
  })
})

describe('kgh delegate', () => {
  const input = (ids: bigint[], approveAll = false) => ({ validator: VALIDATOR, tokenIds: ids, approveAll })

  it.each([
    ['a token that does not exist', [token(1n, { owner: undefined, approved: undefined })], 'KGH_NOT_FOUND'],
    ['a token already delegated here', [token(1n, { delegatedHere: true, owner: connection.assetManager })], 'KGH_ALREADY_DELEGATED'],
    ['a token of someone else', [token(1n, { owner: STRANGER })], 'KGH_NOT_OWNED'],
  ] as const)('refuses %s', (_name, tokens, code) => {
    expect(refusal(kghDelegate, input(tokens.map((t) => t.id)), held(position({ kgh: { tokens: [...tokens] } })))).toMatchObject({ code, exitCode: 3 })
  })

  it('refuses while the validator is jailed, saying when the jail ends', () => {
    const jailed = target({ jailed: true, jailExpiresAt: NOW + 60n })
    expect(refusal(kghDelegate, input([1n]), held(position({ kgh: { tokens: [token(1n)] } }), jailed))).toMatchObject({
      code: 'VALIDATOR_JAILED',
      possibleAt: Number(NOW + 60n),
    })
  })

  it('approves each token not yet approved, or once for all and revokes it after', () => {
    const tokens = [token(1n), token(2n, { approved: connection.assetManager })]
    const perToken = kghDelegate.plan(input([1n, 2n]), held(position({ kgh: { tokens } })))
    expect(perToken.calls.map((call) => call.function)).toEqual(['approve', 'delegateKghBatch'])
    const all = kghDelegate.plan(input([1n, 2n], true), held(position({ kgh: { tokens } })))
    expect(all.calls.map((call) => call.function)).toEqual(['setApprovalForAll', 'delegateKghBatch', 'setApprovalForAll'])
  })
})

describe('kgh undelegate', () => {
  const input = (ids: bigint[] | 'all') => ({ validator: VALIDATOR, tokenIds: ids })

  it('refuses a signer with no KGH delegated here', () => {
    expect(refusal(kghUndelegate, input('all'), held(position()))).toMatchObject({ code: 'NO_KGH_DELEGATED', exitCode: 3 })
  })

  it('refuses a token not delegated by the signer to this validator', () => {
    const tokens = [token(1n, { delegatedHere: true }), token(2n)]
    expect(refusal(kghUndelegate, input([1n, 2n]), held(position({ kgh: { tokens, count: 1n } })))).toMatchObject({ code: 'KGH_NOT_DELEGATED', exitCode: 3 })
  })

  it('refuses locked tokens, saying when the last of them unlocks', () => {
    const tokens = [token(1n, { delegatedHere: true, canUndelegateAt: NOW + 10n }), token(2n, { delegatedHere: true, canUndelegateAt: NOW + 99n })]
    expect(refusal(kghUndelegate, input('all'), held(position({ kgh: { tokens, count: 2n } })))).toMatchObject({
      code: 'KGH_LOCKED',
      exitCode: 3,
      possibleAt: Number(NOW + 99n),
    })
  })
})

describe('kgh claim', () => {
  it('refuses when there is no boosted reward to claim', () => {
    expect(refusal(kghClaim, { validator: VALIDATOR }, held(position({ kgh: { count: 1n, claimableReward: 0n } })))).toMatchObject({
      code: 'NOTHING_TO_CLAIM',
      exitCode: 3,
    })
  })

  it('claims when there is', () => {
    const plan = kghClaim.plan({ validator: VALIDATOR }, held(position({ kgh: { count: 1n, claimableReward: KRO } })))
    expect(plan.calls.map((call) => call.function)).toEqual(['claimKghReward'])
  })
})
