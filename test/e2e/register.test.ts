// register, end to end through bin/run.js on anvil: success, the approve, every refusal, bad input.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { register } from '../../src/lib/actions/register.js'
import { ADDRESS_FORM } from '../../src/lib/address.js'
import { AMOUNT_FORMS, COMMISSION_FORMS } from '../../src/lib/input/amounts.js'
import type { Connection } from '../../src/lib/config/connection.js'
import { CliError } from '../../src/lib/errors.js'
import { readSnapshot } from '../../src/lib/validator/snapshot.js'
import { ValidatorStatus, startTestChain, type TestChain } from '../helpers/chain.js'
import {
  KRO,
  approvalsIn,
  calledFunction,
  cliAs,
  errorOf,
  expectFailure,
  expectRefusal,
  expectTransactionsOnChain,
  freshAccount,
  interfaces,
  jsonOf,
  observe,
  setEthBalance,
  type SentTransactionJson,
  type TestAccount,
} from '../helpers/e2e.js'

let chain: TestChain
let minRegister: bigint

beforeAll(async () => {
  chain = await startTestChain()
  minRegister = await chain.contracts.validatorManager.MIN_REGISTER_AMOUNT()
})
afterAll(async () => {
  await chain?.stop()
})

const randomAddress = () => Wallet.createRandom().address

function registerArgs(amount: string, rate: string, withdrawAccount: string, ...extra: string[]): string[] {
  return ['register', '--amount', amount, '--commission-rate', rate, '--withdraw-account', withdrawAccount, ...extra]
}

interface SentJson {
  transactions: SentTransactionJson[]
  outcome: string
  validator: { address: string; status: string; commissionRate: number; withdrawAccount: string; kro: { total: string } }
}

describe('register: success', () => {
  it('approves exactly the amount, registers, and the chain shows the new validator', async () => {
    const validator = await freshAccount(chain, { kro: KRO(50_000) })
    const withdrawAccount = randomAddress()
    const before = await observe(chain, validator.address)
    expect(before.status).toBe(ValidatorStatus.NONE)

    const result = await cliAs(chain, validator, registerArgs('12000KRO', '10', withdrawAccount))

    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toBe('Registered: ACTIVE, commission 10%, 12,000 KRO.\n')
    const after = await observe(chain, validator.address)
    expect(after.status).toBe(ValidatorStatus.ACTIVE)
    expect(after.totalKro).toBe(KRO(12_000))
    expect(after.weight).toBe(KRO(12_000))
    expect(after.commissionRate).toBe(10n)
    expect(after.withdrawAccount).toBe(withdrawAccount)
    expect(after.signerKro).toBe(before.signerKro - KRO(12_000))
    expect(after.allowance).toBe(0n)
    expect(after.nonce).toBe(before.nonce + 2)

    // The hashes printed on stderr as they were sent are the two transactions on chain.
    const hashes = [...result.stderr.matchAll(/^Sent (\w+) (0x[0-9a-f]{64})$/gm)].map((m) => ({ fn: m[1], hash: m[2]! }))
    expect(hashes.map((h) => h.fn)).toEqual(['approve', 'registerValidator'])
    const approve = await calledFunction(chain, hashes[0]!.hash)
    expect(approve).toMatchObject({ name: 'approve', to: chain.addresses.kroToken, args: [chain.addresses.assetManager, KRO(12_000)] })
    const registerCall = await calledFunction(chain, hashes[1]!.hash)
    expect(registerCall).toMatchObject({ name: 'registerValidator', to: chain.addresses.validatorManager, args: [KRO(12_000), 10n, withdrawAccount] })
    const approveReceipt = await chain.provider.getTransactionReceipt(hashes[0]!.hash)
    expect(approvalsIn(chain, approveReceipt!)).toEqual([{ owner: validator.address, spender: chain.addresses.assetManager, value: KRO(12_000) }])
  })

  it('--json: one document listing the approve and the register, each as mined on chain', async () => {
    const validator = await freshAccount(chain)
    const withdrawAccount = randomAddress()
    const amount = minRegister + 123n // wei form, the Go tool's

    const result = await cliAs(chain, validator, registerArgs(amount.toString(), '0', withdrawAccount, '--json'))

    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<SentJson>(result)
    expect(document.transactions.map((tx) => [tx.function, tx.to, tx.status])).toEqual([
      ['approve', chain.addresses.kroToken, 'success'],
      ['registerValidator', chain.addresses.validatorManager, 'success'],
    ])
    const receipts = await expectTransactionsOnChain(chain, document.transactions, validator.address)
    expect(receipts[1]!.blockNumber).toBeGreaterThan(receipts[0]!.blockNumber)
    expect(approvalsIn(chain, receipts[0]!)[0]?.value).toBe(amount)
    expect(document.outcome).toMatch(/^Registered: ACTIVE, commission 0%/)
    expect(document.validator).toMatchObject({
      address: validator.address,
      status: 'ACTIVE',
      commissionRate: 0,
      withdrawAccount,
      kro: { total: amount.toString() },
    })
    expect(await chain.contracts.assetManager.totalValidatorKro(validator.address)).toBe(amount)
    // Progress went to stderr, never into the JSON on stdout.
    expect(result.stderr).toContain(document.transactions[1]!.hash)
  })

  it('sends no approve when the allowance is already in place', async () => {
    const validator = await freshAccount(chain)
    const amount = KRO(10_000)
    await (await chain.as(validator.privateKey).kroToken.approve(chain.addresses.assetManager, amount)).wait()
    const before = await observe(chain, validator.address)
    expect(before.allowance).toBe(amount)

    const result = await cliAs(chain, validator, registerArgs('10000KRO', '5', randomAddress(), '--json'))

    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<SentJson>(result)
    expect(document.transactions.map((tx) => tx.function)).toEqual(['registerValidator'])
    const [receipt] = await expectTransactionsOnChain(chain, document.transactions, validator.address)
    expect(approvalsIn(chain, receipt!).filter((a) => a.owner === validator.address && a.value > 0n)).toEqual([])
    const after = await observe(chain, validator.address)
    expect(after.nonce).toBe(before.nonce + 1)
    expect(after.allowance).toBe(0n)
    expect(after.status).toBe(ValidatorStatus.ACTIVE)
  })

  it('a short allowance is replaced by an approve for exactly the amount, not the difference', async () => {
    const validator = await freshAccount(chain)
    await (await chain.as(validator.privateKey).kroToken.approve(chain.addresses.assetManager, KRO(1))).wait()

    const result = await cliAs(chain, validator, registerArgs('10500KRO', '7', randomAddress(), '--json'))

    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<SentJson>(result)
    expect(document.transactions.map((tx) => tx.function)).toEqual(['approve', 'registerValidator'])
    const [approveReceipt] = await expectTransactionsOnChain(chain, document.transactions, validator.address)
    expect(approvalsIn(chain, approveReceipt!)).toEqual([{ owner: validator.address, spender: chain.addresses.assetManager, value: KRO(10_500) }])
    expect(await chain.contracts.assetManager.totalValidatorKro(validator.address)).toBe(KRO(10_500))
  })

  it('a larger allowance is used as it is: no approve, the rest stays approved', async () => {
    const validator = await freshAccount(chain)
    await (await chain.as(validator.privateKey).kroToken.approve(chain.addresses.assetManager, KRO(30_000))).wait()

    const result = await cliAs(chain, validator, registerArgs('10000KRO', '7', randomAddress(), '--json'))

    expect(result.exitCode, result.stderr).toBe(0)
    expect(jsonOf<SentJson>(result).transactions.map((tx) => tx.function)).toEqual(['registerValidator'])
    expect(await chain.contracts.kroToken.allowance(validator.address, chain.addresses.assetManager)).toBe(KRO(20_000))
  })

  it('a second register after success is refused: already registered, nothing sent', async () => {
    const validator = await freshAccount(chain)
    const withdrawAccount = randomAddress()
    const first = await cliAs(chain, validator, registerArgs('10000KRO', '10', withdrawAccount))
    expect(first.exitCode, first.stderr).toBe(0)
    const before = await observe(chain, validator.address)

    const again = await cliAs(chain, validator, registerArgs('10000KRO', '10', withdrawAccount))

    expectFailure(again, 3, 'is already registered (status ACTIVE)')
    expect(await observe(chain, validator.address)).toEqual(before)
  })

  it('--allow-same-withdraw-account is required when the withdraw account is the signer, even with --yes', async () => {
    const validator = await freshAccount(chain)
    const before = await observe(chain, validator.address)

    const refused = await cliAs(chain, validator, registerArgs('10000KRO', '10', validator.address, '--yes'))
    expectFailure(refused, 2, `The withdraw account is the validator key itself (${validator.address})`)
    expect(refused.stderr).toContain('--allow-same-withdraw-account')
    expect(await observe(chain, validator.address)).toEqual(before)

    // Lower-case input is the same account: still refused without the flag.
    const lower = await cliAs(chain, validator, registerArgs('10000KRO', '10', validator.address.toLowerCase(), '--json'))
    expect(lower.exitCode).toBe(2)
    expect(errorOf(lower)).toMatchObject({ code: 'SAME_WITHDRAW_ACCOUNT', exitCode: 2 })

    const accepted = await cliAs(chain, validator, registerArgs('10000KRO', '10', validator.address, '--allow-same-withdraw-account'))
    expect(accepted.exitCode, accepted.stderr).toBe(0)
    expect(await chain.contracts.assetManager.getWithdrawAccount(validator.address)).toBe(validator.address)
  })
})

describe('register: refusals (exit 3, nothing sent, nothing changed)', () => {
  const expectRefused = (account: TestAccount, args: string[], code: string, message: RegExp | string) =>
    expectRefusal(chain, account, account.address, args, code, message)

  it('an amount below MIN_REGISTER_AMOUNT', async () => {
    const validator = await freshAccount(chain)
    const { json } = await expectRefused(
      validator,
      registerArgs((minRegister - 1n).toString(), '10', randomAddress()),
      'AMOUNT_BELOW_MINIMUM',
      /below the minimum to register, 10,000 KRO/,
    )
    expect(errorOf(json).suggestions.join(' ')).toContain('--amount 10000KRO')
  })

  it('the zero address as withdraw account', async () => {
    const validator = await freshAccount(chain)
    await expectRefused(
      validator,
      registerArgs('10000KRO', '10', '0x0000000000000000000000000000000000000000'),
      'ZERO_WITHDRAW_ACCOUNT',
      'The withdraw account cannot be the zero address',
    )
  })

  it('not enough KRO', async () => {
    const validator = await freshAccount(chain, { kro: KRO(4_000) })
    await expectRefused(
      validator,
      registerArgs('10000KRO', '10', randomAddress()),
      'INSUFFICIENT_KRO',
      /holds 4,000 KRO, but 10,000 KRO is needed \(6,000 KRO more\)/,
    )
  })

  it('not enough ETH for the gas', async () => {
    const validator = await freshAccount(chain)
    await setEthBalance(chain, validator.address, 1_000n)
    const { json } = await expectRefused(validator, registerArgs('10000KRO', '10', randomAddress()), 'INSUFFICIENT_ETH', `${validator.address} holds`)
    expect(errorOf(json).message).toMatch(/the 2 transactions may cost up to/)
  })

  it('a sender with contract code (anvil_setCode on the signer): registerValidator takes only an EOA', async () => {
    const validator = await freshAccount(chain)
    await chain.provider.send('anvil_setCode', [validator.address, '0x6080604052'])
    await expectRefused(
      validator,
      registerArgs('10000KRO', '10', randomAddress()),
      'SENDER_IS_CONTRACT',
      'is a contract; registerValidator only accepts an externally owned account',
    )
  })
})

describe('register: invalid input (exit 2, nothing sent)', () => {
  const withdrawAccount = randomAddress()
  let validator: TestAccount
  beforeAll(async () => {
    validator = await freshAccount(chain)
  })

  /** The reason is the error line; the accepted form follows once, as its suggestion. */
  const withForm = (reason: string, form: string) => `Error: ${reason}\n  → ${form}\n`

  function withBadChecksum(address: string): string {
    // Flip the case of the first letter among the hex digits: a mistyped checksum.
    const index = address.slice(2).search(/[a-fA-F]/) + 2
    const char = address[index]!
    const flipped = char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase()
    return address.slice(0, index) + flipped + address.slice(index + 1)
  }

  const cases: Array<[string, () => string[], string]> = [
    [
      '--amount 1.5 (a decimal without the unit)',
      () => registerArgs('1.5', '10', withdrawAccount),
      withForm('Invalid amount "1.5": a decimal needs the KRO unit, e.g. 1.5KRO.', AMOUNT_FORMS),
    ],
    [
      '--amount=-5',
      () => ['register', '--amount=-5', '--commission-rate', '10', '--withdraw-account', withdrawAccount],
      withForm('Invalid amount "-5".', AMOUNT_FORMS),
    ],
    ['--amount 0x10', () => registerArgs('0x10', '10', withdrawAccount), withForm('Invalid amount "0x10".', AMOUNT_FORMS)],
    [
      '--amount with 19 decimals',
      () => registerArgs('1.0000000000000000001KRO', '10', withdrawAccount),
      'Invalid amount "1.0000000000000000001KRO": KRO has at most 18 decimals.',
    ],
    [
      '--amount 10000 (a plain number below one KRO: a forgotten unit)',
      () => registerArgs('10000', '10', withdrawAccount),
      withForm(
        'Invalid amount "10000": without a unit it is 10000 wei, only 0.00000000000001 KRO. Did you mean 10000KRO? For wei, write 10000wei.',
        AMOUNT_FORMS,
      ),
    ],
    ['--amount above uint128', () => registerArgs((1n << 128n).toString(), '10', withdrawAccount), 'above the largest amount the contracts take'],
    ['--commission-rate 101', () => registerArgs('10000KRO', '101', withdrawAccount), withForm('Invalid commission rate "101".', COMMISSION_FORMS)],
    ['--commission-rate abc', () => registerArgs('10000KRO', 'abc', withdrawAccount), withForm('Invalid commission rate "abc".', COMMISSION_FORMS)],
    ['--commission-rate 1.5', () => registerArgs('10000KRO', '1.5', withdrawAccount), 'Invalid commission rate "1.5".'],
    ['--withdraw-account with a wrong checksum', () => registerArgs('10000KRO', '10', withBadChecksum(withdrawAccount)), 'its EIP-55 checksum is wrong'],
    ['--withdraw-account 0x0', () => registerArgs('10000KRO', '10', '0x0'), withForm('Invalid withdraw account "0x0".', ADDRESS_FORM)],
    [
      '--withdraw-account without 0x',
      () => registerArgs('10000KRO', '10', withdrawAccount.slice(2)),
      withForm(`Invalid withdraw account "${withdrawAccount.slice(2)}".`, ADDRESS_FORM),
    ],
  ]

  it.each(cases)('%s', async (_name, args, message) => {
    const before = await observe(chain, validator.address)
    const result = await cliAs(chain, validator, args())
    expectFailure(result, 2, message)
    expect(await observe(chain, validator.address)).toEqual(before)
  })

  it('--json carries the invalid input as an error document with exit code 2', async () => {
    const result = await cliAs(chain, validator, registerArgs('0x10', '10', withdrawAccount, '--json'))
    expect(result.exitCode).toBe(2)
    const error = errorOf(result)
    expect(error).toMatchObject({ code: 'INVALID_AMOUNT', exitCode: 2 })
    expect(error.suggestions).toEqual([AMOUNT_FORMS])
    expect(error.message).not.toContain('Accepted')
  })

  it.each(['--amount', '--commission-rate', '--withdraw-account'])('a missing %s is named', async (flag) => {
    const all: Record<string, string> = { '--amount': '10000KRO', '--commission-rate': '10', '--withdraw-account': withdrawAccount }
    const args = [
      'register',
      ...Object.entries(all)
        .filter(([name]) => name !== flag)
        .flat(),
    ]
    const before = await observe(chain, validator.address)
    const result = await cliAs(chain, validator, args)
    expectFailure(result, 2, `Missing required flag ${flag.slice(2)}`)
    expect(await observe(chain, validator.address)).toEqual(before)
  })

  it('an unknown flag', async () => {
    const result = await cliAs(chain, validator, [...registerArgs('10000KRO', '10', withdrawAccount), '--commision-rate', '5'])
    expectFailure(result, 2, 'Nonexistent flag: --commision-rate')
  })
})

describe('register action (unit): the EOA check on a snapshot read from the chain', () => {
  function connectionOf(chain: TestChain): Connection {
    return {
      chainId: Number(chain.chainId),
      rpcUrl: chain.rpcUrl,
      validatorManager: chain.addresses.validatorManager,
      assetManager: chain.addresses.assetManager,
      devnet: true,
    }
  }
  const input = (withdrawAccount: string) => ({
    amount: KRO(10_000),
    commissionRate: 10,
    withdrawAccount,
    allowSameWithdrawAccount: false,
    allowContractWithdrawAccount: false,
  })

  async function planFor(address: string) {
    const connection = connectionOf(chain)
    const snapshot = await readSnapshot(chain.provider, connection, { validators: [address], account: address })
    return {
      snapshot,
      plan: () => register.plan(input(randomAddress()), { snapshot, connection, signer: address, signerIsContract: snapshot.account!.isContract }),
    }
  }

  it('refuses a signer whose address holds code (exit 3, SENDER_IS_CONTRACT)', async () => {
    const account = await freshAccount(chain)
    await chain.provider.send('anvil_setCode', [account.address, '0x600160005260206000f3'])
    const { snapshot, plan } = await planFor(account.address)
    expect(snapshot.account!.isContract).toBe(true)
    let thrown: unknown
    try {
      plan()
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(CliError)
    expect(thrown).toMatchObject({ code: 'SENDER_IS_CONTRACT', exitCode: 3 })
  })

  it('plans approve + registerValidator for an EOA, and for an EIP-7702 delegated EOA', async () => {
    const eoa = await freshAccount(chain)
    const delegated = await freshAccount(chain)
    await chain.provider.send('anvil_setCode', [delegated.address, `0xef0100${chain.addresses.multicall3.slice(2).toLowerCase()}`])
    for (const account of [eoa, delegated]) {
      const { snapshot, plan } = await planFor(account.address)
      expect(snapshot.account!.isContract).toBe(false)
      const planned = plan()
      expect(planned.calls.map((call) => call.function)).toEqual(['approve', 'registerValidator'])
      const decoded = interfaces.validatorManager.decodeFunctionData('registerValidator', planned.calls[1]!.data)
      expect(decoded[0]).toBe(KRO(10_000))
      expect(decoded[1]).toBe(10n)
    }
  })
})
