import { describe, expect, it } from 'vitest'
import { exitStepJson } from '../../src/lib/exit-steps.js'
import { planExit, type DelegationFacts, type ExitFacts, type VaultFacts } from '../../src/lib/exit/plan.js'

const WEI = 10n ** 18n
const NOW = 1_800_000_000n
const HOLDER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const VALIDATOR = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const OTHER = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const SAFE = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65'

function vault(overrides: Partial<VaultFacts> = {}): VaultFacts {
  return {
    validator: VALIDATOR,
    withdrawAccount: HOLDER,
    withdrawAccountIsContract: false,
    jailExpiresAt: 0n,
    canWithdrawAt: NOW - 1n,
    notBondedKro: 12_000n * WEI,
    bondedKro: 5_000n * WEI,
    ...overrides,
  }
}

function position(overrides: Partial<DelegationFacts> = {}): DelegationFacts {
  return { validator: VALIDATOR, kroShares: 10n ** 24n, kroAssets: 1_000n * WEI, canUndelegateKroAt: NOW - 1n, kghTokens: [], kghReward: 0n, ...overrides }
}

function facts(overrides: Partial<ExitFacts> = {}): ExitFacts {
  return { address: HOLDER, timestamp: NOW, vaults: [], delegations: [], addressIsContract: false, ...overrides }
}

describe('planExit: own KRO', () => {
  it('withdraws what is not bonded now and says the bonded part cannot come out', () => {
    const { steps, totals } = planExit(facts({ vaults: [vault()] }))
    expect(steps.map((step) => [step.kind, step.amount, step.possibleNow, step.signer])).toEqual([
      ['withdraw', 12_000n * WEI, true, HOLDER],
      ['bonded', 5_000n * WEI, false, HOLDER],
    ])
    expect(steps[0]!.command).toBe(`withdraw --validator ${VALIDATOR} --amount max`)
    expect(steps[1]!.possibleAt).toBeNull()
    expect(steps[1]!.blocker).toMatch(/later output/)
    expect(totals).toMatchObject({ kroNow: 12_000n * WEI, kroBonded: 5_000n * WEI, kroLater: 0n })
  })

  it('waits for the later of the jail and the withdrawal clock, and names the one that binds', () => {
    const jailLater = planExit(facts({ vaults: [vault({ jailExpiresAt: NOW + 7_200n, canWithdrawAt: NOW + 3_600n })] })).steps[0]!
    expect([jailLater.possibleNow, jailLater.possibleAt]).toEqual([false, NOW + 7_200n])
    expect(jailLater.blocker).toMatch(/jailed until/)
    const clockLater = planExit(facts({ vaults: [vault({ jailExpiresAt: NOW + 60n, canWithdrawAt: NOW + 3_600n })] })).steps[0]!
    expect(clockLater.possibleAt).toBe(NOW + 3_600n)
    expect(clockLater.blocker).toMatch(/Withdrawals open/)
    expect(planExit(facts({ vaults: [vault({ jailExpiresAt: NOW - 1n })] })).steps[0]!.possibleNow).toBe(true)
  })

  it('a Safe as the withdraw account gets the Safe Transaction Builder route', () => {
    const step = planExit(facts({ address: VALIDATOR, vaults: [vault({ withdrawAccount: SAFE, withdrawAccountIsContract: true, bondedKro: 0n })] })).steps[0]!
    expect(step.signer).toBe(SAFE)
    expect(step.command).toBe(`withdraw --validator ${VALIDATOR} --amount max --from ${SAFE} --dry-run --safe-tx-file withdraw-${VALIDATOR}.json`)
  })

  it('lists nothing for an empty vault', () => {
    expect(planExit(facts({ vaults: [vault({ notBondedKro: 0n, bondedKro: 0n })] })).steps).toEqual([])
  })
})

describe('planExit: delegations', () => {
  it('undelegates KRO with max, locked until the period after the last delegation', () => {
    const locked = planExit(facts({ delegations: [position({ canUndelegateKroAt: NOW + 100n })] }))
    expect(locked.steps).toHaveLength(1)
    expect(locked.steps[0]).toMatchObject({
      kind: 'undelegate',
      possibleNow: false,
      possibleAt: NOW + 100n,
      command: `undelegate --validator ${VALIDATOR} --amount max`,
    })
    expect(locked.totals.kroLater).toBe(1_000n * WEI)
  })

  it('KGH come out before the KRO, paying their reward along, so no separate claim is planned', () => {
    const tokens = [
      { id: 3n, canUndelegateAt: NOW - 10n },
      { id: 7n, canUndelegateAt: NOW },
    ]
    const { steps, totals } = planExit(facts({ delegations: [position({ kghTokens: tokens, kghReward: 9n * WEI })] }))
    expect(steps.map((step) => step.kind)).toEqual(['kgh-undelegate', 'undelegate'])
    expect(steps[0]).toMatchObject({
      tokenIds: [3n, 7n],
      amount: 9n * WEI,
      possibleNow: true,
      command: `kgh undelegate --validator ${VALIDATOR} --token-id all`,
    })
    expect(totals).toMatchObject({ kghTokens: 2, kghRewardNow: 9n * WEI, kroNow: 1_000n * WEI })
  })

  it('with every token still locked the reward is claimed now and the tokens wait, grouped by unlock time', () => {
    const tokens = [
      { id: 1n, canUndelegateAt: NOW + 50n },
      { id: 2n, canUndelegateAt: NOW + 90n },
      { id: 4n, canUndelegateAt: NOW + 50n },
    ]
    const { steps } = planExit(facts({ delegations: [position({ kroShares: 0n, kroAssets: 0n, kghTokens: tokens, kghReward: 2n * WEI })] }))
    expect(steps.map((step) => [step.kind, step.tokenIds, step.possibleAt])).toEqual([
      ['kgh-claim', [], null],
      ['kgh-undelegate', [1n, 4n], NOW + 50n],
      ['kgh-undelegate', [2n], NOW + 90n],
    ])
    expect(steps[1]!.command).toBe(`kgh undelegate --validator ${VALIDATOR} --token-id 1,4`)
  })

  it('some tokens free and some locked: the free ones go by id (not "all"), the reward with them', () => {
    const tokens = [
      { id: 5n, canUndelegateAt: NOW - 1n },
      { id: 6n, canUndelegateAt: NOW + 1n },
    ]
    const { steps } = planExit(facts({ delegations: [position({ kroShares: 0n, kroAssets: 0n, kghTokens: tokens, kghReward: WEI })] }))
    expect(steps.map((step) => [step.kind, step.tokenIds, step.amount])).toEqual([
      ['kgh-undelegate', [5n], WEI],
      ['kgh-undelegate', [6n], 0n],
    ])
    expect(steps[0]!.command).toContain('--token-id 5')
  })

  it('shares worth nothing are not a step', () => {
    expect(planExit(facts({ delegations: [position({ kroShares: 5n, kroAssets: 0n })] })).steps).toEqual([])
  })
})

describe('planExit: the V1 pool', () => {
  it('nothing in the pool and nothing to release: no step', () => {
    expect(planExit(facts({ pool: { balance: 0n, unbondable: false } })).steps).toEqual([])
  })

  it('a balance: one withdraw step signed by the address, possible now, the whole balance', () => {
    const { steps, totals } = planExit(facts({ pool: { balance: (3n * WEI) / 2n, unbondable: false } }))
    expect(steps).toEqual([
      {
        kind: 'pool-withdraw',
        validator: null,
        asset: 'ETH',
        amount: (3n * WEI) / 2n,
        tokenIds: [],
        signer: HOLDER,
        signerIsContract: false,
        possibleNow: true,
        possibleAt: null,
        blocker: null,
        command: 'pool withdraw --amount max',
      },
    ])
    expect(totals.ethNow).toBe((3n * WEI) / 2n)
  })

  it('expired bonds: unbond first (it adds to the balance, by an amount the pool does not tell), then withdraw', () => {
    const { steps, totals } = planExit(facts({ pool: { balance: 10n, unbondable: true } }))
    expect(steps.map((step) => [step.kind, step.amount, step.possibleNow, step.command])).toEqual([
      ['pool-unbond', null, true, 'pool unbond'],
      ['pool-withdraw', 10n, true, 'pool withdraw --amount max'],
    ])
    expect(totals.ethNow).toBe(10n)
  })

  it('an address with code (a Safe) gets the Safe route', () => {
    const { steps } = planExit(facts({ address: SAFE, addressIsContract: true, pool: { balance: 10n, unbondable: true } }))
    expect(steps.map((step) => step.command)).toEqual([
      `pool unbond --from ${SAFE} --dry-run --safe-tx-file pool-unbond.json`,
      `pool withdraw --amount max --from ${SAFE} --dry-run --safe-tx-file pool-withdraw.json`,
    ])
  })

  it('every role at once: pool, own vault of another validator, delegations', () => {
    const { steps } = planExit(
      facts({
        pool: { balance: WEI, unbondable: false },
        vaults: [vault({ validator: OTHER })],
        delegations: [position()],
      }),
    )
    expect(steps.map((step) => [step.kind, step.validator])).toEqual([
      ['pool-withdraw', null],
      ['withdraw', OTHER],
      ['bonded', OTHER],
      ['undelegate', VALIDATOR],
    ])
  })
})

describe('exitStepJson', () => {
  it('prints wei, token ids and times as the JSON document carries them, and the whole command line', () => {
    const tokens = [{ id: 7n, canUndelegateAt: NOW + 60n }]
    const step = planExit(facts({ delegations: [position({ kroShares: 0n, kroAssets: 0n, kghTokens: tokens })] })).steps[0]!
    expect(exitStepJson(step, ' --network devnet')).toEqual({
      kind: 'kgh-undelegate',
      validator: VALIDATOR,
      asset: 'KGH',
      amount: '0',
      tokenIds: ['7'],
      signer: HOLDER,
      signerIsContract: false,
      possibleNow: false,
      possibleAt: Number(NOW + 60n),
      blocker: step.blocker,
      command: `kroma-validator kgh undelegate --validator ${VALIDATOR} --token-id 7 --network devnet`,
    })
  })
})
