// Stuck and replaced transactions, end to end through bin/run.js on anvil with automining off:
// the --timeout message and its --nonce hint, a speed-up with --nonce and higher fees, a
// replacement by another tool (a different call, or the same call), and Ctrl-C while waiting.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { startCli } from '../helpers/cli.js'
import {
  KRO,
  cliAs,
  errorOf,
  expectFailure,
  flagsFor,
  freshAccount,
  interfaces,
  jsonOf,
  minedNonce,
  pendingNonce,
  poolOf,
  waitUntil,
  type TestAccount,
} from '../helpers/e2e.js'

let chain: TestChain
let delay: bigint

beforeAll(async () => {
  chain = await startTestChain()
  delay = await chain.contracts.validatorManager.COMMISSION_CHANGE_DELAY_SECONDS()
})
afterEach(async () => {
  // Whatever a test left in the pool is mined, so the next test starts from a quiet chain.
  await chain.setAutomine(true)
  await chain.mine(1)
})
afterAll(async () => {
  await chain?.stop()
})

/** A registered validator at 10% commission; automining is still on when it returns. */
async function validator(): Promise<TestAccount> {
  const account = await freshAccount(chain, { kro: KRO(50_000) })
  await chain.registerValidator(account.privateKey, KRO(10_000), 10)
  return account
}

const GWEI = 1_000_000_000n

interface SentJson {
  transactions: Array<{ hash: string; function: string; status: string; blockNumber: number }>
}

/** What a validator's commission looks like on chain. */
async function commission(address: string) {
  const vm = chain.contracts.validatorManager
  const [rate, pending, finalizableAt] = await Promise.all([
    vm.getCommissionRate(address),
    vm.getPendingCommissionRate(address),
    vm.canFinalizeCommissionChangeAt(address),
  ])
  return { rate, pending, finalizableAt }
}

async function blockTimestampOf(hash: string): Promise<bigint> {
  const receipt = await chain.provider.getTransactionReceipt(hash)
  const block = await chain.provider.getBlock(receipt!.blockNumber)
  return BigInt(block!.timestamp)
}

/** Transactions of `from` in block `number`. */
async function transactionsOf(from: string, number: number): Promise<string[]> {
  const block = await chain.provider.getBlock(number, true)
  return block!.prefetchedTransactions.filter((tx) => tx.from === from).map((tx) => tx.hash)
}

describe('a transaction nothing mines', () => {
  it('--timeout 3: exit 5 with the hash and the --nonce hint; the tx stays pending and nothing changed', async () => {
    const account = await validator()
    const nonce = await minedNonce(chain, account.address)
    const before = await commission(account.address)
    await chain.setAutomine(false)

    const result = await cliAs(chain, account, ['changeCommission', 'init', '--commission-rate', '15', '--timeout', '3'])

    expectFailure(result, 5, /^Error: initCommissionChange 0x[0-9a-f]{64} was not mined within 3s\.$/m)
    const hash = /^Error: initCommissionChange (0x[0-9a-f]{64})/m.exec(result.stderr)![1]!
    expect(result.stderr).toMatch(new RegExp(`^Sent initCommissionChange ${hash}$`, 'm'))
    expect(result.stderr).toContain(`--nonce ${nonce} and a higher --max-fee-per-gas and --max-priority-fee-per-gas`)
    expect((await poolOf(chain, account.address)).map((tx) => tx.hash)).toEqual([hash])
    expect(await minedNonce(chain, account.address)).toBe(nonce)
    expect(await pendingNonce(chain, account.address)).toBe(nonce + 1)
    expect(await commission(account.address)).toEqual(before)

    // --json: the same, as one error document carrying the hash and the nonce.
    const json = await cliAs(chain, account, [
      'changeCommission',
      'init',
      '--commission-rate',
      '15',
      '--timeout',
      '3',
      '--nonce',
      String(nonce),
      '--max-fee-per-gas',
      '20gwei',
      '--max-priority-fee-per-gas',
      '5gwei',
      '--json',
    ])
    expect(json.exitCode, json.stderr).toBe(5)
    const error = errorOf(json)
    expect(error).toMatchObject({ code: 'TX_NOT_CONFIRMED', exitCode: 5, nonce })
    expect(error.message).toBe(`initCommissionChange ${error.hash as string} was not mined within 3s.`)
    expect(error.suggestions.join(' ')).toContain(`--nonce ${nonce}`)
    // That run replaced the first one (same nonce, higher fees): one transaction waits, its own.
    expect((await poolOf(chain, account.address)).map((tx) => tx.hash)).toEqual([error.hash])
    expect(await commission(account.address)).toEqual(before)
  })

  it('re-running with --nonce N and higher fees replaces it; after mining only the replacement is on chain, and the change happened once', async () => {
    const account = await validator()
    const nonce = await minedNonce(chain, account.address)
    await chain.setAutomine(false)
    const stuck = await cliAs(chain, account, ['changeCommission', 'init', '--commission-rate', '15', '--timeout', '3', '--json'])
    expect(stuck.exitCode, stuck.stderr).toBe(5)
    const stuckHash = errorOf(stuck).hash as string
    const stuckTx = await chain.provider.getTransaction(stuckHash)
    expect(stuckTx?.nonce).toBe(nonce)

    const replacing = cliAs(chain, account, [
      'changeCommission',
      'init',
      '--commission-rate',
      '15',
      '--nonce',
      String(nonce),
      '--max-fee-per-gas',
      '60gwei',
      '--max-priority-fee-per-gas',
      '6gwei',
      '--json',
      '--timeout',
      '60',
    ])
    await waitUntil('the replacement is in the pool', async () => {
      const pool = await poolOf(chain, account.address)
      return pool.length === 1 && pool[0]!.hash !== stuckHash
    })
    await chain.mine(1)
    const result = await replacing

    expect(result.exitCode, result.stderr).toBe(0)
    const { transactions } = jsonOf<SentJson>(result)
    expect(transactions).toHaveLength(1)
    expect(transactions[0]).toMatchObject({ function: 'initCommissionChange', status: 'success' })
    const replacement = await chain.provider.getTransaction(transactions[0]!.hash)
    expect(replacement).toMatchObject({ nonce, maxFeePerGas: 60n * GWEI, maxPriorityFeePerGas: 6n * GWEI, data: stuckTx!.data })
    expect(await transactionsOf(account.address, transactions[0]!.blockNumber)).toEqual([transactions[0]!.hash])
    expect(await chain.provider.getTransactionReceipt(stuckHash)).toBeNull()
    expect(await chain.provider.getTransaction(stuckHash)).toBeNull()
    expect(await minedNonce(chain, account.address)).toBe(nonce + 1)
    expect(await pendingNonce(chain, account.address)).toBe(nonce + 1)
    expect(await commission(account.address)).toEqual({ rate: 10n, pending: 15n, finalizableAt: (await blockTimestampOf(transactions[0]!.hash)) + delay })
  })

  it('a run without --nonce while it is pending stops with PENDING_TRANSACTIONS (exit 3) and sends nothing', async () => {
    const account = await validator()
    const nonce = await minedNonce(chain, account.address)
    await chain.setAutomine(false)
    const stuck = await cliAs(chain, account, ['changeCommission', 'init', '--commission-rate', '15', '--timeout', '3', '--json'])
    const stuckHash = errorOf(stuck).hash as string

    const again = await cliAs(chain, account, ['changeCommission', 'init', '--commission-rate', '25'])

    expectFailure(again, 3, `has 1 transaction waiting to be mined (nonce ${nonce})`)
    expect(again.stderr).toContain(`--nonce ${nonce}`)
    expect((await poolOf(chain, account.address)).map((tx) => tx.hash)).toEqual([stuckHash])
    expect(await pendingNonce(chain, account.address)).toBe(nonce + 1)
  })
})

describe('replaced while the CLI waits', () => {
  it('by a different transaction with the same nonce from another tool: exit 5 naming the replacement, and the change did not happen', async () => {
    const account = await validator()
    const nonce = await minedNonce(chain, account.address)
    const before = await commission(account.address)
    await chain.setAutomine(false)

    const waiting = cliAs(chain, account, ['changeCommission', 'init', '--commission-rate', '30', '--timeout', '60'])
    await waitUntil('the CLI transaction is in the pool', async () => (await poolOf(chain, account.address)).length === 1)
    const [ours] = await poolOf(chain, account.address)
    // Another wallet cancels it: 0 ETH to itself at the same nonce, with higher fees.
    const other = await chain
      .wallet(account.privateKey)
      .sendTransaction({ to: account.address, value: 0n, nonce, gasLimit: 21_000n, maxFeePerGas: 80n * GWEI, maxPriorityFeePerGas: 8n * GWEI })
    await waitUntil('the replacement is in the pool', async () => (await poolOf(chain, account.address))[0]?.hash === other.hash)
    await chain.mine(1)
    const result = await waiting

    expectFailure(
      result,
      5,
      `initCommissionChange ${ours!.hash} was replaced by another transaction with the same nonce, ${other.hash}, which made a different call: initCommissionChange did not happen.`,
    )
    expect((await chain.provider.getTransactionReceipt(other.hash))?.status).toBe(1)
    expect(await chain.provider.getTransactionReceipt(ours!.hash)).toBeNull()
    expect(await minedNonce(chain, account.address)).toBe(nonce + 1)
    expect(await commission(account.address)).toEqual(before)
  })

  it('the same, with --json: TX_REPLACED with both hashes', async () => {
    const account = await validator()
    const nonce = await minedNonce(chain, account.address)
    const before = await commission(account.address)
    await chain.setAutomine(false)

    const waiting = cliAs(chain, account, ['changeCommission', 'init', '--commission-rate', '30', '--timeout', '60', '--json'])
    await waitUntil('the CLI transaction is in the pool', async () => (await poolOf(chain, account.address)).length === 1)
    const [ours] = await poolOf(chain, account.address)
    // This time the other tool approves KRO: a different call to a different contract.
    const other = await chain.wallet(account.privateKey).sendTransaction({
      to: chain.addresses.kroToken,
      data: interfaces.erc20.encodeFunctionData('approve', [chain.addresses.assetManager, 1n]),
      nonce,
      gasLimit: 100_000n,
      maxFeePerGas: 80n * GWEI,
      maxPriorityFeePerGas: 8n * GWEI,
    })
    await waitUntil('the replacement is in the pool', async () => (await poolOf(chain, account.address))[0]?.hash === other.hash)
    await chain.mine(1)
    const result = await waiting

    expect(result.exitCode, result.stderr).toBe(5)
    const error = errorOf(result)
    expect(error).toMatchObject({ code: 'TX_REPLACED', exitCode: 5, hash: ours!.hash, replacedBy: other.hash, nonce })
    expect(await chain.contracts.kroToken.allowance(account.address, chain.addresses.assetManager)).toBe(1n)
    expect(await commission(account.address)).toEqual(before)
    expect(await minedNonce(chain, account.address)).toBe(nonce + 1)
  })

  it('by the same call with higher fees (sped up elsewhere): reported as done under the other hash, exit 0', async () => {
    const account = await validator()
    const nonce = await minedNonce(chain, account.address)
    await chain.setAutomine(false)

    const waiting = cliAs(chain, account, ['changeCommission', 'init', '--commission-rate', '40', '--timeout', '60', '--json'])
    await waitUntil('the CLI transaction is in the pool', async () => (await poolOf(chain, account.address)).length === 1)
    const [pooled] = await poolOf(chain, account.address)
    const ours = await chain.provider.getTransaction(pooled!.hash)
    const sped = await chain.wallet(account.privateKey).sendTransaction({
      to: ours!.to,
      data: ours!.data,
      value: 0n,
      nonce,
      gasLimit: ours!.gasLimit,
      maxFeePerGas: 90n * GWEI,
      maxPriorityFeePerGas: 9n * GWEI,
    })
    expect(sped.hash).not.toBe(ours!.hash)
    await waitUntil('the speed-up is in the pool', async () => (await poolOf(chain, account.address))[0]?.hash === sped.hash)
    await chain.mine(1)
    const result = await waiting

    expect(result.exitCode, result.stderr).toBe(0)
    const { transactions } = jsonOf<SentJson>(result)
    expect(transactions).toEqual([expect.objectContaining({ hash: sped.hash, function: 'initCommissionChange', status: 'success' })])
    expect(await chain.provider.getTransactionReceipt(ours!.hash)).toBeNull()
    expect(await minedNonce(chain, account.address)).toBe(nonce + 1)
    expect(await commission(account.address)).toEqual({ rate: 10n, pending: 40n, finalizableAt: (await blockTimestampOf(sped.hash)) + delay })
  })
})

/** Runs the CLI as a child we can signal; resolves when it exits. */
const spawnCli = (args: string[], env: Record<string, string>) => startCli(args, { env, timeoutMs: 45_000 })

describe('Ctrl-C while waiting', () => {
  it('SIGINT after the send: exit 130, stderr lists the hash already sent; the tx stays pending and is mined later', async () => {
    const account = await validator()
    const nonce = await minedNonce(chain, account.address)
    await chain.setAutomine(false)

    const run = spawnCli(['changeCommission', 'init', '--commission-rate', '35', '--timeout', '60', ...flagsFor(chain)], {
      VALIDATOR_PRIVATE_KEY: account.privateKey,
    })
    await waitUntil(
      'the CLI has sent its transaction',
      async () => /^Sent initCommissionChange 0x[0-9a-f]{64}$/m.test(run.stderr()) && (await poolOf(chain, account.address)).length === 1,
    )
    const [pooled] = await poolOf(chain, account.address)
    run.child.kill('SIGINT')
    const result = await run.done

    expectFailure(result, 130, `Interrupted while waiting. Already sent: initCommissionChange ${pooled!.hash} (nonce ${nonce}).`)
    expect((await poolOf(chain, account.address)).map((tx) => tx.hash)).toEqual([pooled!.hash])
    await chain.mine(1)
    expect((await chain.provider.getTransactionReceipt(pooled!.hash))?.status).toBe(1)
    expect((await commission(account.address)).pending).toBe(35n)
    expect(await minedNonce(chain, account.address)).toBe(nonce + 1)
  })

  it('SIGINT with --json: one error document, INTERRUPTED, listing the sent transaction', async () => {
    const account = await validator()
    const nonce = await minedNonce(chain, account.address)
    await chain.setAutomine(false)

    const run = spawnCli(['changeCommission', 'init', '--commission-rate', '36', '--timeout', '60', '--json', ...flagsFor(chain)], {
      VALIDATOR_PRIVATE_KEY: account.privateKey,
    })
    await waitUntil('the CLI has sent its transaction', async () => (await poolOf(chain, account.address)).length === 1)
    const [pooled] = await poolOf(chain, account.address)
    run.child.kill('SIGINT')
    const result = await run.done

    expect(result.exitCode, result.stderr).toBe(130)
    const error = errorOf(result)
    expect(error).toMatchObject({ code: 'INTERRUPTED', exitCode: 130, sent: [{ function: 'initCommissionChange', hash: pooled!.hash, nonce }] })
    expect(error.message).toContain(pooled!.hash)
    expect(await pendingNonce(chain, account.address)).toBe(nonce + 1)
    expect(await minedNonce(chain, account.address)).toBe(nonce)
  })
})
