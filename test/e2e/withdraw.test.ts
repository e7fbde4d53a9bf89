// withdraw, end to end through bin/run.js on anvil: signed by the withdraw account, KRO goes to
// it; every refusal (wrong signer, too early, jailed, bonded, nothing left) leaves all as it was.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADDRESS_FORM } from '../../src/lib/address.js'
import { amountForms } from '../../src/lib/input/amounts.js'
import { ValidatorStatus, startTestChain, type TestChain } from '../helpers/chain.js'
import {
  KRO,
  calledFunction,
  cliAs,
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

let chain: TestChain
let bondAmount: bigint

beforeAll(async () => {
  chain = await startTestChain()
  bondAmount = await chain.contracts.assetManager.BOND_AMOUNT()
})
afterAll(async () => {
  await chain?.stop()
})

interface Pair {
  validator: TestAccount
  withdrawer: TestAccount
}

/** A validator registered with `amount`, whose withdraw account is a separate funded key (no KRO). */
async function registeredPair(amount: bigint): Promise<Pair> {
  const validator = await freshAccount(chain)
  const withdrawer = await freshAccount(chain, { kro: 0n })
  await chain.registerValidator(validator.privateKey, amount, 10, withdrawer.address)
  return { validator, withdrawer }
}

/** The next block gets exactly this timestamp (and is mined now). */
async function mineAt(timestamp: bigint): Promise<void> {
  await chain.provider.send('evm_setNextBlockTimestamp', [Number(timestamp)])
  await chain.provider.send('evm_mine', [])
}

async function pastWithdrawalPeriod(validator: string): Promise<void> {
  const at = await chain.contracts.assetManager.canWithdrawAt(validator)
  if (at > (await chain.latestTimestamp())) await mineAt(at)
}

const withdrawArgs = (validator: string, amount: string, ...extra: string[]) => ['withdraw', '--validator', validator, '--amount', amount, ...extra]

describe('withdraw: success', () => {
  it('the withdraw account withdraws part of the KRO: it lands in the withdraw account', async () => {
    const { validator, withdrawer } = await registeredPair(KRO(20_000))
    await pastWithdrawalPeriod(validator.address)
    const before = await observe(chain, validator.address, withdrawer.address)
    const validatorNonce = (await observe(chain, validator.address)).nonce

    const result = await cliAs(chain, withdrawer, withdrawArgs(validator.address, '1000KRO'))

    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toBe('Withdrawn 1,000 KRO: own KRO now 19,000 KRO, status ACTIVE.\n')
    const after = await observe(chain, validator.address, withdrawer.address)
    expect(after.totalKro).toBe(before.totalKro - KRO(1_000))
    expect(after.weight).toBe(KRO(19_000))
    expect(after.signerKro).toBe(before.signerKro + KRO(1_000))
    expect(after.nonce).toBe(before.nonce + 1)
    expect((await observe(chain, validator.address)).nonce).toBe(validatorNonce)
    const [, hash] = /^Sent withdraw (0x[0-9a-f]{64})$/m.exec(result.stderr) ?? []
    expect(await calledFunction(chain, hash!)).toMatchObject({ name: 'withdraw', to: chain.addresses.assetManager, args: [validator.address, KRO(1_000)] })
  })

  it('--amount max --json withdraws everything not bonded; the validator exits', async () => {
    const { validator, withdrawer } = await registeredPair(KRO(12_345))
    await pastWithdrawalPeriod(validator.address)
    const before = await observe(chain, validator.address, withdrawer.address)

    const result = await cliAs(chain, withdrawer, withdrawArgs(validator.address.toLowerCase(), 'max', '--json'))

    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<{ transactions: SentTransactionJson[]; outcome: string; validator: { status: string; kro: { total: string } } }>(result)
    expect(document.transactions.map((tx) => [tx.function, tx.to, tx.status])).toEqual([['withdraw', chain.addresses.assetManager, 'success']])
    await expectTransactionsOnChain(chain, document.transactions, withdrawer.address)
    expect(document.outcome).toBe('Withdrawn 12,345 KRO: own KRO now 0 KRO, status EXITED.')
    expect(document.validator).toMatchObject({ status: 'EXITED', kro: { total: '0' } })
    const after = await observe(chain, validator.address, withdrawer.address)
    expect(after.signerKro).toBe(before.signerKro + KRO(12_345))
    expect(after.status).toBe(ValidatorStatus.EXITED)
    expect(after.weight).toBe(0n)
  })
})

describe('withdraw: refusals (exit 3, nothing sent, nothing changed)', () => {
  it('the signer is not the withdraw account: the message names the one that is', async () => {
    const { validator, withdrawer } = await registeredPair(KRO(10_000))
    await pastWithdrawalPeriod(validator.address)
    // The validator key itself (the default --validator is the signer).
    const own = await expectRefusal(
      chain,
      validator,
      validator.address,
      ['withdraw', '--amount', '100KRO'],
      'NOT_WITHDRAW_ACCOUNT',
      `only ${withdrawer.address} can withdraw`,
    )
    expect(own.error.message).toContain(`The signer ${validator.address} is not the withdraw account of validator ${validator.address}`)
    // Any other key.
    const stranger = await freshAccount(chain)
    await expectRefusal(
      chain,
      stranger,
      validator.address,
      withdrawArgs(validator.address, '100KRO'),
      'NOT_WITHDRAW_ACCOUNT',
      `only ${withdrawer.address} can withdraw`,
    )
  })

  it('too early: says when it becomes possible; at that time the same command succeeds', async () => {
    const { validator, withdrawer } = await registeredPair(KRO(15_000))
    const canWithdrawAt = await chain.contracts.assetManager.canWithdrawAt(validator.address)
    expect(canWithdrawAt).toBeGreaterThan(await chain.latestTimestamp())
    const args = withdrawArgs(validator.address, '5000KRO')

    const early = await expectRefusal(chain, withdrawer, validator.address, args, 'WITHDRAW_TOO_EARLY', `can withdraw from ${utc(canWithdrawAt)} (in 7d)`)
    expect(early.error.possibleAt).toBe(Number(canWithdrawAt))

    await mineAt(canWithdrawAt - 1n)
    await expectRefusal(chain, withdrawer, validator.address, args, 'WITHDRAW_TOO_EARLY', utc(canWithdrawAt))

    await mineAt(canWithdrawAt)
    const result = await cliAs(chain, withdrawer, args)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(await chain.contracts.assetManager.totalValidatorKro(validator.address)).toBe(KRO(10_000))
    expect(await chain.kroBalance(withdrawer.address)).toBe(KRO(5_000))
  })

  it('jailed: refused until the jail period ends (the contract checks jailExpiresAt, not unjail)', async () => {
    const { validator, withdrawer } = await registeredPair(KRO(10_000))
    await pastWithdrawalPeriod(validator.address)
    await chain.jail(validator.address)
    const expiresAt = await chain.contracts.validatorManager.jailExpiresAt(validator.address)
    const args = withdrawArgs(validator.address, '100KRO')

    const jailed = await expectRefusal(chain, withdrawer, validator.address, args, 'VALIDATOR_JAILED', `is jailed until ${utc(expiresAt)}`)
    expect(jailed.error.possibleAt).toBe(Number(expiresAt))
    expect(jailed.error.suggestions).toEqual(['Run the same command again after that time.'])

    await mineAt(expiresAt)
    expect(await chain.contracts.validatorManager.inJail(validator.address)).toBe(true)
    const result = await cliAs(chain, withdrawer, args)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(await chain.kroBalance(withdrawer.address)).toBe(KRO(100))
  })

  it('more than the KRO not bonded is refused; max takes exactly what is not bonded; then nothing is left', async () => {
    const { validator, withdrawer } = await registeredPair(KRO(10_000))
    await chain.submitOutput(validator.address)
    const bonded = await chain.contracts.assetManager.totalValidatorKroBonded(validator.address)
    expect(bonded).toBe(bondAmount)
    const notBonded = await chain.contracts.assetManager.totalValidatorKroNotBonded(validator.address)
    expect(notBonded).toBe(KRO(10_000) - bondAmount)
    await pastWithdrawalPeriod(validator.address)

    const above = await expectRefusal(
      chain,
      withdrawer,
      validator.address,
      withdrawArgs(validator.address, (notBonded + 1n).toString()),
      'AMOUNT_ABOVE_AVAILABLE',
      `Cannot withdraw 5,000.000000000000000001 KRO: only 5,000 KRO of the validator's own KRO is not bonded (bonded: 5,000 KRO).`,
    )
    expect(above.error.suggestions.join(' ')).toContain('--amount max')

    const max = await cliAs(chain, withdrawer, withdrawArgs(validator.address, 'max', '--json'))
    expect(max.exitCode, max.stderr).toBe(0)
    expect(await chain.kroBalance(withdrawer.address)).toBe(notBonded)
    expect(await chain.contracts.assetManager.totalValidatorKro(validator.address)).toBe(bonded)
    expect(await chain.contracts.assetManager.totalValidatorKroNotBonded(validator.address)).toBe(0n)

    await expectRefusal(
      chain,
      withdrawer,
      validator.address,
      withdrawArgs(validator.address, 'max'),
      'NOTHING_TO_WITHDRAW',
      'has no KRO that is not bonded (bonded: 5,000 KRO)',
    )
    await expectRefusal(
      chain,
      withdrawer,
      validator.address,
      withdrawArgs(validator.address, '1wei'),
      'AMOUNT_ABOVE_AVAILABLE',
      `Cannot withdraw 0.000000000000000001 KRO: only 0 KRO of the validator's own KRO is not bonded (bonded: 5,000 KRO).`,
    )
  })

  it('a zero amount', async () => {
    const { validator, withdrawer } = await registeredPair(KRO(10_000))
    await pastWithdrawalPeriod(validator.address)
    await expectRefusal(chain, withdrawer, validator.address, withdrawArgs(validator.address, '0'), 'ZERO_AMOUNT', 'The withdrawal amount is zero')
  })

  it('a validator that never registered', async () => {
    const signer = await freshAccount(chain)
    const nobody = Wallet.createRandom().address
    await expectRefusal(chain, signer, nobody, withdrawArgs(nobody, '1KRO'), 'NOT_REGISTERED', 'is not a registered validator, so a withdrawal is not possible')
  })

  it('not enough ETH for the gas in the withdraw account', async () => {
    const { validator, withdrawer } = await registeredPair(KRO(10_000))
    await pastWithdrawalPeriod(validator.address)
    await setEthBalance(chain, withdrawer.address, 5_000n)
    await expectRefusal(chain, withdrawer, validator.address, withdrawArgs(validator.address, '1KRO'), 'INSUFFICIENT_ETH', `${withdrawer.address} holds`)
  })
})

describe('withdraw: invalid input (exit 2, nothing sent)', () => {
  it.each([
    ['--amount 1.5', ['--amount', '1.5'], `Error: Invalid amount "1.5": a decimal needs the KRO unit, e.g. 1.5KRO.\n  → ${amountForms('KRO', true)}\n`],
    ['--amount 0x10', ['--amount', '0x10'], `Error: Invalid amount "0x10".\n  → ${amountForms('KRO', true)}\n`],
    [
      '--amount 1 (a plain number below one KRO)',
      ['--amount', '1'],
      'Invalid amount "1": without a unit it is 1 wei, only 0.000000000000000001 KRO. Did you mean 1KRO? For wei, write 1wei.',
    ],
    ['--amount=-5', ['--amount=-5'], 'Invalid amount "-5".'],
    ['--amount maximum', ['--amount', 'maximum'], 'Or "max" for everything not bonded.'],
  ])('%s', async (_name, amountArgs, message) => {
    const { validator, withdrawer } = await registeredPair(KRO(10_000))
    const before = await observe(chain, validator.address, withdrawer.address)
    expectFailure(await cliAs(chain, withdrawer, ['withdraw', '--validator', validator.address, ...amountArgs]), 2, message)
    expect(await observe(chain, validator.address, withdrawer.address)).toEqual(before)
  })

  it('a --validator that is not an address', async () => {
    const signer = await freshAccount(chain)
    const before = await observe(chain, signer.address)
    expectFailure(await cliAs(chain, signer, withdrawArgs('0x1234', '1KRO')), 2, `Error: Invalid validator address "0x1234".\n  → ${ADDRESS_FORM}\n`)
    expect(await observe(chain, signer.address)).toEqual(before)
  })
})
