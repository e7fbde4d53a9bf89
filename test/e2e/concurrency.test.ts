// Two runs with the same key at once, end to end through bin/run.js on anvil: no action is
// repeated and none is lost. The second run either goes ahead with the next nonce or stops with
// a clear message (exit 3) having sent nothing of its own; every transaction on chain is one a
// run reported. A proxy that holds broadcasts makes the closest races deterministic.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { runCli, type CliResult, chainFlags } from '../helpers/cli.js'
import { KRO, freshAccount, jsonOf, minedNonce, observe, pendingNonce, poolOf, waitUntil, type TestAccount } from '../helpers/e2e.js'
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js'

let chain: TestChain
let proxy: FaultProxy

beforeAll(async () => {
  chain = await startTestChain()
  proxy = await startFaultProxy(chain.rpcUrl)
})
afterEach(async () => {
  proxy.clear()
  await proxy.release()
  await chain.setAutomine(true)
  await chain.mine(1)
})
afterAll(async () => {
  await proxy?.stop()
  await chain?.stop()
})

/** The CLI through the proxy (which passes everything unless a test injects a fault). */
function run(account: TestAccount, args: string[]): Promise<CliResult> {
  const connection = [...chainFlags({ rpcUrl: proxy.url, chainId: chain.chainId, addresses: chain.addresses })]
  return runCli([...args, ...connection, '--json', '--timeout', '60'], { env: { VALIDATOR_PRIVATE_KEY: account.privateKey }, timeoutMs: 60_000 })
}

async function registeredValidator(): Promise<TestAccount> {
  const account = await freshAccount(chain, { kro: KRO(50_000) })
  await chain.registerValidator(account.privateKey, KRO(10_000), 10)
  return account
}

interface Outcome {
  exitCode: number | null
  /** Transactions the run reports as mined (exit 0). */
  transactions: Array<{ hash: string; function: string; status: string }>
  /** The error of a failed run. */
  error?: { code: string; message: string; exitCode: number; sent?: Array<{ hash: string; function: string }>; hash?: string }
}

function outcomeOf(result: CliResult): Outcome {
  const document = jsonOf<{ transactions?: Outcome['transactions']; error?: Outcome['error'] }>(result)
  return { exitCode: result.exitCode, transactions: document.transactions ?? [], error: document.error }
}

/** Hashes of the transactions `from` got mined in blocks after `afterBlock`. */
async function minedFrom(from: string, afterBlock: number): Promise<string[]> {
  const latest = await chain.provider.getBlockNumber()
  const hashes: string[] = []
  for (let number = afterBlock + 1; number <= latest; number++) {
    const block = await chain.provider.getBlock(number, true)
    hashes.push(...block!.prefetchedTransactions.filter((tx) => tx.from === from).map((tx) => tx.hash))
  }
  return hashes
}

/**
 * The invariant of any two runs: each ended 0 or 3 (stopped with a named reason), every
 * transaction mined from the signer is one a run reported (as done, or as already sent before
 * it stopped), none twice, and all of them succeeded.
 */
async function expectAccountedFor(outcomes: Outcome[], signer: string, afterBlock: number): Promise<string[]> {
  for (const outcome of outcomes) {
    expect([0, 3], JSON.stringify(outcome)).toContain(outcome.exitCode)
    if (outcome.exitCode === 3) {
      expect(['PENDING_TRANSACTIONS', 'NONCE_TAKEN', 'REPLACEMENT_UNDERPRICED', 'DUPLICATE_TRANSACTION']).toContain(outcome.error?.code)
      expect(outcome.error?.message.length).toBeGreaterThan(20)
    }
  }
  const reported = outcomes.flatMap((outcome) => [...outcome.transactions.map((tx) => tx.hash), ...(outcome.error?.sent ?? []).map((tx) => tx.hash)])
  expect(new Set(reported).size).toBe(reported.length)
  const mined = await minedFrom(signer, afterBlock)
  expect([...mined].sort()).toEqual([...reported].sort())
  for (const hash of mined) expect((await chain.provider.getTransactionReceipt(hash))?.status).toBe(1)
  return mined
}

/** Mines a block every 300 ms until `done` settles (automining off). */
async function mineUntil<T>(done: Promise<T>): Promise<T> {
  let settled = false
  const watched = done.finally(() => (settled = true))
  while (!settled) {
    await new Promise((resolve) => setTimeout(resolve, 300))
    if (!settled) await chain.mine(1)
  }
  return watched
}

describe('two depositKro at the same moment with the same key', () => {
  it('started together (automine on): every deposit made is one a run reported, none twice, none lost', async () => {
    const account = await registeredValidator()
    const before = await observe(chain, account.address)
    const startBlock = await chain.provider.getBlockNumber()

    const results = await Promise.all([run(account, ['depositKro', '--amount', '1000KRO']), run(account, ['depositKro', '--amount', '1000KRO'])])

    const outcomes = results.map(outcomeOf)
    const mined = await expectAccountedFor(outcomes, account.address, startBlock)
    const done = outcomes.filter((outcome) => outcome.exitCode === 0)
    expect(done.length).toBeGreaterThanOrEqual(1)
    const after = await observe(chain, account.address)
    // One deposit per run that says it deposited, and the nonce moved by what was mined.
    expect(after.totalKro).toBe(before.totalKro + BigInt(done.length) * KRO(1_000))
    expect(after.signerKro).toBe(before.signerKro - BigInt(done.length) * KRO(1_000))
    expect(after.nonce).toBe(before.nonce + mined.length)
    expect(after.latestNonce).toBe(after.nonce)
  })

  it('both pass the checks before either broadcasts, same arguments (automine off): one deposits, the other stops with DUPLICATE_TRANSACTION', async () => {
    const account = await registeredValidator()
    const before = await observe(chain, account.address)
    const startBlock = await chain.provider.getBlockNumber()
    await chain.setAutomine(false)
    proxy.inject({ fault: { kind: 'hold' }, method: 'eth_sendRawTransaction', times: 2 })

    const both = Promise.all([run(account, ['depositKro', '--amount', '1000KRO']), run(account, ['depositKro', '--amount', '1000KRO'])])
    await waitUntil('both runs are broadcasting', () => Promise.resolve(proxy.held === 2))
    await proxy.release()
    const outcomes = (await mineUntil(both)).map(outcomeOf)

    const winner = outcomes.find((outcome) => outcome.exitCode === 0)!
    const loser = outcomes.find((outcome) => outcome.exitCode === 3)!
    expect(winner, JSON.stringify(outcomes)).toBeDefined()
    expect(loser, JSON.stringify(outcomes)).toBeDefined()
    expect(winner.transactions.map((tx) => [tx.function, tx.status])).toEqual([
      ['approve', 'success'],
      ['deposit', 'success'],
    ])
    // The loser signed the very same approve (same nonce, same fees, same call): its hash is the winner's.
    expect(loser.error).toMatchObject({ code: 'DUPLICATE_TRANSACTION', exitCode: 3, hash: winner.transactions[0]!.hash })
    expect(loser.error!.message).toContain(winner.transactions[0]!.hash)
    expect(loser.error!.sent ?? []).toEqual([])
    await expectAccountedFor(outcomes, account.address, startBlock)
    const after = await observe(chain, account.address)
    expect(after.totalKro).toBe(before.totalKro + KRO(1_000))
    expect(after.nonce).toBe(before.nonce + 2)
    expect(after.latestNonce).toBe(before.nonce + 2)
    expect(after.allowance).toBe(0n)
  })

  it('both pass the checks before either broadcasts, different amounts (automine off): one deposits, the other is refused as underpriced', async () => {
    const account = await registeredValidator()
    const before = await observe(chain, account.address)
    const startBlock = await chain.provider.getBlockNumber()
    await chain.setAutomine(false)
    proxy.inject({ fault: { kind: 'hold' }, method: 'eth_sendRawTransaction', times: 2 })

    const amounts = ['1000KRO', '2000KRO']
    const both = Promise.all(amounts.map((amount) => run(account, ['depositKro', '--amount', amount])))
    await waitUntil('both runs are broadcasting', () => Promise.resolve(proxy.held === 2))
    await proxy.release()
    const outcomes = (await mineUntil(both)).map(outcomeOf)

    const winnerIndex = outcomes.findIndex((outcome) => outcome.exitCode === 0)
    expect(winnerIndex, JSON.stringify(outcomes)).not.toBe(-1)
    const loser = outcomes[1 - winnerIndex]!
    expect(loser.exitCode).toBe(3)
    expect(loser.error).toMatchObject({ code: 'REPLACEMENT_UNDERPRICED', exitCode: 3 })
    expect(loser.error!.message).toContain(`Nonce ${before.nonce} is already taken`)
    await expectAccountedFor(outcomes, account.address, startBlock)
    const deposited = winnerIndex === 0 ? KRO(1_000) : KRO(2_000)
    const after = await observe(chain, account.address)
    expect(after.totalKro).toBe(before.totalKro + deposited)
    expect(after.signerKro).toBe(before.signerKro - deposited)
    expect(after.nonce).toBe(before.nonce + 2)
    expect(after.allowance).toBe(0n)
  })

  it('both pass the checks before either broadcasts (automine on): the first is mined at once, the second stops (NONCE_TAKEN, or DUPLICATE_TRANSACTION if still pooled)', async () => {
    const account = await registeredValidator()
    const before = await observe(chain, account.address)
    const startBlock = await chain.provider.getBlockNumber()
    proxy.inject({ fault: { kind: 'hold' }, method: 'eth_sendRawTransaction', times: 2 })

    const both = Promise.all([run(account, ['depositKro', '--amount', '1000KRO']), run(account, ['depositKro', '--amount', '1000KRO'])])
    await waitUntil('both runs are broadcasting', () => Promise.resolve(proxy.held === 2))
    await proxy.release()
    const outcomes = (await both).map(outcomeOf)

    expect(outcomes.map((outcome) => outcome.exitCode).sort()).toEqual([0, 3])
    const loser = outcomes.find((outcome) => outcome.exitCode === 3)!
    // Mined before the second arrived: the nonce is taken. Still in anvil's pool at that instant:
    // the node already has the identical transaction. Either way the second run stops.
    if (loser.error!.code === 'NONCE_TAKEN') {
      expect(loser.error!.message).toContain(`Nonce ${before.nonce} of ${account.address} was used by another transaction`)
    } else {
      expect(loser.error).toMatchObject({ code: 'DUPLICATE_TRANSACTION', hash: outcomes.find((outcome) => outcome.exitCode === 0)!.transactions[0]!.hash })
    }
    await expectAccountedFor(outcomes, account.address, startBlock)
    const after = await observe(chain, account.address)
    expect(after.totalKro).toBe(before.totalKro + KRO(1_000))
    expect(after.nonce).toBe(before.nonce + 2)
  })
})

describe("a second run while the first one's transaction is pending", () => {
  it('stops with PENDING_TRANSACTIONS (exit 3) and sends nothing; once mined, running it again uses the next nonce', async () => {
    const account = await registeredValidator()
    const before = await observe(chain, account.address)
    const delay = await chain.contracts.validatorManager.COMMISSION_CHANGE_DELAY_SECONDS()
    await chain.setAutomine(false)

    const first = run(account, ['changeCommission', 'init', '--commission-rate', '20'])
    await waitUntil("the first run's transaction is pending", async () => (await poolOf(chain, account.address)).length === 1)
    const [pending] = await poolOf(chain, account.address)

    const second = outcomeOf(await run(account, ['depositKro', '--amount', '1000KRO']))

    expect(second.exitCode).toBe(3)
    expect(second.error).toMatchObject({ code: 'PENDING_TRANSACTIONS', exitCode: 3 })
    expect(second.error!.message).toBe(
      `${account.address} has 1 transaction waiting to be mined (nonce ${before.nonce}); sending now could repeat or conflict with it.`,
    )
    expect((await poolOf(chain, account.address)).map((tx) => tx.hash)).toEqual([pending!.hash])
    expect(await pendingNonce(chain, account.address)).toBe(before.nonce + 1)

    await chain.mine(1)
    const firstOutcome = outcomeOf(await first)
    expect(firstOutcome.exitCode).toBe(0)
    expect(firstOutcome.transactions.map((tx) => tx.hash)).toEqual([pending!.hash])

    await chain.setAutomine(true)
    const again = outcomeOf(await run(account, ['depositKro', '--amount', '1000KRO']))
    expect(again.exitCode).toBe(0)
    expect(again.transactions.map((tx) => tx.function)).toEqual(['approve', 'deposit'])
    const nonces = await Promise.all(again.transactions.map(async (tx) => (await chain.provider.getTransaction(tx.hash))!.nonce))
    expect(nonces).toEqual([before.nonce + 1, before.nonce + 2])

    const after = await observe(chain, account.address)
    expect(after.nonce).toBe(before.nonce + 3)
    expect(await minedNonce(chain, account.address)).toBe(before.nonce + 3)
    expect(after.totalKro).toBe(before.totalKro + KRO(1_000))
    expect(after.pendingCommissionRate).toBe(20n)
    const receipt = await chain.provider.getTransactionReceipt(pending!.hash)
    const block = await chain.provider.getBlock(receipt!.blockNumber)
    expect(after.canFinalizeAt).toBe(BigInt(block!.timestamp) + delay)
  })

  it('two different commands at once (depositKro and changeCommission init, automine on): each happened once or stopped with a reason', async () => {
    const account = await registeredValidator()
    const before = await observe(chain, account.address)
    const startBlock = await chain.provider.getBlockNumber()

    const [deposit, commission] = (
      await Promise.all([run(account, ['depositKro', '--amount', '1000KRO']), run(account, ['changeCommission', 'init', '--commission-rate', '25'])])
    ).map(outcomeOf)

    const mined = await expectAccountedFor([deposit!, commission!], account.address, startBlock)
    const after = await observe(chain, account.address)
    expect(after.totalKro).toBe(before.totalKro + (deposit!.exitCode === 0 ? KRO(1_000) : 0n))
    expect(after.pendingCommissionRate).toBe(commission!.exitCode === 0 ? 25n : before.pendingCommissionRate)
    expect(after.nonce).toBe(before.nonce + mined.length)
    expect(deposit!.exitCode === 0 || commission!.exitCode === 0).toBe(true)
  })
})
