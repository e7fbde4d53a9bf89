// The transaction pipeline end to end through bin/run.js on anvil: --dry-run, the JSON shapes,
// keystore signing, the confirmation prompt on a real pseudo-terminal, a transaction that passes
// simulation but reverts when mined, a wait that times out, and --nonce replacement.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Wallet, encryptKeystoreJson } from 'ethers'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ValidatorStatus, startTestChain, type TestChain } from '../helpers/chain.js'
import { runCli } from '../helpers/cli.js'
import {
  KRO,
  calledFunction,
  cliAs,
  errorOf,
  expectFailure,
  expectRefusal,
  expectTransactionsOnChain,
  flagsFor,
  freshAccount,
  interfaces,
  jsonOf,
  minedNonce,
  observe,
  pendingNonce,
  poolOf,
  runCliInPty,
  waitUntil,
  type SentTransactionJson,
  type TestAccount,
} from '../helpers/e2e.js'

const MIN_REGISTER = KRO(10_000)
const MIN_ACTIVATE = KRO(20_000)

let chain: TestChain

beforeAll(async () => {
  chain = await startTestChain({ params: { minRegisterAmount: MIN_REGISTER, minActivateAmount: MIN_ACTIVATE } })
})
afterAll(async () => {
  await chain?.stop()
})
// A test that turned automining off leaves the chain as the next one expects it.
afterEach(async () => {
  if (!chain) return
  await chain.setAutomine(true)
  await chain.mine(1)
})

async function registered(amount: bigint, withdrawAccount: string = Wallet.createRandom().address, commissionRate = 10): Promise<TestAccount> {
  const validator = await freshAccount(chain)
  await chain.registerValidator(validator.privateKey, amount, commissionRate, withdrawAccount)
  return validator
}

async function ready(withdrawAccount?: string): Promise<TestAccount> {
  const validator = await registered(MIN_REGISTER, withdrawAccount)
  const delegator = await freshAccount(chain)
  await chain.delegate(delegator.privateKey, validator.address, MIN_ACTIVATE - MIN_REGISTER)
  expect(await chain.contracts.validatorManager.getStatus(validator.address)).toBe(ValidatorStatus.READY)
  return validator
}

interface DryRunJson {
  dryRun: true
  chainId: number
  from: string
  validator: string
  transactions: Array<{ to: string; function: string; data: string; value: string; chainId: number; gasEstimate: string | null }>
  notices: string[]
}

interface SentJson {
  dryRun?: false
  transactions: SentTransactionJson[]
  outcome: string
}

describe('--dry-run', () => {
  it('prints to, data, value and chain id of each planned transaction, and sends nothing', async () => {
    const validator = await freshAccount(chain)
    const withdrawAccount = Wallet.createRandom().address
    const before = await observe(chain, validator.address)

    const result = await cliAs(chain, validator, [
      'register',
      '--amount',
      '10000KRO',
      '--commission-rate',
      '8',
      '--withdraw-account',
      withdrawAccount,
      '--dry-run',
    ])

    expect(result.exitCode, result.stderr).toBe(0)
    expect(await observe(chain, validator.address)).toEqual(before)
    const approveData = interfaces.erc20.encodeFunctionData('approve', [chain.addresses.assetManager, KRO(10_000)])
    const registerData = interfaces.validatorManager.encodeFunctionData('registerValidator', [KRO(10_000), 8, withdrawAccount])
    expect(result.stdout).toContain(`Dry run: nothing was signed or sent. 2 transaction(s) from ${validator.address} on chain ${chain.chainId}:`)
    expect(result.stdout).toContain(
      `1. approve\n   to:      ${chain.addresses.kroToken}\n   value:   0\n   chainId: ${chain.chainId}\n   data:    ${approveData}\n`,
    )
    expect(result.stdout).toContain(
      `2. registerValidator\n   to:      ${chain.addresses.validatorManager}\n   value:   0\n   chainId: ${chain.chainId}\n   data:    ${registerData}\n`,
    )
    expect(result.stderr).not.toMatch(/Sent /)
  })

  it('--dry-run --json: the planned calls decode to the expected functions and arguments', async () => {
    const validator = await freshAccount(chain)
    const withdrawAccount = Wallet.createRandom().address
    const before = await observe(chain, validator.address)

    const result = await cliAs(chain, validator, [
      'register',
      '--amount',
      '12500.5KRO',
      '--commission-rate',
      '100',
      '--withdraw-account',
      withdrawAccount,
      '--dry-run',
      '--json',
    ])

    expect(result.exitCode, result.stderr).toBe(0)
    expect(await observe(chain, validator.address)).toEqual(before)
    const document = jsonOf<DryRunJson>(result)
    expect(document).toMatchObject({ dryRun: true, chainId: Number(chain.chainId), from: validator.address, validator: validator.address })
    expect(document.transactions.map((tx) => [tx.function, tx.to, tx.value, tx.chainId])).toEqual([
      ['approve', chain.addresses.kroToken, '0', Number(chain.chainId)],
      ['registerValidator', chain.addresses.validatorManager, '0', Number(chain.chainId)],
    ])
    const approve = interfaces.erc20.parseTransaction({ data: document.transactions[0]!.data })
    expect(approve?.name).toBe('approve')
    expect([...approve!.args]).toEqual([chain.addresses.assetManager, KRO('12500.5')])
    const register = interfaces.validatorManager.parseTransaction({ data: document.transactions[1]!.data })
    expect(register?.name).toBe('registerValidator')
    expect([...register!.args]).toEqual([KRO('12500.5'), 100n, withdrawAccount])
    expect(document.notices.join('\n')).toContain(`The withdraw account ${withdrawAccount} is permanent`)
  })

  it('--dry-run --json of a withdrawal, for a withdraw account that submits it elsewhere (a Safe)', async () => {
    const withdrawer = await freshAccount(chain, { kro: 0n })
    const validator = await registered(MIN_ACTIVATE, withdrawer.address)
    await chain.increaseTime(await chain.contracts.assetManager.MIN_DELEGATION_PERIOD())
    const before = await observe(chain, validator.address, withdrawer.address)

    const result = await cliAs(chain, withdrawer, ['withdraw', '--validator', validator.address, '--amount', 'max', '--dry-run', '--json'])

    expect(result.exitCode, result.stderr).toBe(0)
    expect(await observe(chain, validator.address, withdrawer.address)).toEqual(before)
    const [tx] = jsonOf<DryRunJson>(result).transactions
    expect(tx).toMatchObject({ to: chain.addresses.assetManager, function: 'withdraw', value: '0' })
    const decoded = interfaces.assetManager.decodeFunctionData('withdraw', tx!.data)
    expect([...decoded]).toEqual([validator.address, MIN_ACTIVATE])
  })

  it('--dry-run of activate for a READY validator, and the same refusals as a real run', async () => {
    const validator = await ready()
    const result = await cliAs(chain, validator, ['activate', '--dry-run', '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const [tx] = jsonOf<DryRunJson>(result).transactions
    expect(tx).toMatchObject({
      to: chain.addresses.validatorManager,
      function: 'activateValidator',
      data: interfaces.validatorManager.encodeFunctionData('activateValidator'),
      value: '0',
    })
    expect(BigInt(tx!.gasEstimate!)).toBeGreaterThan(21_000n)
    expect(await chain.contracts.validatorManager.getStatus(validator.address)).toBe(ValidatorStatus.READY)

    const notReady = await registered(MIN_REGISTER)
    const refused = await cliAs(chain, notReady, ['activate', '--dry-run', '--json'])
    expect(refused.exitCode).toBe(3)
    expect(errorOf(refused).code).toBe('WEIGHT_BELOW_MINIMUM')
  })
})

describe('JSON documents and chain checks', () => {
  it('a parse error with --json is still one JSON error document with exit code 2', async () => {
    const validator = await freshAccount(chain)
    const result = await cliAs(chain, validator, ['activate', '--json', '--no-such-flag'])
    expect(result.exitCode).toBe(2)
    expect(errorOf(result)).toMatchObject({ code: 'INVALID_USAGE', exitCode: 2 })
    expect(errorOf(result).message).toContain('--no-such-flag')
  })

  it.each([
    ['--confirmations', '0', /greater than or equal to 1/],
    ['--nonce', '-1', /greater than or equal to 0/],
    ['--timeout', 'abc', /integer/],
  ])('%s %s is invalid input whose message says what is accepted', async (flag, value, accepted) => {
    const validator = await registered(MIN_ACTIVATE)
    const before = await observe(chain, validator.address)
    const result = await cliAs(chain, validator, ['changeCommission', 'init', '--commission-rate', '20', `${flag}=${value}`])
    expectFailure(result, 2, accepted)
    expect(result.stderr.split('\n')[0]).toContain(flag)
    expect(await observe(chain, validator.address)).toEqual(before)
  })

  it('a stated chain id that does not match the RPC stops the command before anything is signed (exit 4)', async () => {
    const validator = await registered(MIN_ACTIVATE)
    const before = await observe(chain, validator.address)
    const flags = flagsFor(chain)
    flags[flags.indexOf('--chain-id') + 1] = '1'
    const result = await runCli(['changeCommission', 'init', '--commission-rate', '20', '--json', ...flags], {
      env: { VALIDATOR_PRIVATE_KEY: validator.privateKey },
    })
    expect(result.exitCode).toBe(4)
    expect(errorOf(result)).toMatchObject({ code: 'WRONG_CHAIN', exitCode: 4 })
    expect(await observe(chain, validator.address)).toEqual(before)
  })
})

describe('keystore signing', () => {
  let dir: string
  let validator: TestAccount
  let keystore: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kroma-validator-keystore-'))
    validator = await registered(MIN_ACTIVATE)
    keystore = join(dir, 'validator.json')
    writeFileSync(
      keystore,
      await encryptKeystoreJson({ address: validator.address, privateKey: validator.privateKey }, 'correct horse', { scrypt: { N: 1024 } }),
    )
    writeFileSync(join(dir, 'password'), 'correct horse\n')
    writeFileSync(join(dir, 'wrong'), 'battery staple\n')
  })

  it('--keystore with --password-file signs and sends', async () => {
    const before = await observe(chain, validator.address)
    const result = await cliAs(chain, undefined, [
      'changeCommission',
      'init',
      '--commission-rate',
      '33',
      '--keystore',
      keystore,
      '--password-file',
      join(dir, 'password'),
      '--json',
    ])
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<SentJson>(result)
    await expectTransactionsOnChain(chain, document.transactions, validator.address)
    expect(await chain.contracts.validatorManager.getPendingCommissionRate(validator.address)).toBe(33n)
    expect((await observe(chain, validator.address)).nonce).toBe(before.nonce + 1)
  })

  it('a wrong password is a signer problem (exit 6) and nothing is sent', async () => {
    const before = await observe(chain, validator.address)
    const result = await cliAs(chain, undefined, [
      'changeCommission',
      'init',
      '--commission-rate',
      '44',
      '--keystore',
      keystore,
      '--password-file',
      join(dir, 'wrong'),
    ])
    expectFailure(result, 6, 'Wrong keystore password')
    expect(result.stderr).not.toContain('battery staple')
    expect(await observe(chain, validator.address)).toEqual(before)
    const json = await cliAs(chain, undefined, [
      'changeCommission',
      'init',
      '--commission-rate',
      '44',
      '--keystore',
      keystore,
      '--password-file',
      join(dir, 'wrong'),
      '--json',
    ])
    expect(errorOf(json)).toMatchObject({ code: 'KEYSTORE_WRONG_PASSWORD', exitCode: 6 })
    expect(await observe(chain, validator.address)).toEqual(before)
  })

  it('without a password file and without a terminal: exit 6, saying to pass --password-file', async () => {
    const before = await observe(chain, validator.address)
    const result = await cliAs(chain, undefined, ['changeCommission', 'init', '--commission-rate', '44', '--keystore', keystore])
    expectFailure(result, 6, 'there is no terminal to ask for it')
    expect(result.stderr).toContain('--password-file')
    expect(await observe(chain, validator.address)).toEqual(before)
  })

  it('on a terminal the password is asked (hidden) after the confirmation, then the transaction is sent', async () => {
    const result = await runCliInPty(['changeCommission', 'init', '--commission-rate', '55', '--keystore', keystore, ...flagsFor(chain)], {
      steps: [
        ['Send this transaction\\?', 'y\r'],
        ['Password for keystore', 'correct horse\r'],
      ],
    })
    expect(result.answered).toHaveLength(2)
    expect(result.exitCode, result.tty).toBe(0)
    expect(result.tty).not.toContain('correct horse')
    expect(result.stdout).toMatch(/^Commission change to 55% initiated/)
    expect(await chain.contracts.validatorManager.getPendingCommissionRate(validator.address)).toBe(55n)
  })
})

describe('the confirmation prompt (pseudo-terminal)', () => {
  const prompt = 'Send this transaction\\?'

  it('"n" declines: exit 130, nothing sent', async () => {
    const validator = await registered(MIN_ACTIVATE)
    const before = await observe(chain, validator.address)
    const result = await runCliInPty(['changeCommission', 'init', '--commission-rate', '20', ...flagsFor(chain)], {
      env: { VALIDATOR_PRIVATE_KEY: validator.privateKey },
      steps: [[prompt, 'n\r']],
    })
    expect(result.answered).toEqual([prompt])
    expect(result.exitCode, result.tty).toBe(130)
    expect(result.tty).toContain('Declined; nothing was sent.')
    expect(result.tty).toContain('newCommissionRate: 20%') // the plan was shown before the question
    expect(result.stdout).toBe('')
    expect(await observe(chain, validator.address)).toEqual(before)
  })

  it('Enter alone takes the default, which is no', async () => {
    const validator = await registered(MIN_ACTIVATE)
    const before = await observe(chain, validator.address)
    const result = await runCliInPty(['changeCommission', 'init', '--commission-rate', '20', ...flagsFor(chain)], {
      env: { VALIDATOR_PRIVATE_KEY: validator.privateKey },
      steps: [[prompt, '\r']],
    })
    expect(result.exitCode, result.tty).toBe(130)
    expect(await observe(chain, validator.address)).toEqual(before)
  })

  it('"y" sends: the approve and the deposit are both confirmed by one answer', async () => {
    const validator = await registered(MIN_ACTIVATE)
    const before = await observe(chain, validator.address)
    const result = await runCliInPty(['depositKro', '--amount', '250KRO', ...flagsFor(chain)], {
      env: { VALIDATOR_PRIVATE_KEY: validator.privateKey },
      steps: [['Send these 2 transactions\\?', 'y\r']],
    })
    expect(result.exitCode, result.tty).toBe(0)
    expect(result.stdout).toBe('Deposited: own KRO 20,000 KRO → 20,250 KRO, status ACTIVE.\n')
    const after = await observe(chain, validator.address)
    expect(after.nonce).toBe(before.nonce + 2)
    expect(after.totalKro).toBe(before.totalKro + KRO(250))
  })

  it('--yes on a terminal sends without asking', async () => {
    const validator = await registered(MIN_ACTIVATE)
    const result = await runCliInPty(['changeCommission', 'init', '--commission-rate', '21', '--yes', ...flagsFor(chain)], {
      env: { VALIDATOR_PRIVATE_KEY: validator.privateKey },
      steps: [],
    })
    expect(result.exitCode, result.tty).toBe(0)
    expect(result.tty).not.toContain('Send this transaction?')
    expect(await chain.contracts.validatorManager.getPendingCommissionRate(validator.address)).toBe(21n)
  })
})

describe('after sending (automining off)', () => {
  it('a transaction that passed simulation but reverts when mined: exit 5 with its hash and the decoded error', async () => {
    const withdrawer = await freshAccount(chain, { kro: 0n })
    const validator = await ready(withdrawer.address)
    await chain.increaseTime(await chain.contracts.assetManager.MIN_DELEGATION_PERIOD())
    const nonce = await minedNonce(chain, validator.address)
    await chain.setAutomine(false)

    const running = cliAs(chain, validator, ['activate'])
    await waitUntil('the activate transaction is in the pool', async () => (await poolOf(chain, validator.address)).length === 1)
    const [pooled] = await poolOf(chain, validator.address)
    expect(Number(BigInt(pooled!.nonce))).toBe(nonce)

    // The withdraw account takes 1 wei out first (a higher tip orders it first): the validator
    // falls below the registration minimum and is no longer READY.
    const front = await chain.wallet(withdrawer.privateKey).sendTransaction({
      to: chain.addresses.assetManager,
      data: interfaces.assetManager.encodeFunctionData('withdraw', [validator.address, 1n]),
      maxPriorityFeePerGas: 50_000_000_000n,
      maxFeePerGas: 100_000_000_000n,
      gasLimit: 300_000n,
    })
    await waitUntil('the withdrawal is in the pool', async () => (await poolOf(chain, withdrawer.address)).length === 1)
    await chain.provider.send('evm_mine', [])
    const result = await running

    expectFailure(result, 5, /activateValidator was mined in block \d+ but reverted \(ImproperValidatorStatus: /)
    const [, sentHash] = /^Sent activateValidator (0x[0-9a-f]{64})$/m.exec(result.stderr) ?? []
    expect(sentHash).toBe(pooled!.hash)
    expect(result.stderr).toContain(`Transaction ${pooled!.hash}.`)
    const receipt = await chain.provider.getTransactionReceipt(pooled!.hash)
    expect(receipt?.status).toBe(0)
    const frontReceipt = await chain.provider.getTransactionReceipt(front.hash)
    expect(frontReceipt?.status).toBe(1)
    expect(frontReceipt!.blockNumber).toBe(receipt!.blockNumber)
    expect(frontReceipt!.index).toBeLessThan(receipt!.index)
    expect(await chain.contracts.validatorManager.getStatus(validator.address)).toBe(ValidatorStatus.EXITED)
  })

  it('nothing mined within --timeout: exit 5 with the hash and the --nonce hint; a replacement at that nonce with higher fees is mined instead', async () => {
    const validator = await registered(MIN_ACTIVATE, undefined, 10)
    const nonce = await minedNonce(chain, validator.address)
    await chain.setAutomine(false)

    const timedOut = await cliAs(chain, validator, ['changeCommission', 'init', '--commission-rate', '20', '--timeout', '2'])

    expectFailure(timedOut, 5, /^Error: initCommissionChange (0x[0-9a-f]{64}) was not mined within 2s\.$/m)
    const stuckHash = /^Error: initCommissionChange (0x[0-9a-f]{64})/m.exec(timedOut.stderr)![1]!
    expect(timedOut.stderr).toContain(`re-run the same command with --nonce ${nonce} and a higher --max-fee-per-gas and --max-priority-fee-per-gas`)
    expect(timedOut.stderr).not.toMatch(/\(node:\d+\) \w*Warning/)
    expect((await poolOf(chain, validator.address)).map((tx) => tx.hash)).toEqual([stuckHash])
    expect(await pendingNonce(chain, validator.address)).toBe(nonce + 1)

    // A second run without --nonce refuses to send beside the pending transaction.
    const beside = await cliAs(chain, validator, ['changeCommission', 'init', '--commission-rate', '30', '--json'])
    expect(beside.exitCode).toBe(3)
    expect(errorOf(beside)).toMatchObject({ code: 'PENDING_TRANSACTIONS' })
    expect((await poolOf(chain, validator.address)).map((tx) => tx.hash)).toEqual([stuckHash])

    // The same nonce without a fee bump cannot replace it.
    const underpriced = await cliAs(chain, validator, ['changeCommission', 'init', '--commission-rate', '30', '--nonce', String(nonce), '--json'])
    expect(underpriced.exitCode, underpriced.stdout).toBe(3)
    expect(errorOf(underpriced)).toMatchObject({ code: 'REPLACEMENT_UNDERPRICED' })
    expect((await poolOf(chain, validator.address)).map((tx) => tx.hash)).toEqual([stuckHash])

    // --nonce with higher fees replaces it; it is mined, the stuck one never is.
    const replacing = cliAs(chain, validator, [
      'changeCommission',
      'init',
      '--commission-rate',
      '30',
      '--nonce',
      String(nonce),
      '--max-fee-per-gas',
      '100gwei',
      '--max-priority-fee-per-gas',
      '10gwei',
      '--json',
    ])
    await waitUntil('the replacement is in the pool', async () => {
      const pool = await poolOf(chain, validator.address)
      return pool.length === 1 && pool[0]!.hash !== stuckHash
    })
    await chain.provider.send('evm_mine', [])
    const replaced = await replacing

    expect(replaced.exitCode, replaced.stderr).toBe(0)
    const document = jsonOf<SentJson>(replaced)
    const [receipt] = await expectTransactionsOnChain(chain, document.transactions, validator.address)
    expect(document.transactions[0]!.hash).not.toBe(stuckHash)
    const call = await calledFunction(chain, document.transactions[0]!.hash)
    expect(call).toMatchObject({ name: 'initCommissionChange', nonce, args: [30n] })
    const mined = await chain.provider.getTransaction(receipt!.hash)
    expect(mined?.maxPriorityFeePerGas).toBe(10_000_000_000n)
    expect(mined?.maxFeePerGas).toBe(100_000_000_000n)
    expect(await chain.provider.getTransactionReceipt(stuckHash)).toBeNull()
    expect(await chain.provider.getTransaction(stuckHash)).toBeNull()
    expect(await chain.contracts.validatorManager.getPendingCommissionRate(validator.address)).toBe(30n)
    expect(await minedNonce(chain, validator.address)).toBe(nonce + 1)
  })

  it('--nonce is the nonce of the first transaction and the next one follows it', async () => {
    const validator = await registered(MIN_ACTIVATE)
    const nonce = await minedNonce(chain, validator.address)
    const result = await cliAs(chain, validator, ['depositKro', '--amount', '1KRO', '--nonce', String(nonce), '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<SentJson>(result)
    const calls = await Promise.all(document.transactions.map((tx) => calledFunction(chain, tx.hash)))
    expect(calls.map((call) => [call.name, call.nonce])).toEqual([
      ['approve', nonce],
      ['deposit', nonce + 1],
    ])
  })
})

describe('fee and gas flags', () => {
  it('--gas-limit, --max-fee-per-gas and --max-priority-fee-per-gas are what the transaction is sent with', async () => {
    const validator = await registered(MIN_ACTIVATE)
    const result = await cliAs(chain, validator, [
      'changeCommission',
      'init',
      '--commission-rate',
      '20',
      '--gas-limit',
      '200000',
      '--max-fee-per-gas',
      '30gwei',
      '--max-priority-fee-per-gas',
      '1.5 gwei',
      '--json',
    ])
    expect(result.exitCode, result.stderr).toBe(0)
    const [tx] = jsonOf<SentJson>(result).transactions
    const sent = await chain.provider.getTransaction(tx!.hash)
    expect(sent?.gasLimit).toBe(200_000n)
    expect(sent?.maxFeePerGas).toBe(30_000_000_000n)
    expect(sent?.maxPriorityFeePerGas).toBe(1_500_000_000n)
  })

  it('a --gas-limit below what the call needs is refused before signing instead of burning the fee', async () => {
    const validator = await registered(MIN_ACTIVATE)
    const estimate = await chain.provider.estimateGas({
      from: validator.address,
      to: chain.addresses.validatorManager,
      data: interfaces.validatorManager.encodeFunctionData('initCommissionChange', [20]),
    })
    const limit = estimate - 1_000n
    const { error } = await expectRefusal(
      chain,
      validator,
      validator.address,
      ['changeCommission', 'init', '--commission-rate', '20', '--gas-limit', limit.toString()],
      'GAS_LIMIT_TOO_LOW',
      `--gas-limit ${limit} is below the ${estimate} gas initCommissionChange needs`,
    )
    expect(error.suggestions.join(' ')).toContain('--gas-limit')
  })

  it('a max fee below the base fee is rejected by the node: a clear refusal, nothing sent', async () => {
    const validator = await registered(MIN_ACTIVATE)
    const baseFee = 1_000_000_000n
    await chain.provider.send('anvil_setNextBlockBaseFeePerGas', [`0x${baseFee.toString(16)}`])
    const maxFee = (baseFee - 1n).toString()
    const args = ['changeCommission', 'init', '--commission-rate', '20', '--max-fee-per-gas', maxFee, '--max-priority-fee-per-gas', '1']
    const { error } = await expectRefusal(
      chain,
      validator,
      validator.address,
      args,
      'BROADCAST_REJECTED',
      /The node refused initCommissionChange: max fee per gas less than block base fee.*Nothing was sent/,
    )
    expect(error.suggestions.join(' ')).toContain('--max-fee-per-gas')
  })
})
