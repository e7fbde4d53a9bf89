// `history` end to end through bin/run.js, behind a proxy that caps eth_getLogs at 100 blocks as
// public providers do: the entries against the node's own logs, totals against their sums, CSV
// against JSON, the cache (a second run reads only new blocks; a damaged file is rebuilt) and an
// endpoint that fails in the middle of a scan.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getAddress, parseEther, type ContractTransactionResponse, type EventFragment, type Interface } from 'ethers'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { runCli, type CliResult, chainFlags } from '../helpers/cli.js'
import { KRO, errorOf, expectFailure, freshAccount, interfaces, jsonOf, runCliInPty, type TestAccount } from '../helpers/e2e.js'
import { startFaultProxy, type FaultProxy, type FaultRule } from '../helpers/fault-proxy.js'
import { ValidatorPool__factory } from '../helpers/types/index.js'

const CAP = 100
/** QuickNode's wording of its range cap, as a JSON-RPC error. */
const CAP_RULE: FaultRule = {
  method: 'eth_getLogs',
  fault: { kind: 'cap-logs', maxBlocks: CAP, code: -32602, message: `eth_getLogs is limited to a ${CAP} range` },
}

let chain: TestChain
let proxy: FaultProxy
let validator: TestAccount
let withdrawer: TestAccount
let delegator: TestAccount
let other: TestAccount

interface Entry {
  blockNumber: number
  timestamp: number
  transactionHash: string
  logIndex: number
  contract: string
  event: string
  args: Record<string, string | boolean | string[]>
}
interface HistoryJson {
  address: string
  chainId: number
  fromBlock: number
  toBlock: number
  entries: Entry[]
  totals: {
    rewards: string
    delegatorRewards: string
    delegatedIn: string
    slashReverted: string
    challengeRewards: string
    slashed: string
    deposited: string
    withdrawn: string
    poolBonded: string
    poolUnbonded: string
    rewardsByMonth: Record<string, string>
  }
}

beforeAll(async () => {
  chain = await startTestChain()
  proxy = await startFaultProxy(chain.rpcUrl)
  validator = await freshAccount(chain, { kro: KRO(100_000) })
  withdrawer = await freshAccount(chain, { kro: 0n })
  delegator = await freshAccount(chain, { kro: KRO(10_000) })
  other = await freshAccount(chain, { kro: KRO(100_000) })
  const params = chain.deployment.params
  // A validator's life over ~2,000 blocks, with another validator's events around it.
  await chain.registerValidator(validator.privateKey, KRO(20_000), 10, withdrawer.address)
  await chain.registerValidator(other.privateKey, KRO(20_000), 5, other.address)
  await chain.mine(300)
  await chain.deposit(validator.privateKey, KRO(5_000))
  for (let output = 0; output < 3; output++) {
    await chain.mine(150)
    await chain.submitOutput(validator.address)
    await chain.submitOutput(other.address)
  }
  await chain.finalizeOutputs()
  await chain.delegate(delegator.privateKey, validator.address, KRO(1_000))
  await chain.mine(400)
  await chain.jail(validator.address)
  await chain.increaseTime(params.softJailPeriodSeconds + 1n)
  await (await chain.as(validator.privateKey).validatorManager.tryUnjail()).wait()
  const { outputIndex } = await chain.submitOutput(validator.address)
  await chain.slash(outputIndex)
  await chain.mine(300)
  await chain.increaseTime(params.hardJailPeriodSeconds + params.minDelegationPeriod)
  await (await chain.as(validator.privateKey).validatorManager.tryUnjail()).wait()
  await (await chain.as(validator.privateKey).validatorManager.initCommissionChange(20)).wait()
  await chain.withdraw(withdrawer.privateKey, validator.address, KRO(1_000))
  // A second slash, reverted; then the first one's challenger is paid at finalization.
  const second = await chain.submitOutput(validator.address)
  await chain.slash(second.outputIndex)
  await chain.revertSlash(second.outputIndex)
  await chain.finalizeOutputs()
  await chain.mine(500)
}, 240_000)
afterEach(() => {
  proxy.clear()
  proxy.resetLog()
})
afterAll(async () => {
  await proxy?.stop()
  await chain?.stop()
})

function connection(): string[] {
  return [...chainFlags({ rpcUrl: proxy.url, chainId: chain.chainId, addresses: chain.addresses }), '--rpc-timeout', '5']
}

function history(args: string[], cacheHome: string): Promise<CliResult> {
  return runCli(['history', ...args, ...connection()], { env: { XDG_CACHE_HOME: cacheHome }, timeoutMs: 60_000 })
}

const newCacheHome = () => mkdtempSync(join(tmpdir(), 'kroma-validator-cache-'))
const getLogsCalls = () => proxy.log.reduce((sum, entry) => sum + entry.methods.filter((method) => method === 'eth_getLogs').length, 0)

function logFiles(cacheHome: string): string[] {
  try {
    return readdirSync(join(cacheHome, 'kroma-validator', 'logs')).map((name) => join(cacheHome, 'kroma-validator', 'logs', name))
  } catch {
    return []
  }
}

/** Positions (1..3) of an event's indexed address arguments. */
function addressTopics(fragment: EventFragment): number[] {
  return fragment.inputs.filter((input) => input.indexed).flatMap((input, index) => (input.type === 'address' ? [index + 1] : []))
}

/**
 * What the node itself says: every log of the contracts (with the V1 pool when `withPool`) in
 * which `address` is an indexed address argument.
 */
async function nodeHistory(address: string, toBlock: number, withPool = false) {
  const decoders = new Map<string, Interface>([
    [chain.addresses.validatorManager.toLowerCase(), interfaces.validatorManager],
    [chain.addresses.assetManager.toLowerCase(), interfaces.assetManager],
    ...(withPool ? ([[chain.addresses.validatorPool.toLowerCase(), interfaces.validatorPool]] as const) : []),
  ])
  const logs = await chain.provider.getLogs({ address: [...decoders.keys()].map((item) => getAddress(item)), fromBlock: 0, toBlock })
  const topic = `0x${address.slice(2).toLowerCase().padStart(64, '0')}`
  return logs.flatMap((log) => {
    const parsed = decoders.get(log.address.toLowerCase())!.parseLog(log)
    if (!parsed || !addressTopics(parsed.fragment).some((position) => log.topics[position] === topic)) return []
    return [{ transactionHash: log.transactionHash, logIndex: log.index, blockNumber: log.blockNumber, event: parsed.name, args: parsed.args.toObject() }]
  })
}

function expectSameAsNode(entries: Entry[], node: Awaited<ReturnType<typeof nodeHistory>>): void {
  expect(entries.map((entry) => `${entry.transactionHash}:${entry.logIndex}`)).toEqual(node.map((log) => `${log.transactionHash}:${log.logIndex}`))
  entries.forEach((entry, index) => {
    const log = node[index]!
    expect(entry.event).toBe(log.event)
    expect(entry.blockNumber).toBe(log.blockNumber)
    for (const [name, value] of Object.entries<unknown>(log.args)) {
      const expected = typeof value === 'bigint' ? value.toString() : typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value) ? getAddress(value) : value
      expect(entry.args[name], `${entry.event}.${name}`).toEqual(expected)
    }
  })
}

const sum = (entries: Entry[], event: string, field: string) =>
  entries
    .filter((entry) => entry.event === event)
    .reduce((total, entry) => total + BigInt(entry.args[field] as string), 0n)
    .toString()

describe('history behind an endpoint that caps eth_getLogs at 100 blocks', () => {
  const cacheHome = newCacheHome()
  let first: HistoryJson

  it('gives every event of the node naming the address, one entry per log, in chain order', async () => {
    proxy.inject(CAP_RULE)
    const result = await history([validator.address, '--json'], cacheHome)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toBe('')
    first = jsonOf<HistoryJson>(result)
    expect(first.address).toBe(validator.address)
    expect(first.chainId).toBe(Number(chain.chainId))
    expect(first.fromBlock).toBe(0)
    expect(first.toBlock).toBe(await chain.provider.getBlockNumber())
    const node = await nodeHistory(validator.address, first.toBlock)
    expect(new Set(node.map((log) => log.event))).toEqual(
      new Set([
        'ValidatorRegistered',
        'Deposited',
        'ValidatorActivated',
        'ValidatorKroBonded',
        'ValidatorKroUnbonded',
        'RewardDistributed',
        'ValidatorJailed',
        'ValidatorStopped',
        'ValidatorUnjailed',
        'Slashed',
        'ValidatorCommissionChangeInitiated',
        'Withdrawn',
        'KroDelegated',
        'SlashReverted',
      ]),
    )
    expectSameAsNode(first.entries, node)
    for (const entry of first.entries) {
      const block = await chain.provider.getBlock(entry.blockNumber)
      expect(entry.timestamp).toBe(block!.timestamp)
      expect(['ValidatorManager', 'AssetManager']).toContain(entry.contract)
    }
    // Ranges the cap requires: 2 filters (the address as topic 1, as topic 2) over the blocks.
    const required = 2 * Math.ceil((first.toBlock + 1) / CAP)
    expect(getLogsCalls()).toBeLessThanOrEqual(3 * required + 30)
    expect(proxy.count('cap-logs')).toBeGreaterThan(0)
  })

  it('totals are the sums of the entries', () => {
    const { totals, entries } = first
    expect(totals.rewards).toBe(sum(entries, 'RewardDistributed', 'validatorReward'))
    expect(BigInt(totals.rewards)).toBeGreaterThan(0n)
    expect(totals.delegatorRewards).toBe(sum(entries, 'RewardDistributed', 'baseReward'))
    expect(totals.slashed).toBe(sum(entries, 'Slashed', 'amount'))
    expect(totals.slashed).toBe((2n * chain.deployment.params.bondAmount).toString())
    expect(totals.slashReverted).toBe(sum(entries, 'SlashReverted', 'amount'))
    expect(totals.slashReverted).toBe(chain.deployment.params.bondAmount.toString())
    expect(totals.deposited).toBe(sum(entries, 'Deposited', 'amount'))
    expect(totals.deposited).toBe(KRO(25_000).toString())
    expect(totals.withdrawn).toBe(KRO(1_000).toString())
    expect(totals.delegatedIn).toBe(sum(entries, 'KroDelegated', 'amount'))
    expect(totals.delegatedIn).toBe(KRO(1_000).toString())
    const byMonth = Object.values(totals.rewardsByMonth).reduce((total, value) => total + BigInt(value), 0n)
    expect(byMonth.toString()).toBe(totals.rewards)
  })

  it('--csv: a header, then one row per JSON entry', async () => {
    proxy.inject(CAP_RULE)
    const result = await history([validator.address, '--csv', '--to-block', String(first.toBlock)], cacheHome)
    expect(result.exitCode, result.stderr).toBe(0)
    const [header, ...rows] = result.stdout.trimEnd().split('\n')
    expect(header).toBe('block,time,transaction,event,validator,delegator,amount_wei,amount_kro,details')
    expect(rows).toHaveLength(first.entries.length)
    rows.forEach((row, index) => {
      const entry = first.entries[index]!
      const cells = row.split(',')
      expect(cells[0]).toBe(String(entry.blockNumber))
      expect(cells[1]).toBe(new Date(entry.timestamp * 1000).toISOString())
      expect(cells[2]).toBe(entry.transactionHash)
      expect(cells[3]).toBe(entry.event)
      const amount =
        entry.event === 'RewardDistributed' ? entry.args.validatorReward : entry.event === 'ValidatorRegistered' ? entry.args.assets : entry.args.amount
      expect(cells[6]).toBe(amount ?? '')
      if (amount !== undefined) expect(BigInt(Math.round(Number(cells[7]) * 1e6)) * 10n ** 12n).toBe((BigInt(amount as string) / 10n ** 12n) * 10n ** 12n)
    })
  })

  it('a second run reads only the new blocks (at most 4 eth_getLogs calls) and has the new events', async () => {
    await chain.mine(3)
    await chain.deposit(validator.privateKey, KRO(2_000))
    proxy.inject(CAP_RULE)
    const result = await history([validator.address, '--json'], cacheHome)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(getLogsCalls()).toBeLessThanOrEqual(4)
    const second = jsonOf<HistoryJson>(result)
    expectSameAsNode(second.entries, await nodeHistory(validator.address, second.toBlock))
    expect(second.entries.slice(0, first.entries.length)).toEqual(first.entries)
    expect(second.totals.deposited).toBe(KRO(27_000).toString())
  })

  it('the human list: one line per event with its time and transaction, then the totals', async () => {
    proxy.inject(CAP_RULE)
    const result = await history([validator.address, '--to-block', String(first.toBlock)], cacheHome)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toBe('') // no progress bar without a terminal
    for (const entry of first.entries) expect(result.stdout).toContain(entry.transactionHash)
    expect(result.stdout).toContain('Totals')
    expect(result.stdout).toMatch(/Rewards earned\s+[\d,.]+ KRO/)
    expect(result.stdout).toMatch(/Deposited\s+25,000 KRO/)
    expect(result.stdout).toMatch(/Slashed\s+[\d,.]+ KRO/)
    expect(result.stdout).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC {2}ValidatorRegistered +registered with 20,000 KRO, commission 10%/)
  })
})

describe('history: other endpoints and cache states', () => {
  it('reads the same behind a cap worded as an HTTP error, with --no-cache', async () => {
    const cacheHome = newCacheHome()
    proxy.inject({
      method: 'eth_getLogs',
      fault: { kind: 'cap-logs', maxBlocks: CAP, httpStatus: 400, message: `block range too large: at most ${CAP} blocks per query` },
    })
    const result = await history([validator.address, '--json', '--no-cache'], cacheHome)
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<HistoryJson>(result)
    expectSameAsNode(document.entries, await nodeHistory(validator.address, document.toBlock))
  })

  it('a damaged cache file is ignored and rebuilt', async () => {
    const cacheHome = newCacheHome()
    const clean = await history([validator.address, '--json'], cacheHome)
    expect(clean.exitCode, clean.stderr).toBe(0)
    const [file] = logFiles(cacheHome)
    expect(file).toBeDefined()
    for (const damage of ['{"version":1,"key":', '{"version":1,"fromBlock":"x"}', '\u0000\u0001garbage']) {
      writeFileSync(file!, damage)
      const result = await history([validator.address, '--json'], cacheHome)
      expect(result.exitCode, result.stderr).toBe(0)
      expect(jsonOf<HistoryJson>(result).entries).toEqual(jsonOf<HistoryJson>(clean).entries)
      expect((): unknown => JSON.parse(readFileSync(file!, 'utf8'))).not.toThrow()
    }
  })

  it('an endpoint failing mid-scan: exit 4 naming it, and nothing half-written to the cache', async () => {
    const cacheHome = newCacheHome()
    proxy.inject({ ...CAP_RULE, times: 4 })
    proxy.inject({ method: 'eth_getLogs', fault: { kind: 'http-status', status: 503 } })
    const text = await history([validator.address], cacheHome)
    expectFailure(text, 4, `Cannot reach the RPC at ${proxy.url.replace(/\/$/, '')}`)
    expect(text.stderr).toContain('HTTP 503')
    expect(logFiles(cacheHome)).toEqual([])

    // With a cache from an earlier run: it stays as it was.
    proxy.clear()
    const earlier = await history([validator.address, '--json', '--to-block', '1000'], cacheHome)
    expect(earlier.exitCode, earlier.stderr).toBe(0)
    const [file] = logFiles(cacheHome)
    const before = readFileSync(file!, 'utf8')
    proxy.inject({ ...CAP_RULE, times: 2 })
    proxy.inject({ method: 'eth_getLogs', fault: { kind: 'http-status', status: 503 } })
    const json = await history([validator.address, '--json'], cacheHome)
    expect(json.exitCode).toBe(4)
    expect(errorOf(json).code).toBe('RPC_UNREACHABLE')
    expect(readFileSync(file!, 'utf8')).toBe(before)
  })

  it("the challenger's history has its challenge reward", async () => {
    const challenger = chain.accounts[0]!.address
    const result = await history([challenger, '--json'], newCacheHome())
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<HistoryJson>(result)
    expectSameAsNode(document.entries, await nodeHistory(challenger, document.toBlock))
    expect(document.entries.map((entry) => entry.event)).toEqual(['ChallengeRewardDistributed'])
    expect(document.totals.challengeRewards).toBe(chain.deployment.params.bondAmount.toString())
  })

  it('a delegator-less, event-less address has an empty history', async () => {
    const nobody = await freshAccount(chain, { kro: 0n })
    const result = await history([nobody.address, '--json'], newCacheHome())
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<HistoryJson>(result)
    expect(document.entries).toEqual([])
    expect(document.totals.rewards).toBe('0')
  })

  it('defaults to the signer when no address is given', async () => {
    const result = await runCli(['history', '--json', ...connection()], { env: { XDG_CACHE_HOME: newCacheHome(), VALIDATOR_PRIVATE_KEY: other.privateKey } })
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<HistoryJson>(result)
    expect(document.address).toBe(other.address)
    expect(document.entries.map((entry) => entry.event)).toContain('ValidatorRegistered')
  })

  it('--since a duration starts at the first block of that time', async () => {
    const latest = await chain.provider.getBlock('latest')
    const result = await history([validator.address, '--json', '--since', '1d'], newCacheHome())
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<HistoryJson>(result)
    const start = await chain.provider.getBlock(document.fromBlock)
    expect(start!.timestamp).toBeGreaterThanOrEqual(latest!.timestamp - 86_400)
    const before = await chain.provider.getBlock(document.fromBlock - 1)
    expect(before!.timestamp).toBeLessThan(latest!.timestamp - 86_400)
    for (const entry of document.entries) expect(entry.blockNumber).toBeGreaterThanOrEqual(document.fromBlock)
  })

  it('shows a progress bar on a terminal, and none under --json', async () => {
    const args = ['history', validator.address, ...connection()]
    const text = await runCliInPty(args, { env: { XDG_CACHE_HOME: newCacheHome() }, steps: [] })
    expect(text.exitCode).toBe(0)
    expect(text.tty).toMatch(/Reading events \[[#-]{30}\] \d+%/)
    expect(text.stdout).toContain(`History of ${validator.address}`)
    expect(text.stdout).not.toContain('Reading events')
    const json = await runCliInPty([...args, '--json'], { env: { XDG_CACHE_HOME: newCacheHome() }, steps: [] })
    expect(json.exitCode).toBe(0)
    expect(json.tty).not.toContain('Reading events')
    expect((JSON.parse(json.stdout) as { address: string }).address).toBe(validator.address)
  })

  it.each([
    [['--since', 'yesterday'], 'Invalid --since "yesterday"'],
    [['--from-block', '20', '--to-block', '10'], '--from-block 20 is after --to-block 10'],
    [['--from-block', '99999999'], "beyond the chain's latest block"],
    [['--json', '--csv'], '--csv'],
  ])('bad input %o: exit 2', async (args, message) => {
    const result = await history([validator.address, ...args], newCacheHome())
    expect(result.exitCode, result.stderr).toBe(2)
    expect(result.stdout + result.stderr).toContain(message)
    // The accepted forms, where there are any, are said once.
    expect((result.stderr.match(/Accepted forms?:/g) ?? []).length).toBeLessThanOrEqual(1)
  })
})

describe('history with the V1 ValidatorPool (--validator-pool)', () => {
  const pool = () => ValidatorPool__factory.connect(chain.addresses.validatorPool, chain.wallet(chain.accounts[0]!.privateKey))
  let poolJson: HistoryJson

  beforeAll(async () => {
    // The pool's past as the model's test hooks make it: a deposit, then outputs submitted with
    // bonds (two of this validator's, one of another's), all expired and released by unbond().
    const mined = async (pending: Promise<ContractTransactionResponse>) => void (await (await pending).wait())
    await mined(pool().getFunction('testCredit')(validator.address, { value: parseEther('1') }))
    await mined(pool().getFunction('testCredit')(other.address, { value: parseEther('1') }))
    await mined(pool().getFunction('testCreateBond')(validator.address, 1n))
    await mined(pool().getFunction('testCreateBond')(other.address, 1n))
    await mined(pool().getFunction('testCreateBond')(validator.address, 1n))
    await mined(pool().getFunction('unbond')())
    // One more bond of this validator that stays bonded.
    await mined(pool().getFunction('testCreateBond')(validator.address, (await chain.latestTimestamp()) + 3600n))
  })

  it('--json: the pool events naming the address are entries too, one per log, with their totals', async () => {
    // First without the pool, into the same cache: the pool's events are read all the same after.
    const cacheHome = newCacheHome()
    const toBlock = await chain.provider.getBlockNumber()
    const without = await history([validator.address, '--json', '--to-block', String(toBlock)], cacheHome)
    expect(without.exitCode, without.stderr).toBe(0)
    proxy.inject(CAP_RULE)
    const result = await history([validator.address, '--json', '--to-block', String(toBlock), '--validator-pool', chain.addresses.validatorPool], cacheHome)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toBe('')
    poolJson = jsonOf<HistoryJson>(result)
    const node = await nodeHistory(validator.address, toBlock, true)
    expectSameAsNode(poolJson.entries, node)
    const poolEntries = poolJson.entries.filter((entry) => entry.contract === 'ValidatorPool')
    // Bonded names the submitter (topic 1), Unbonded the recipient (topic 2); the other validator's are not here.
    expect(poolEntries.map((entry) => entry.event)).toEqual(['Bonded', 'Bonded', 'Unbonded', 'Unbonded', 'Bonded'])
    for (const entry of poolEntries) expect(entry.args[entry.event === 'Bonded' ? 'submitter' : 'recipient']).toBe(validator.address)
    // Every other entry is the validator system's, as without the pool.
    expect(jsonOf<HistoryJson>(without).entries).toEqual(poolJson.entries.filter((entry) => entry.contract !== 'ValidatorPool'))
    expect(jsonOf<HistoryJson>(without).totals.poolBonded).toBe('0')

    const required = await pool().getFunction('REQUIRED_BOND_AMOUNT')()
    expect(poolJson.totals.poolBonded).toBe(sum(poolJson.entries, 'Bonded', 'amount'))
    expect(poolJson.totals.poolBonded).toBe((3n * required).toString())
    expect(poolJson.totals.poolUnbonded).toBe(sum(poolJson.entries, 'Unbonded', 'amount'))
    expect(poolJson.totals.poolUnbonded).toBe((2n * required).toString())
    // What is still bonded is what the pool no longer counts in the balance.
    expect(await pool().getFunction('balanceOf')(validator.address)).toBe(
      parseEther('1') - BigInt(poolJson.totals.poolBonded) + BigInt(poolJson.totals.poolUnbonded),
    )
    // The KRO totals do not count the pool's ETH.
    expect(poolJson.totals.deposited).toBe(sum(poolJson.entries, 'Deposited', 'amount'))
  })

  it('finds the pool through VALIDATOR_VALPOOL_ADDRESS as well', async () => {
    const result = await runCli(['history', validator.address, '--json', '--to-block', String(poolJson.toBlock), ...connection()], {
      env: { XDG_CACHE_HOME: newCacheHome(), VALIDATOR_VALPOOL_ADDRESS: chain.addresses.validatorPool },
    })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(jsonOf<HistoryJson>(result).entries).toEqual(poolJson.entries)
  })

  it('--csv: one row per JSON entry, the pool amounts in wei with their ETH in the details', async () => {
    const result = await history(
      [validator.address, '--csv', '--to-block', String(poolJson.toBlock), '--validator-pool', chain.addresses.validatorPool],
      newCacheHome(),
    )
    expect(result.exitCode, result.stderr).toBe(0)
    const rows = result.stdout.trimEnd().split('\n').slice(1)
    expect(rows).toHaveLength(poolJson.entries.length)
    rows.forEach((row, index) => {
      const entry = poolJson.entries[index]!
      const cells = row.split(',')
      expect(cells.slice(0, 4)).toEqual([String(entry.blockNumber), new Date(entry.timestamp * 1000).toISOString(), entry.transactionHash, entry.event])
      if (entry.contract !== 'ValidatorPool') return
      expect(cells[4]).toBe(validator.address)
      expect(cells[6]).toBe(entry.args.amount)
      expect(cells[7]).toBe('')
      expect(cells[8]).toContain(`eth=${Number(BigInt(entry.args.amount as string)) / 1e18}`)
      expect(cells[8]).toContain(`outputIndex=${entry.args.outputIndex as string}`)
    })
  })

  it('text: a line per pool event, and the pool totals in ETH', async () => {
    const result = await history([validator.address, '--to-block', String(poolJson.toBlock), '--validator-pool', chain.addresses.validatorPool], newCacheHome())
    expect(result.exitCode, result.stderr).toBe(0)
    for (const entry of poolJson.entries) expect(result.stdout).toContain(entry.transactionHash)
    const eth = (wei: string) => `${Number(BigInt(wei)) / 1e18} ETH`
    for (const entry of poolJson.entries.filter((item) => item.contract === 'ValidatorPool')) {
      const verb = entry.event === 'Bonded' ? 'bonded' : 'unbonded'
      expect(result.stdout).toContain(`V1 pool: ${verb} ${eth(entry.args.amount as string)} (output ${entry.args.outputIndex as string})`)
    }
    expect(result.stdout).toMatch(new RegExp(`V1 pool bonded / unbonded\\s+${eth(poolJson.totals.poolBonded)} / ${eth(poolJson.totals.poolUnbonded)}`))
  })
})
