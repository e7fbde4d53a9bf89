// activate, depositKro, changeCommission init/finalize and unjail, end to end through bin/run.js
// on anvil: each success with the chain read afterwards, and every refusal the contracts have.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AMOUNT_FORMS, COMMISSION_FORMS } from '../../src/lib/input/amounts.js'
import { ValidatorStatus, startTestChain, type TestChain } from '../helpers/chain.js'
import {
  KRO,
  approvalsIn,
  cliAs,
  errorOf,
  expectFailure,
  expectRefusal,
  expectTransactionsOnChain,
  freshAccount,
  jsonOf,
  observe,
  setEthBalance,
  utc,
  type SentTransactionJson,
  type TestAccount,
} from '../helpers/e2e.js'

// Activation needs more than registration, so a validator can be REGISTERED and, with
// delegated KRO, READY without being activated.
const MIN_REGISTER = KRO(10_000)
const MIN_ACTIVATE = KRO(20_000)

let chain: TestChain
let delay: bigint
let minDelegationPeriod: bigint

beforeAll(async () => {
  chain = await startTestChain({ params: { minRegisterAmount: MIN_REGISTER, minActivateAmount: MIN_ACTIVATE } })
  delay = await chain.contracts.validatorManager.COMMISSION_CHANGE_DELAY_SECONDS()
  minDelegationPeriod = await chain.contracts.assetManager.MIN_DELEGATION_PERIOD()
})
afterAll(async () => {
  await chain?.stop()
})

interface SentJson {
  transactions: SentTransactionJson[]
  outcome: string
  validator: { address: string; status: string; commissionRate: number; pendingCommissionRate: number | null }
}

async function registered(amount: bigint, commissionRate = 10): Promise<TestAccount> {
  const validator = await freshAccount(chain)
  await chain.registerValidator(validator.privateKey, amount, commissionRate, Wallet.createRandom().address)
  return validator
}

/** Registered below the activation minimum, then delegated up to it: READY, not in the tree. */
async function ready(): Promise<TestAccount> {
  const validator = await registered(MIN_REGISTER)
  const delegator = await freshAccount(chain)
  await chain.delegate(delegator.privateKey, validator.address, MIN_ACTIVATE - MIN_REGISTER)
  expect(await chain.contracts.validatorManager.getStatus(validator.address)).toBe(ValidatorStatus.READY)
  return validator
}

/** ACTIVE, then jailed for missed rounds (out of the tree: READY and jailed). */
async function jailed(): Promise<TestAccount> {
  const validator = await registered(MIN_ACTIVATE)
  await chain.jail(validator.address)
  expect(await chain.contracts.validatorManager.inJail(validator.address)).toBe(true)
  return validator
}

async function blockTimeOf(hash: string): Promise<bigint> {
  const receipt = await chain.provider.getTransactionReceipt(hash)
  const block = await chain.provider.getBlock(receipt!.blockNumber)
  return BigInt(block!.timestamp)
}

/** The next block gets exactly this timestamp (and is mined now). */
async function mineAt(timestamp: bigint): Promise<void> {
  await chain.provider.send('evm_setNextBlockTimestamp', [Number(timestamp)])
  await chain.provider.send('evm_mine', [])
}

describe('activate', () => {
  it('activates a READY validator: it enters the tree with its whole weight', async () => {
    const validator = await ready()
    const before = await observe(chain, validator.address)
    expect(before.weight).toBe(0n)

    const result = await cliAs(chain, validator, ['activate'])

    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toBe('Activated: ACTIVE, weight 20,000 KRO.\n')
    const after = await observe(chain, validator.address)
    expect(after.status).toBe(ValidatorStatus.ACTIVE)
    expect(after.weight).toBe(await chain.contracts.assetManager.reflectiveWeight(validator.address))
    expect(after.nonce).toBe(before.nonce + 1)
  })

  it('--json lists the activateValidator transaction as mined', async () => {
    const validator = await ready()
    const result = await cliAs(chain, validator, ['activate', '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<SentJson>(result)
    expect(document.transactions.map((tx) => [tx.function, tx.to, tx.status])).toEqual([['activateValidator', chain.addresses.validatorManager, 'success']])
    await expectTransactionsOnChain(chain, document.transactions, validator.address)
    expect(document.validator).toMatchObject({ address: validator.address, status: 'ACTIVE' })
    expect(await chain.contracts.validatorManager.isActive(validator.address)).toBe(true)
  })

  it('refuses a REGISTERED validator (weight below the activation minimum), saying how much is missing', async () => {
    const validator = await registered(MIN_REGISTER)
    const { error } = await expectRefusal(
      chain,
      validator,
      validator.address,
      ['activate'],
      'WEIGHT_BELOW_MINIMUM',
      'its weight 10,000 KRO is below the activation minimum 20,000 KRO',
    )
    expect(error.suggestions.join(' ')).toContain('Deposit at least 10,000 KRO more')
  })

  it('refuses an ACTIVE validator', async () => {
    const validator = await registered(MIN_ACTIVATE)
    await expectRefusal(chain, validator, validator.address, ['activate'], 'ALREADY_ACTIVATED', 'is already in the selection tree (status ACTIVE)')
  })

  it('refuses a jailed validator, naming when the jail ends', async () => {
    const validator = await jailed()
    expect(await chain.contracts.validatorManager.getStatus(validator.address)).toBe(ValidatorStatus.READY)
    const expiresAt = await chain.contracts.validatorManager.jailExpiresAt(validator.address)
    const { error } = await expectRefusal(chain, validator, validator.address, ['activate'], 'VALIDATOR_JAILED', `is jailed until ${utc(expiresAt)}`)
    expect(error.possibleAt).toBe(Number(expiresAt))
    expect(error.message).toMatch(/, so activation is not possible\.$/)
    expect(error.suggestions).toEqual(['Run `kroma-validator unjail` once the jail period is over.'])
  })

  it('refuses an INACTIVE validator (in the tree, weight below the minimum), suggesting a deposit', async () => {
    const withdrawer = await freshAccount(chain, { kro: 0n })
    const validator = await freshAccount(chain)
    await chain.registerValidator(validator.privateKey, MIN_ACTIVATE, 10, withdrawer.address)
    await chain.increaseTime(minDelegationPeriod)
    await chain.withdraw(withdrawer.privateKey, validator.address, 1n)
    expect(await chain.contracts.validatorManager.getStatus(validator.address)).toBe(ValidatorStatus.INACTIVE)
    const { error } = await expectRefusal(
      chain,
      validator,
      validator.address,
      ['activate'],
      'ALREADY_ACTIVATED',
      'is already in the selection tree (status INACTIVE)',
    )
    expect(error.suggestions.join(' ')).toContain('deposit more with `kroma-validator depositKro`')
  })

  it('refuses a validator still jailed after the jail period: it must unjail first', async () => {
    const validator = await jailed()
    await mineAt(await chain.contracts.validatorManager.jailExpiresAt(validator.address))
    const { error } = await expectRefusal(
      chain,
      validator,
      validator.address,
      ['activate'],
      'VALIDATOR_JAILED',
      'is jailed (the jail period is over), so activation is not possible until it is unjailed',
    )
    expect(error.suggestions).toContain('Run `kroma-validator unjail` now.')
  })

  it('refuses an address that never registered', async () => {
    const stranger = await freshAccount(chain)
    await expectRefusal(chain, stranger, stranger.address, ['activate'], 'NOT_REGISTERED', 'is not a registered validator')
  })

  it('refuses when the signer cannot pay for the gas', async () => {
    const validator = await ready()
    await setEthBalance(chain, validator.address, 10_000n)
    await expectRefusal(chain, validator, validator.address, ['activate'], 'INSUFFICIENT_ETH', `${validator.address} holds`)
  })
})

describe('depositKro', () => {
  it('approves exactly the amount and deposits; reaching the minimum activates; the withdrawal clock restarts', async () => {
    const validator = await registered(MIN_REGISTER)
    const before = await observe(chain, validator.address)
    expect(before.status).toBe(ValidatorStatus.REGISTERED)

    const result = await cliAs(chain, validator, ['depositKro', '--amount', '10000KRO'])

    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toBe('Deposited: own KRO 10,000 KRO → 20,000 KRO, status ACTIVE.\n')
    const after = await observe(chain, validator.address)
    expect(after.totalKro).toBe(before.totalKro + KRO(10_000))
    expect(after.signerKro).toBe(before.signerKro - KRO(10_000))
    expect(after.status).toBe(ValidatorStatus.ACTIVE)
    expect(after.allowance).toBe(0n)
    expect(after.nonce).toBe(before.nonce + 2)
    const hashes = [...result.stderr.matchAll(/^Sent (\w+) (0x[0-9a-f]{64})$/gm)].map((m) => ({ fn: m[1], hash: m[2]! }))
    expect(hashes.map((h) => h.fn)).toEqual(['approve', 'deposit'])
    const approveReceipt = await chain.provider.getTransactionReceipt(hashes[0]!.hash)
    expect(approvalsIn(chain, approveReceipt!)).toEqual([{ owner: validator.address, spender: chain.addresses.assetManager, value: KRO(10_000) }])
    expect(after.canWithdrawAt).toBe((await blockTimeOf(hashes[1]!.hash)) + minDelegationPeriod)
  })

  it('--json with an allowance in place: only the deposit is sent', async () => {
    const validator = await registered(MIN_ACTIVATE)
    const amount = 1_234_567_890_123_456_789n
    await (await chain.as(validator.privateKey).kroToken.approve(chain.addresses.assetManager, amount)).wait()
    const before = await observe(chain, validator.address)

    const result = await cliAs(chain, validator, ['depositKro', '--amount', amount.toString(), '--json'])

    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<SentJson>(result)
    expect(document.transactions.map((tx) => [tx.function, tx.to])).toEqual([['deposit', chain.addresses.assetManager]])
    await expectTransactionsOnChain(chain, document.transactions, validator.address)
    const after = await observe(chain, validator.address)
    expect(after.totalKro).toBe(before.totalKro + amount)
    expect(after.weight).toBe(before.weight + amount)
    expect(after.nonce).toBe(before.nonce + 1)
    expect(after.allowance).toBe(0n)
  })

  it('refuses a zero amount', async () => {
    const validator = await registered(MIN_ACTIVATE)
    await expectRefusal(chain, validator, validator.address, ['depositKro', '--amount', '0'], 'ZERO_AMOUNT', 'The deposit amount is zero')
    await expectRefusal(chain, validator, validator.address, ['depositKro', '--amount', '0KRO'], 'ZERO_AMOUNT', 'The deposit amount is zero')
  })

  it('refuses an address that never registered', async () => {
    const stranger = await freshAccount(chain)
    await expectRefusal(
      chain,
      stranger,
      stranger.address,
      ['depositKro', '--amount', '100KRO'],
      'NOT_REGISTERED',
      'is not a registered validator, so a deposit is not possible',
    )
  })

  it('refuses more KRO than the signer holds', async () => {
    const validator = await registered(MIN_ACTIVATE)
    const balance = await chain.kroBalance(validator.address)
    await expectRefusal(chain, validator, validator.address, ['depositKro', '--amount', (balance + 1n).toString()], 'INSUFFICIENT_KRO', 'more)')
  })

  it('refuses when the signer cannot pay for the gas', async () => {
    const validator = await registered(MIN_ACTIVATE)
    await setEthBalance(chain, validator.address, 10_000n)
    await expectRefusal(chain, validator, validator.address, ['depositKro', '--amount', '100KRO'], 'INSUFFICIENT_ETH', `${validator.address} holds`)
  })

  it('invalid amounts are exit 2 with the accepted forms', async () => {
    const validator = await registered(MIN_ACTIVATE)
    const before = await observe(chain, validator.address)
    for (const amount of ['1.5', '0x10', '1.0000000000000000001KRO', '5 ETH', '5000', '999999999999999999']) {
      const result = await cliAs(chain, validator, ['depositKro', '--amount', amount])
      expectFailure(result, 2, `\n  → ${AMOUNT_FORMS}\n`)
      expect(result.stderr.split('Accepted forms')).toHaveLength(2)
    }
    expectFailure(await cliAs(chain, validator, ['depositKro', '--amount=-5']), 2, AMOUNT_FORMS)
    expect(await observe(chain, validator.address)).toEqual(before)
  })

  it('a plain 5000 is a forgotten unit: exit 2 naming 5000KRO and 5000wei, nothing sent; the forms the CLI prints are taken', async () => {
    const validator = await registered(MIN_ACTIVATE)
    const before = await observe(chain, validator.address)
    for (const json of [false, true]) {
      const result = await cliAs(chain, validator, ['depositKro', '--amount', '5000', '--yes', ...(json ? ['--json'] : [])])
      const message = 'Invalid amount "5000": without a unit it is 5000 wei, only 0.000000000000005 KRO. Did you mean 5000KRO? For wei, write 5000wei.'
      if (json) {
        expect(result.exitCode).toBe(2)
        expect(errorOf(result)).toMatchObject({ code: 'INVALID_AMOUNT', exitCode: 2, message, suggestions: [AMOUNT_FORMS] })
      } else {
        expectFailure(result, 2, `Error: ${message}\n  → ${AMOUNT_FORMS}\n`)
      }
    }
    expect(await observe(chain, validator.address)).toEqual(before)

    // As the CLI prints amounts, and wei with its unit.
    for (const [amount, wei] of [
      ['1,000 KRO', KRO(1_000)],
      ['2,500.5KRO', KRO('2500.5')],
      ['5000wei', 5000n],
    ] as const) {
      const start = await observe(chain, validator.address)
      const result = await cliAs(chain, validator, ['depositKro', '--amount', amount, '--yes'])
      expect(result.exitCode, result.stderr).toBe(0)
      expect((await observe(chain, validator.address)).totalKro).toBe(start.totalKro + wei)
    }
  })
})

describe('changeCommission init', () => {
  it('starts a change: the new rate is pending until the delay has passed', async () => {
    const validator = await registered(MIN_ACTIVATE, 10)
    const result = await cliAs(chain, validator, ['changeCommission', 'init', '--commission-rate', '25', '--json'])

    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<SentJson>(result)
    expect(document.transactions.map((tx) => [tx.function, tx.to, tx.status])).toEqual([['initCommissionChange', chain.addresses.validatorManager, 'success']])
    await expectTransactionsOnChain(chain, document.transactions, validator.address)
    const after = await observe(chain, validator.address)
    expect(after.commissionRate).toBe(10n)
    expect(after.pendingCommissionRate).toBe(25n)
    const finalizableAt = (await blockTimeOf(document.transactions[0]!.hash)) + delay
    expect(after.canFinalizeAt).toBe(finalizableAt)
    expect(document.outcome).toBe(`Commission change to 25% initiated (current 10%); finalize it from ${utc(finalizableAt)}.`)
    expect(document.validator).toMatchObject({ commissionRate: 10, pendingCommissionRate: 25 })
  })

  it('the kebab-case alias works and the outcome line is printed', async () => {
    const validator = await registered(MIN_REGISTER, 50)
    const result = await cliAs(chain, validator, ['change-commission:init', '--commission-rate', '0'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^Commission change to 0% initiated \(current 50%\); finalize it from \d{4}-\d\d-\d\d \d\d:\d\d UTC\.\n$/)
    expect(await chain.contracts.validatorManager.getPendingCommissionRate(validator.address)).toBe(0n)
    expect(await chain.contracts.validatorManager.canFinalizeCommissionChangeAt(validator.address)).toBeGreaterThan(delay)
  })

  it('refuses the current rate', async () => {
    const validator = await registered(MIN_ACTIVATE, 10)
    await expectRefusal(chain, validator, validator.address, ['changeCommission', 'init', '--commission-rate', '10'], 'SAME_COMMISSION_RATE', 'is already 10%')
  })

  it('refuses a jailed validator', async () => {
    const validator = await jailed()
    const expiresAt = await chain.contracts.validatorManager.jailExpiresAt(validator.address)
    await expectRefusal(
      chain,
      validator,
      validator.address,
      ['changeCommission', 'init', '--commission-rate', '20'],
      'VALIDATOR_JAILED',
      `is jailed until ${utc(expiresAt)} (in 3d), so a commission change is not possible`,
    )
  })

  it('refuses an address that never registered', async () => {
    const stranger = await freshAccount(chain)
    await expectRefusal(
      chain,
      stranger,
      stranger.address,
      ['changeCommission', 'init', '--commission-rate', '20'],
      'NOT_REGISTERED',
      'is not a registered validator',
    )
  })

  it('refuses an EXITED validator (own KRO below the registration minimum)', async () => {
    const withdrawer = await freshAccount(chain, { kro: 0n })
    const validator = await freshAccount(chain)
    await chain.registerValidator(validator.privateKey, MIN_ACTIVATE, 10, withdrawer.address)
    await chain.increaseTime(minDelegationPeriod)
    await chain.withdraw(withdrawer.privateKey, validator.address, MIN_ACTIVATE)
    expect(await chain.contracts.validatorManager.getStatus(validator.address)).toBe(ValidatorStatus.EXITED)
    await expectRefusal(
      chain,
      validator,
      validator.address,
      ['changeCommission', 'init', '--commission-rate', '20'],
      'VALIDATOR_EXITED',
      'has exited (own KRO below the registration minimum), so a commission change is not possible',
    )
  })

  it('a rate above 100 or not a number is invalid input (exit 2)', async () => {
    const validator = await registered(MIN_ACTIVATE, 10)
    const before = await observe(chain, validator.address)
    for (const rate of ['101', 'abc', '-1']) {
      const result = await cliAs(chain, validator, ['changeCommission', 'init', `--commission-rate=${rate}`])
      expectFailure(result, 2, `Error: Invalid commission rate "${rate}".\n  → ${COMMISSION_FORMS}\n`)
    }
    expect(await observe(chain, validator.address)).toEqual(before)
  })
})

describe('changeCommission finalize', () => {
  it('refuses when no change is pending', async () => {
    const validator = await registered(MIN_ACTIVATE, 10)
    await expectRefusal(
      chain,
      validator,
      validator.address,
      ['changeCommission', 'finalize'],
      'NO_PENDING_COMMISSION_CHANGE',
      'No commission change is pending',
    )
  })

  it('refuses before the delay with the time it becomes possible, then succeeds once the clock reaches it', async () => {
    const validator = await registered(MIN_ACTIVATE, 10)
    const init = await cliAs(chain, validator, ['changeCommission', 'init', '--commission-rate', '15'])
    expect(init.exitCode, init.stderr).toBe(0)
    const finalizableAt = await chain.contracts.validatorManager.canFinalizeCommissionChangeAt(validator.address)

    const early = await expectRefusal(
      chain,
      validator,
      validator.address,
      ['changeCommission', 'finalize'],
      'COMMISSION_CHANGE_TOO_EARLY',
      `The change to 15% can be finalized from ${utc(finalizableAt)}`,
    )
    expect(early.error.possibleAt).toBe(Number(finalizableAt))

    // One second before: still refused.
    await mineAt(finalizableAt - 1n)
    await expectRefusal(chain, validator, validator.address, ['changeCommission', 'finalize'], 'COMMISSION_CHANGE_TOO_EARLY', utc(finalizableAt))

    await mineAt(finalizableAt)
    const result = await cliAs(chain, validator, ['changeCommission', 'finalize'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toBe('Commission changed: 10% → 15%.\n')
    const after = await observe(chain, validator.address)
    expect(after.commissionRate).toBe(15n)
    expect(after.pendingCommissionRate).toBe(0n)
    expect(after.canFinalizeAt).toBe(delay) // nothing pending any more
  })

  it('refuses a jailed validator even when the delay has passed', async () => {
    const validator = await registered(MIN_ACTIVATE, 10)
    expect((await cliAs(chain, validator, ['changeCommission', 'init', '--commission-rate', '30'])).exitCode).toBe(0)
    await chain.jail(validator.address)
    await chain.increaseTime(delay)
    await expectRefusal(
      chain,
      validator,
      validator.address,
      ['changeCommission', 'finalize'],
      'VALIDATOR_JAILED',
      'finalizing a commission change is not possible',
    )
  })

  it('refuses when the signer cannot pay for the gas', async () => {
    const validator = await registered(MIN_ACTIVATE, 10)
    expect((await cliAs(chain, validator, ['changeCommission', 'init', '--commission-rate', '30'])).exitCode).toBe(0)
    await chain.increaseTime(delay)
    await setEthBalance(chain, validator.address, 10_000n)
    await expectRefusal(chain, validator, validator.address, ['changeCommission', 'finalize'], 'INSUFFICIENT_ETH', `${validator.address} holds`)
  })
})

describe('unjail', () => {
  it('refuses a validator that is not jailed', async () => {
    const validator = await registered(MIN_ACTIVATE)
    await expectRefusal(chain, validator, validator.address, ['unjail'], 'NOT_JAILED', 'is not jailed; there is nothing to unjail')
  })

  it('refuses before the jail period ends, saying when; succeeds once it has, and the validator is active again', async () => {
    const validator = await jailed()
    const expiresAt = await chain.contracts.validatorManager.jailExpiresAt(validator.address)

    const early = await expectRefusal(chain, validator, validator.address, ['unjail'], 'JAIL_NOT_OVER', `is jailed until ${utc(expiresAt)}`)
    expect(early.error.possibleAt).toBe(Number(expiresAt))
    // The next step is a suggestion, not a clause of the message.
    expect(early.error.message).not.toContain('kroma-validator unjail')
    expect(early.error.suggestions).toEqual(['Run `kroma-validator unjail` again after that time.'])

    await mineAt(expiresAt - 1n)
    await expectRefusal(chain, validator, validator.address, ['unjail'], 'JAIL_NOT_OVER', utc(expiresAt))

    await mineAt(expiresAt)
    const result = await cliAs(chain, validator, ['unjail', '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<SentJson>(result)
    expect(document.transactions.map((tx) => tx.function)).toEqual(['tryUnjail'])
    await expectTransactionsOnChain(chain, document.transactions, validator.address)
    expect(document.outcome).toBe('Unjailed: ACTIVE.')
    const after = await observe(chain, validator.address)
    expect(after.jailed).toBe(false)
    expect(after.status).toBe(ValidatorStatus.ACTIVE)
    expect(await chain.contracts.validatorManager.noSubmissionCount(validator.address)).toBe(0n)
  })

  it('refuses when the signer cannot pay for the gas', async () => {
    const validator = await jailed()
    await chain.increaseTime((await chain.contracts.validatorManager.jailExpiresAt(validator.address)) - (await chain.latestTimestamp()))
    await setEthBalance(chain, validator.address, 10_000n)
    await expectRefusal(chain, validator, validator.address, ['unjail'], 'INSUFFICIENT_ETH', `${validator.address} holds`)
  })
})
