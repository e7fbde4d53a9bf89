// The V1 ValidatorPool, end to end through bin/run.js on anvil: `pool status` against direct
// reads, withdraw / withdraw-to / unbond with the balances after, every refusal leaving the nonce
// and the pool as they were, and a Safe's withdrawal planned as a Transaction Builder batch that
// decodes to the planned call, carries the right checksum, and works when the Safe executes it.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Wallet, keccak256, parseEther, toUtf8Bytes, type TransactionReceipt } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { runCli } from '../helpers/cli.js'
import {
  cliAs,
  errorOf,
  expectFailure,
  expectTransactionsOnChain,
  freshAccount,
  interfaces,
  jsonOf,
  minedNonce,
  pendingNonce,
  type SentTransactionJson,
  type TestAccount,
} from '../helpers/e2e.js'
import { SafeLikeWallet__factory, ValidatorPool__factory, type SafeLikeWallet, type ValidatorPool } from '../helpers/types/index.js'

let chain: TestChain
let pool: ValidatorPool
let poolAddress: string
const poolAbi = interfaces.validatorPool

beforeAll(async () => {
  chain = await startTestChain()
  poolAddress = chain.addresses.validatorPool
  // The deployer drives the model's test hooks (the pool's history: deposits, bonds).
  pool = ValidatorPool__factory.connect(poolAddress, chain.wallet(chain.accounts[0]!.privateKey))
})
afterAll(async () => {
  await chain?.stop()
})

async function mined(pending: Promise<{ wait(): Promise<TransactionReceipt | null> }>): Promise<TransactionReceipt> {
  const receipt = await (await pending).wait()
  if (receipt === null) throw new Error('no receipt')
  return receipt
}

/** A fresh account with `deposit` in the pool, `expiredBonds` of it bonded and already unbondable. */
async function depositor(deposit: bigint, expiredBonds = 0): Promise<TestAccount> {
  const account = await freshAccount(chain, { kro: 0n })
  await mined(pool.getFunction('testCredit').send(account.address, { value: deposit }))
  for (let bond = 0; bond < expiredBonds; bond++) await mined(pool.getFunction('testCreateBond').send(account.address, 1n))
  return account
}

const balanceOf = (address: string): Promise<bigint> => pool.getFunction('balanceOf')(address)

/** Every expired bond released, so the next unbond has nothing to do unless a test makes one. */
async function releaseExpiredBonds(): Promise<void> {
  try {
    await mined(pool.getFunction('unbond').send())
  } catch {
    // Nothing to release.
  }
}

const poolFlags = () => ['--validator-pool', poolAddress]
const pooled = (account: TestAccount | undefined, args: string[], env: Record<string, string> = {}) => cliAs(chain, account, [...args, ...poolFlags()], { env })

/** ETH paid for a transaction's gas. */
const gasCost = (receipt: TransactionReceipt): bigint => receipt.gasUsed * receipt.gasPrice

interface PoolStatusDocument {
  address: string
  pool: string
  balance: string
  terminated: boolean
  terminateOutputIndex: string
  requiredBondAmount: string
  unbondable: boolean
  blockNumber: number
  steps: Array<{ kind: string; amount: string | null; signer: string; possibleNow: boolean; command: string }>
}

describe('pool status', () => {
  it('shows what the pool holds, as the contract answers it', async () => {
    const account = await depositor(parseEther('1'), 1)
    const result = await pooled(undefined, ['pool', 'status', account.address, '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const status = jsonOf<PoolStatusDocument>(result)
    const [balance, required, terminateIndex] = await Promise.all([
      balanceOf(account.address),
      pool.getFunction('REQUIRED_BOND_AMOUNT')(),
      pool.getFunction('TERMINATE_OUTPUT_INDEX')(),
    ])
    expect(status).toMatchObject({
      address: account.address,
      pool: poolAddress,
      balance: balance.toString(),
      terminated: true,
      terminateOutputIndex: String(terminateIndex),
      requiredBondAmount: String(required),
      unbondable: true,
    })
    expect(balance).toBe(parseEther('0.8'))
    // Terminated means what the contract does: a deposit is refused.
    await expect(pool.getFunction('deposit').staticCall({ value: 1n })).rejects.toThrow(/only can deposit to ValidatorPool before terminated/)
    expect(status.steps.map((step) => [step.kind, step.amount, step.possibleNow])).toEqual([
      ['pool-unbond', null, true],
      ['pool-withdraw', balance.toString(), true],
    ])
    expect(status.steps[1]!.command).toBe('kroma-validator pool withdraw --amount max')

    const text = await pooled(undefined, ['pool', 'status', account.address])
    expect(text.exitCode, text.stderr).toBe(0)
    expect(text.stdout).toContain('0.8 ETH')
    expect(text.stdout).toContain('terminated')
    expect(text.stdout).toContain('kroma-validator pool unbond')
  })

  it('finds the pool through VALIDATOR_VALPOOL_ADDRESS and through the saved configuration', async () => {
    const account = await depositor(parseEther('0.3'))
    const fromEnv = await cliAs(chain, undefined, ['pool', 'status', account.address, '--json'], { env: { VALIDATOR_VALPOOL_ADDRESS: poolAddress } })
    expect(fromEnv.exitCode, fromEnv.stderr).toBe(0)
    expect(jsonOf<PoolStatusDocument>(fromEnv).balance).toBe(parseEther('0.3').toString())

    const configDir = mkdtempSync(join(tmpdir(), 'kroma-validator-config-'))
    const set = await runCli(['config', 'set', 'validator-pool', poolAddress.toLowerCase()], { env: { KROMA_VALIDATOR_CONFIG_DIR: configDir } })
    expect(set.exitCode, set.stderr).toBe(0)
    expect(set.stdout).toContain(poolAddress)
    const fromConfig = await cliAs(chain, undefined, ['pool', 'status', account.address, '--json'], { env: { KROMA_VALIDATOR_CONFIG_DIR: configDir } })
    expect(fromConfig.exitCode, fromConfig.stderr).toBe(0)
    expect(jsonOf<PoolStatusDocument>(fromConfig).balance).toBe(parseEther('0.3').toString())
  })

  it('defaults to the signer, and says nothing is left when nothing is', async () => {
    const account = await freshAccount(chain, { kro: 0n })
    await releaseExpiredBonds()
    const result = await pooled(account, ['pool', 'status', '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(jsonOf<PoolStatusDocument>(result)).toMatchObject({ address: account.address, balance: '0', unbondable: false, steps: [] })
  })

  it('without a pool address on a custom deployment: exit 2 naming the ways to give it', async () => {
    const result = await cliAs(chain, undefined, ['pool', 'status', chain.accounts[1]!.address])
    expectFailure(result, 2, 'No ValidatorPool address is set')
    expect(result.stderr).toContain('VALIDATOR_VALPOOL_ADDRESS')
  })

  it('an address with no pool behind it: exit 4', async () => {
    const result = await cliAs(chain, undefined, ['pool', 'status', chain.accounts[1]!.address, '--validator-pool', chain.addresses.kroToken])
    expectFailure(result, 4, `No V1 ValidatorPool answers at ${chain.addresses.kroToken}`)
  })
})

describe('pool withdraw, withdraw-to, unbond: success', () => {
  it('withdraw: the ETH comes back to the signer', async () => {
    const account = await depositor(parseEther('1'))
    const before = await chain.provider.getBalance(account.address)
    const result = await pooled(account, ['pool', 'withdraw', '--amount', '0.25ETH', '--yes', '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<{ transactions: SentTransactionJson[]; outcome: string; pool: PoolStatusDocument }>(result)
    const [receipt] = await expectTransactionsOnChain(chain, document.transactions, account.address)
    expect(poolAbi.parseTransaction({ data: (await chain.provider.getTransaction(receipt!.hash))!.data })).toMatchObject({
      name: 'withdraw',
      args: [parseEther('0.25')],
    })
    expect(await balanceOf(account.address)).toBe(parseEther('0.75'))
    expect(await chain.provider.getBalance(account.address)).toBe(before + parseEther('0.25') - gasCost(receipt!))
    expect(document.pool.balance).toBe(parseEther('0.75').toString())
    expect(document.outcome).toContain('Withdrawn 0.25 ETH')
  })

  it('withdraw --amount max empties the balance', async () => {
    const account = await depositor(parseEther('0.6'))
    const result = await pooled(account, ['pool', 'withdraw', '--amount', 'max', '--yes'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toContain('Withdrawn 0.6 ETH')
    expect(await balanceOf(account.address)).toBe(0n)
  })

  it('withdraw-to: the ETH goes to the recipient, the gas to the signer', async () => {
    const account = await depositor(parseEther('0.5'))
    const recipient = Wallet.createRandom().address
    const result = await pooled(account, ['pool', 'withdraw-to', '--to', recipient, '--amount', 'max', '--yes', '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<{ transactions: SentTransactionJson[] }>(result)
    const [receipt] = await expectTransactionsOnChain(chain, document.transactions, account.address)
    expect(poolAbi.parseTransaction({ data: (await chain.provider.getTransaction(receipt!.hash))!.data })).toMatchObject({
      name: 'withdrawTo',
      args: [recipient, parseEther('0.5')],
    })
    expect(await chain.provider.getBalance(recipient)).toBe(parseEther('0.5'))
    expect(await balanceOf(account.address)).toBe(0n)
  })

  it('unbond: an expired bond goes back into the balance, with the Unbonded event', async () => {
    await releaseExpiredBonds()
    const account = await depositor(parseEther('1'), 2)
    expect(await balanceOf(account.address)).toBe(parseEther('0.6'))
    const result = await pooled(account, ['pool', 'unbond', '--yes', '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<{ transactions: SentTransactionJson[]; pool: PoolStatusDocument; unbonded: string }>(result)
    const [receipt] = await expectTransactionsOnChain(chain, document.transactions, account.address)
    const unbonded = receipt!.logs.map((log) => poolAbi.parseLog(log)).filter((parsed) => parsed?.name === 'Unbonded')
    expect(unbonded.map((parsed): unknown[] => [parsed!.args.recipient, parsed!.args.amount])).toEqual([
      [account.address, parseEther('0.2')],
      [account.address, parseEther('0.2')],
    ])
    expect(await balanceOf(account.address)).toBe(parseEther('1'))
    expect(document.pool).toMatchObject({ balance: parseEther('1').toString(), unbondable: false })
    // What the released bonds added to the signer's balance: the sum of its Unbonded events.
    expect(document.unbonded).toBe(parseEther('0.4').toString())
  })

  it("unbond of other validators' bonds only: the signer's balance is unchanged, unbonded 0", async () => {
    await releaseExpiredBonds()
    const submitter = await depositor(parseEther('1'), 1)
    const sender = await depositor(parseEther('0.3'))
    const result = await pooled(sender, ['pool', 'unbond', '--yes', '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<{ transactions: SentTransactionJson[]; pool: PoolStatusDocument; unbonded: string; outcome: string }>(result)
    const [receipt] = await expectTransactionsOnChain(chain, document.transactions, sender.address)
    const recipients = receipt!.logs
      .map((log) => poolAbi.parseLog(log))
      .flatMap((parsed): unknown[] => (parsed?.name === 'Unbonded' ? [parsed.args.recipient] : []))
    expect(recipients).toEqual([submitter.address])
    expect(document.unbonded).toBe('0')
    expect(document.pool.balance).toBe(parseEther('0.3').toString())
    expect(await balanceOf(submitter.address)).toBe(parseEther('1'))
    expect(document.outcome).toContain('the released bonds belonged to other validators')
  })
})

describe('pool refusals: exit 3, nothing sent', () => {
  /** Runs a refused command as text and as --json: the reason, and the nonce and pool balance unchanged. */
  async function expectPoolRefusal(account: TestAccount, args: string[], code: string, message: string) {
    const before = {
      balance: await balanceOf(account.address),
      nonce: await pendingNonce(chain, account.address),
      mined: await minedNonce(chain, account.address),
    }
    expectFailure(await pooled(account, args), 3, message)
    const json = await pooled(account, [...args, '--json'])
    expect(json.exitCode, json.stdout).toBe(3)
    expect(errorOf(json)).toMatchObject({ code, exitCode: 3 })
    expect(errorOf(json).message).toContain(message)
    expect({
      balance: await balanceOf(account.address),
      nonce: await pendingNonce(chain, account.address),
      mined: await minedNonce(chain, account.address),
    }).toEqual(before)
  }

  it('withdraw above the balance', async () => {
    const account = await depositor(parseEther('0.4'))
    await expectPoolRefusal(account, ['pool', 'withdraw', '--amount', '0.5ETH', '--yes'], 'INSUFFICIENT_POOL_BALANCE', 'is more than the 0.4 ETH')
  })

  it('withdraw with nothing in the pool', async () => {
    await releaseExpiredBonds()
    const account = await freshAccount(chain, { kro: 0n })
    await expectPoolRefusal(account, ['pool', 'withdraw', '--amount', 'max', '--yes'], 'NOTHING_IN_POOL', 'has no ETH in the V1 ValidatorPool')
  })

  it('withdraw-to the zero address', async () => {
    const account = await depositor(parseEther('0.4'))
    await expectPoolRefusal(
      account,
      ['pool', 'withdraw-to', '--to', '0x0000000000000000000000000000000000000000', '--amount', 'max', '--yes'],
      'ZERO_ADDRESS',
      'ValidatorPool: cannot withdraw to the zero address',
    )
  })

  it('unbond with no expired bond: before and after a bond that has not expired yet', async () => {
    await releaseExpiredBonds()
    const account = await depositor(parseEther('0.4'))
    await expectPoolRefusal(account, ['pool', 'unbond', '--yes'], 'NO_BOND_TO_UNBOND', 'ValidatorPool: no bond that can be unbond')
    // A bond still running blocks the ones after it, as on chain.
    const expiresAt = (await chain.latestTimestamp()) + 3600n
    await mined(pool.getFunction('testCreateBond').send(account.address, expiresAt))
    await expectPoolRefusal(account, ['pool', 'unbond', '--yes'], 'NO_BOND_TO_UNBOND', 'no bond has expired')
    // Once it has expired, the same command goes through.
    await chain.increaseTime(3600)
    const result = await pooled(account, ['pool', 'unbond', '--yes'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(await balanceOf(account.address)).toBe(parseEther('0.4'))
  })

  it('a revert the checks cannot foresee is decoded from its reason string', async () => {
    const account = await depositor(parseEther('0.4'))
    // The pool cannot receive ETH, so sending it there fails inside the pool.
    await expectPoolRefusal(
      account,
      ['pool', 'withdraw-to', '--to', poolAddress, '--amount', '0.1ETH', '--yes'],
      'SIMULATION_REVERTED',
      'ValidatorPool: ETH transfer failed',
    )
  })

  it('amounts are ETH: a bare decimal or another unit is bad input (exit 2)', async () => {
    const account = await depositor(parseEther('0.4'))
    expectFailure(await pooled(account, ['pool', 'withdraw', '--amount', '0.5', '--yes']), 2, 'a decimal needs the ETH unit')
    expectFailure(await pooled(account, ['pool', 'withdraw', '--amount', '5KRO', '--yes']), 2, 'the unit here is ETH (or wei)')
  })
})

// ----------------------------------------------------------------------------------- Safe

/** A Safe stand-in owned by `owner`: `wallet` is it, connected to the owner's key. */
async function deploySafe(owner: TestAccount): Promise<{ safe: string; wallet: SafeLikeWallet }> {
  const wallet = await (await new SafeLikeWallet__factory(chain.wallet(owner.privateKey)).deploy(owner.address)).waitForDeployment()
  return { safe: await wallet.getAddress(), wallet }
}

/** The Transaction Builder's checksum, written out again here from its description. */
function independentChecksum(batch: SafeBatchDocument): string {
  const serialise = (value: unknown): string => {
    if (Array.isArray(value)) return '[' + value.map((item) => serialise(item)).join(',') + ']'
    if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value).sort()
      let out = '{' + JSON.stringify(keys)
      for (const key of keys) out += serialise((value as Record<string, unknown>)[key]) + ','
      return out + '}'
    }
    return value === undefined ? 'null' : JSON.stringify(value)
  }
  const meta: Record<string, unknown> = { ...batch.meta, name: null }
  delete meta.checksum
  return keccak256(toUtf8Bytes(serialise({ ...batch, meta })))
}

interface SafeBatchDocument {
  version: string
  chainId: string
  createdAt: number
  meta: { name: string; description: string; txBuilderVersion: string; createdFromSafeAddress: string; createdFromOwnerAddress: string; checksum: string }
  transactions: Array<{
    to: string
    value: string
    data: string
    contractMethod: { inputs: Array<{ internalType: string; name: string; type: string }>; name: string; payable: boolean }
    contractInputsValues: Record<string, string>
  }>
}

describe('a Safe as the sender: --from with --dry-run, --safe-tx-file', () => {
  it('plans the withdrawal as the Safe and writes a batch that decodes to it, with the checksum, and works when executed', async () => {
    const owner = await freshAccount(chain, { kro: 0n })
    const { safe, wallet } = await deploySafe(owner)
    await mined(pool.getFunction('testCredit').send(safe, { value: parseEther('1.5') }))
    const file = join(mkdtempSync(join(tmpdir(), 'kroma-safe-')), 'pool-withdraw.json')
    const startedAt = Date.now()

    // No signer at all: the Safe is only planned for.
    const result = await pooled(undefined, ['pool', 'withdraw', '--amount', 'max', '--from', safe, '--dry-run', '--safe-tx-file', file, '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const planned = jsonOf<{ dryRun: boolean; from: string; safeTxFile: string; transactions: Array<{ to: string; data: string }> }>(result)
    expect(planned).toMatchObject({ dryRun: true, from: safe, safeTxFile: file })

    const batch = JSON.parse(readFileSync(file, 'utf8')) as SafeBatchDocument
    expect(batch.version).toBe('1.0')
    expect(batch.chainId).toBe(String(chain.chainId))
    expect(batch.createdAt).toBeGreaterThanOrEqual(startedAt)
    expect(batch.createdAt).toBeLessThanOrEqual(Date.now())
    expect(batch.meta).toMatchObject({ name: 'kroma-validator pool withdraw', createdFromSafeAddress: safe, createdFromOwnerAddress: '' })
    expect(batch.meta.txBuilderVersion).toMatch(/^\d+\.\d+\.\d+$/)
    expect(batch.meta.checksum).toBe(independentChecksum(batch))
    expect(batch.transactions).toHaveLength(1)
    const [tx] = batch.transactions
    expect(tx).toMatchObject({
      to: poolAddress,
      value: '0',
      data: planned.transactions[0]!.data,
      contractMethod: { name: 'withdraw', payable: false, inputs: [{ internalType: 'uint256', name: '_amount', type: 'uint256' }] },
      contractInputsValues: { _amount: parseEther('1.5').toString() },
    })
    expect(poolAbi.parseTransaction({ data: tx!.data })).toMatchObject({ name: 'withdraw', args: [parseEther('1.5')] })

    // The Safe's owner executes the batch's call from the Safe: the ETH lands in the Safe.
    await mined(wallet.getFunction('execTransaction').send(tx!.to, BigInt(tx!.value), tx!.data))
    expect(await chain.provider.getBalance(safe)).toBe(parseEther('1.5'))
    expect(await balanceOf(safe)).toBe(0n)
  })

  it('the checks run as the Safe: its refusals, not the signer’s', async () => {
    const owner = await freshAccount(chain, { kro: 0n })
    const { safe } = await deploySafe(owner)
    // A signer with ETH in the pool is configured, but the plan is for the empty Safe.
    const signer = await depositor(parseEther('1'))
    const result = await pooled(signer, ['pool', 'withdraw', '--amount', 'max', '--from', safe, '--dry-run'])
    expectFailure(result, 3, `${safe} has no ETH in the V1 ValidatorPool`)
  })

  it('--from or --safe-tx-file without --dry-run: exit 2, nothing sent', async () => {
    const account = await depositor(parseEther('0.4'))
    const nonce = await pendingNonce(chain, account.address)
    expectFailure(
      await pooled(account, ['pool', 'withdraw', '--amount', 'max', '--from', account.address, '--yes']),
      2,
      '--from plans for a sender the CLI cannot sign for',
    )
    expectFailure(
      await pooled(account, ['pool', 'withdraw', '--amount', 'max', '--safe-tx-file', join(tmpdir(), 'never.json'), '--yes']),
      2,
      '--safe-tx-file writes the plan for a Safe',
    )
    expect(await pendingNonce(chain, account.address)).toBe(nonce)
    expect(await balanceOf(account.address)).toBe(parseEther('0.4'))
  })

  it('works on the other sending commands too: withdraw of a validator whose withdraw account is a Safe', async () => {
    const owner = await freshAccount(chain, { kro: 0n })
    const { safe, wallet } = await deploySafe(owner)
    const validator = await freshAccount(chain)
    await chain.registerValidator(validator.privateKey, chain.params.minRegisterAmount, 10, safe)
    await chain.increaseTime(chain.params.minDelegationPeriod)
    const file = join(mkdtempSync(join(tmpdir(), 'kroma-safe-')), 'withdraw.json')
    const result = await cliAs(chain, undefined, [
      'withdraw',
      '--validator',
      validator.address,
      '--amount',
      'max',
      '--from',
      safe,
      '--dry-run',
      '--safe-tx-file',
      file,
    ])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toContain(`Safe Transaction Builder batch written to ${file}`)
    const batch = JSON.parse(readFileSync(file, 'utf8')) as SafeBatchDocument
    expect(batch.meta.checksum).toBe(independentChecksum(batch))
    expect(batch.transactions[0]).toMatchObject({
      to: chain.addresses.assetManager,
      contractMethod: {
        name: 'withdraw',
        inputs: [
          { name: 'validator', type: 'address' },
          { name: 'assets', type: 'uint128' },
        ],
      },
      contractInputsValues: { validator: validator.address, assets: chain.params.minRegisterAmount.toString() },
    })
    await mined(wallet.getFunction('execTransaction').send(batch.transactions[0]!.to, 0n, batch.transactions[0]!.data))
    expect(await chain.kroBalance(safe)).toBe(chain.params.minRegisterAmount)
  })
})
