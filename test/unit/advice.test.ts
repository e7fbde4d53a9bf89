import { describe, expect, it } from 'vitest'
import { bondableOutputs, describeBondable, describeWithdrawable, exitedNotice } from '../../src/lib/validator/advice.js'
import type { SnapshotHeader, ValidatorReading } from '../../src/lib/validator/snapshot.js'

const KRO = (n: number) => BigInt(n) * 10n ** 18n
const NOW = 1_800_000_000n

const header: SnapshotHeader = {
  chainId: 1,
  blockNumber: 1n,
  timestamp: NOW,
  baseFeePerGas: 1n,
  maxPriorityFeePerGas: 1n,
  params: {
    minRegisterAmount: KRO(10_000),
    minActivateAmount: KRO(10_000),
    commissionChangeDelaySeconds: 1n,
    softJailPeriodSeconds: 1n,
    hardJailPeriodSeconds: 1n,
    jailThreshold: 2n,
    roundDurationSeconds: 1n,
    commissionRateDenominator: 100n,
    baseReward: KRO(400),
    bondAmount: KRO(5_000),
    minDelegationPeriodSeconds: 1n,
    kroToken: '0x0000000000000000000000000000000000000001',
  },
  activatedValidatorCount: 1n,
  activatedValidatorTotalWeight: 1n,
  nextValidator: '0x0000000000000000000000000000000000000002',
}

function validator(fields: Partial<ValidatorReading>): ValidatorReading {
  return {
    address: '0x0000000000000000000000000000000000000003',
    status: 'ACTIVE',
    jailed: false,
    jailExpiresAt: 0n,
    noSubmissionCount: 0n,
    commissionRate: 10n,
    pendingCommissionRate: 0n,
    commissionChangePending: false,
    canFinalizeCommissionChangeAt: 0n,
    withdrawAccount: '0x0000000000000000000000000000000000000004',
    canWithdrawAt: NOW - 1n,
    totalKro: KRO(20_000),
    bondedKro: 0n,
    notBondedKro: KRO(20_000),
    delegatedKro: 0n,
    kghCount: 0n,
    treeWeight: KRO(20_000),
    reflectiveWeight: KRO(20_000),
    ethBalance: 0n,
    ...fields,
  }
}

describe('outputs it can bond now', () => {
  it('an ACTIVE validator out of jail: its own KRO not bonded over the bond', () => {
    expect(bondableOutputs(validator({}), header)).toBe(4n)
    expect(describeBondable(validator({}), header)).toBe('4 (5,000 KRO each)')
  })

  it.each([
    [{ jailed: true, status: 'READY' as const }, 'a jailed validator cannot submit outputs'],
    [{ status: 'EXITED' as const }, 'only an ACTIVE validator submits outputs (this one is EXITED)'],
    [{ status: 'READY' as const }, 'only an ACTIVE validator submits outputs (this one is READY)'],
    [{ status: 'INACTIVE' as const }, 'only an ACTIVE validator submits outputs (this one is INACTIVE)'],
  ])('none while it cannot submit (%j)', (fields, reason) => {
    expect(bondableOutputs(validator(fields), header)).toBe(0n)
    expect(describeBondable(validator(fields), header)).toBe(`0: ${reason}`)
  })
})

describe('can withdraw', () => {
  it('now, with the amount, once the period has passed', () => {
    expect(describeWithdrawable(validator({}), header)).toBe('now, up to 20,000 KRO (own KRO not bonded)')
  })

  it('nothing with no own KRO, or with all of it bonded', () => {
    expect(describeWithdrawable(validator({ status: 'EXITED', totalKro: 0n, notBondedKro: 0n }), header)).toBe('nothing: no own KRO')
    expect(describeWithdrawable(validator({ bondedKro: KRO(5_000), notBondedKro: 0n }), header)).toMatch(/^nothing now: all own KRO is bonded/)
  })

  it('from the later of the withdrawal period and the end of a running jail', () => {
    expect(describeWithdrawable(validator({ canWithdrawAt: NOW + 3_600n }), header)).toMatch(/^20,000 KRO from .+ \(in 1h\)$/)
    const jailed = validator({ jailed: true, jailExpiresAt: NOW + 7_200n, canWithdrawAt: NOW + 3_600n })
    expect(describeWithdrawable(jailed, header)).toMatch(/^20,000 KRO from .+ \(in 2h\), when the jail period ends$/)
    // A jail whose period is over does not hold the withdrawal back (the contract checks jailExpiresAt).
    expect(describeWithdrawable(validator({ jailed: true, jailExpiresAt: NOW - 1n }), header)).toMatch(/^now/)
  })
})

describe('the EXITED notice', () => {
  it('says what EXITED means and how much to deposit to come back', () => {
    const notice = exitedNotice(validator({}), KRO(8_000), header)
    expect(notice).toMatch(/^The validator will be EXITED: own KRO 8,000 KRO is below the registration minimum 10,000 KRO\./)
    expect(notice).toContain('it submits no outputs, earns no rewards and takes no new delegations')
    expect(notice).toContain('deposit at least 2,000 KRO more with `kroma-validator depositKro`')
    expect(exitedNotice(validator({ status: 'EXITED' }), KRO(9_000), header)).toMatch(/^The validator stays EXITED/)
  })
})
