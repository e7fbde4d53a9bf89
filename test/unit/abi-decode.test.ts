import { AbiCoder, ParamType, Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { decodeAbi } from '../../src/lib/chain/abi-decode.js'
import { READING } from '../../src/lib/chain/types/snapshot-reader.js'

const coder = AbiCoder.defaultAbiCoder()
const readingType = ParamType.from(READING)

let counter = 1n
const next = () => (counter = (counter * 6364136223846793005n + 1442695040888963407n) % 2n ** 256n)

/** A value of the reader's type with distinct numbers in every field, as ethers would encode it. */
function sample(validators: number) {
  const address = () => Wallet.createRandom().address
  const params = {
    minRegisterAmount: next(),
    minActivateAmount: next(),
    commissionChangeDelaySeconds: next(),
    softJailPeriodSeconds: next(),
    hardJailPeriodSeconds: next(),
    jailThreshold: next(),
    roundDurationSeconds: next(),
    commissionRateDenominator: next(),
    baseReward: next(),
    bondAmount: next(),
    minDelegationPeriodSeconds: next(),
    kroToken: address(),
  }
  const validator = () => ({
    status: next(),
    jailed: next() % 2n === 0n,
    jailExpiresAt: next(),
    noSubmissionCount: next(),
    commissionRate: next(),
    pendingCommissionRate: next(),
    canFinalizeCommissionChangeAt: next(),
    treeWeight: next(),
    withdrawAccount: address(),
    canWithdrawAt: next(),
    totalKro: next(),
    bondedKro: next(),
    notBondedKro: next(),
    delegatedKro: next(),
    kghCount: next(),
    reflectiveWeight: next(),
    ethBalance: next(),
    kroBalance: next(),
  })
  return {
    blockNumber: next(),
    timestamp: next(),
    baseFeePerGas: next(),
    activatedValidatorCount: next(),
    activatedValidatorTotalWeight: next(),
    nextValidator: address(),
    params,
    account: { ethBalance: next(), kroBalance: next(), kroAllowance: next(), isContract: true },
    validators: Array.from({ length: validators }, validator),
  }
}

describe("decodeAbi with the snapshot reader's ABI type", () => {
  it.each([0, 1, 3])('gives back what ethers encoded, %i validators', (count) => {
    const value = sample(count)
    const encoded = coder.encode([readingType], [value])
    expect(decodeAbi(READING, encoded)).toEqual(value)
  })

  it('the encoding is 25 words plus 18 per validator (what VALIDATORS_PER_READ is computed from)', () => {
    expect((coder.encode([readingType], [sample(2)]).length - 2) / 64).toBe(25 + 2 * 18)
  })

  it.each([
    ['cut short', (hex: string) => hex.slice(0, -64)],
    ['not hex', (hex: string) => `${hex.slice(0, -1)}z`],
    ['an array longer than the answer', (hex: string) => hex.slice(0, 2 + 24 * 64) + 'f'.padStart(64, '0') + hex.slice(2 + 25 * 64)],
    ['a bool that is neither 0 nor 1', (hex: string) => hex.slice(0, 2 + 25 * 64 + 64) + '2'.padStart(64, '0') + hex.slice(2 + 25 * 64 + 128)],
    ['an address with bits above 160', (hex: string) => hex.slice(0, 2 + 6 * 64) + 'f'.repeat(64) + hex.slice(2 + 7 * 64)],
  ])('refuses an answer %s as BAD_DATA', (_, corrupt) => {
    const encoded = corrupt(coder.encode([readingType], [sample(1)]))
    expect(() => decodeAbi(READING, encoded)).toThrow(expect.objectContaining({ code: 'BAD_DATA' }))
  })
})
