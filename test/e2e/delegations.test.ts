// `delegations` end to end through bin/run.js: positions found from the AssetManager's events and
// checked against direct contract reads at the block the CLI read; and a delegator's `history`
// (delegation events one to one with the node's logs, and their totals).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ValidatorStatus, startTestChain, type TestChain } from '../helpers/chain.js'
import { runCli, type CliResult, chainFlags } from '../helpers/cli.js'
import { KRO, freshAccount, interfaces, jsonOf, type TestAccount } from '../helpers/e2e.js'

let chain: TestChain
let delegator: TestAccount
let validators: TestAccount[]
let kghIds: bigint[]

interface Position {
  validator: string
  validatorStatus: string
  jailed: boolean
  kro: { shares: string; assets: string; canUndelegateAt: number }
  kgh: { count: number; tokenIds: string[]; claimableReward: string; tokens: Array<{ id: string; canUndelegateAt: number }> }
}
interface DelegationsJson {
  delegator: string
  blockNumber: number
  positions: Position[]
}

const STATUS = Object.fromEntries(Object.entries(ValidatorStatus).map(([name, code]) => [String(code), name]))

beforeAll(async () => {
  chain = await startTestChain()
  delegator = await freshAccount(chain, { kro: KRO(10_000) })
  validators = []
  for (let index = 0; index < 3; index++) {
    const validator = await freshAccount(chain, { kro: KRO(50_000) })
    await chain.registerValidator(validator.privateKey, KRO(20_000), 10 + index)
    validators.push(validator)
  }
  const [a, b, c] = validators as [TestAccount, TestAccount, TestAccount]
  kghIds = await chain.mintKgh(delegator.address, 4)
  // a: KRO and two KGH (a batch); b: one KGH; c: KRO delegated, then all of it taken back.
  await chain.delegate(delegator.privateKey, a.address, KRO(1_000))
  await chain.delegateKgh(delegator.privateKey, a.address, [kghIds[0]!, kghIds[1]!])
  await chain.delegateKgh(delegator.privateKey, b.address, [kghIds[2]!])
  await chain.delegate(delegator.privateKey, c.address, KRO(500))
  await chain.mine(200)
  // Rewards: a's output is finalized (base reward to its KRO delegators, boosted to its KGH).
  await chain.submitOutput(a.address)
  await chain.finalizeOutputs()
  await chain.increaseTime(chain.deployment.params.minDelegationPeriod + 1n)
  const asDelegator = chain.as(delegator.privateKey).assetManager
  const shares = await chain.contracts.assetManager.getKroTotalShareBalance(c.address, delegator.address)
  await (await asDelegator.undelegate(c.address, await chain.contracts.assetManager.previewUndelegate(c.address, shares))).wait()
  await (await asDelegator.undelegateKgh(a.address, kghIds[1]!)).wait()
  await chain.delegate(delegator.privateKey, a.address, KRO(200)) // the lock restarts
  await chain.submitOutput(a.address) // a boosted reward left to claim
  await chain.finalizeOutputs()
  await chain.jail(b.address)
  await chain.mine(100)
}, 240_000)
afterAll(async () => {
  await chain?.stop()
})

function flags(): string[] {
  return [...chainFlags({ rpcUrl: chain.rpcUrl, chainId: chain.chainId, addresses: chain.addresses })]
}

const newCacheHome = () => mkdtempSync(join(tmpdir(), 'kroma-validator-cache-'))

function run(args: string[]): Promise<CliResult> {
  return runCli([...args, ...flags()], { env: { XDG_CACHE_HOME: newCacheHome() } })
}

/** The position as the contracts say it now (nothing is mined between the CLI's read and this one). */
async function readDirectly(validator: string, tokenIds: string[]): Promise<Position> {
  const vm = chain.contracts.validatorManager
  const am = chain.contracts.assetManager
  return {
    validator,
    validatorStatus: STATUS[String(await vm.getStatus(validator))]!,
    jailed: await vm.inJail(validator),
    kro: {
      shares: (await am.getKroTotalShareBalance(validator, delegator.address)).toString(),
      assets: (await am.getKroAssets(validator, delegator.address)).toString(),
      canUndelegateAt: Number(await am.canUndelegateKroAt(validator, delegator.address)),
    },
    kgh: {
      count: Number(await am.getKghNum(validator, delegator.address)),
      tokenIds,
      claimableReward: (await am.getKghReward(validator, delegator.address)).toString(),
      tokens: await Promise.all(
        tokenIds.map(async (id) => ({ id, canUndelegateAt: Number(await am.canUndelegateKghAt(validator, delegator.address, BigInt(id))) })),
      ),
    },
  }
}

describe('delegations', () => {
  it('--json: every position holding something, as the contracts read at the same block', async () => {
    const result = await run(['delegations', delegator.address, '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<DelegationsJson>(result)
    expect(document.delegator).toBe(delegator.address)
    const [a, b] = validators as [TestAccount, TestAccount]
    // c's position was emptied: dropped.
    expect(document.positions.map((position) => position.validator)).toEqual([a.address, b.address])
    expect(document.blockNumber).toBe(await chain.provider.getBlockNumber())
    const expected = [await readDirectly(a.address, [kghIds[0]!.toString()]), await readDirectly(b.address, [kghIds[2]!.toString()])]
    expect(document.positions.map(({ validator, validatorStatus, jailed, kro, kgh }) => ({ validator, validatorStatus, jailed, kro, kgh }))).toEqual(expected)
    // The facts the setup made, so the comparison above compares something.
    expect(BigInt(document.positions[0]!.kro.assets)).toBeGreaterThan(KRO(1_200))
    expect(BigInt(document.positions[0]!.kgh.claimableReward)).toBeGreaterThan(0n)
    expect(document.positions[1]!.jailed).toBe(true)
    expect(document.positions[1]!.kro.shares).toBe('0')
  })

  it('--validator limits it to one position; the human view says what to run next', async () => {
    const [a] = validators as [TestAccount]
    const json = jsonOf<DelegationsJson>(await run(['delegations', delegator.address, '--validator', a.address, '--json']))
    expect(json.positions.map((position) => position.validator)).toEqual([a.address])
    const text = await run(['delegations', delegator.address])
    expect(text.exitCode, text.stderr).toBe(0)
    expect(text.stdout).toContain(`kroma-validator kgh claim --validator ${a.address}`)
    expect(text.stdout).toMatch(/KRO\s+1,9\d\d(\.\d+)? KRO \(\d+ shares\), locked until/) // 1,200 delegated, plus the delegators' part of two rewards
    expect(text.stdout).toContain(`#${kghIds[0]}`)
    expect(text.stdout).toMatch(/JAILED until/)
  })

  it('an address that never delegated has no positions', async () => {
    const nobody = await freshAccount(chain, { kro: 0n })
    const json = jsonOf<DelegationsJson>(await run(['delegations', nobody.address, '--json']))
    expect(json.positions).toEqual([])
  })
})

describe("a delegator's history", () => {
  it('has every delegation event naming it, and their totals', async () => {
    const result = await run(['history', delegator.address, '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<{
      entries: Array<{ transactionHash: string; logIndex: number; event: string; args: Record<string, unknown> }>
      totals: { delegated: string; undelegated: string; kghRewards: string }
    }>(result)
    const topic = `0x${delegator.address.slice(2).toLowerCase().padStart(64, '0')}`
    const logs = await chain.provider.getLogs({ address: chain.addresses.assetManager, topics: [null, null, topic], fromBlock: 0, toBlock: 'latest' })
    expect(document.entries.map((entry) => `${entry.transactionHash}:${entry.logIndex}:${entry.event}`)).toEqual(
      logs.map((log) => `${log.transactionHash}:${log.index}:${interfaces.assetManager.parseLog(log)!.name}`),
    )
    expect(new Set(document.entries.map((entry) => entry.event))).toEqual(
      new Set(['KroDelegated', 'KghBatchDelegated', 'KghDelegated', 'KroUndelegated', 'KghUndelegated']),
    )
    const sum = (event: string) =>
      document.entries
        .filter((entry) => entry.event === event)
        .reduce((total, entry) => total + BigInt(String(entry.args.amount)), 0n)
        .toString()
    expect(document.totals.delegated).toBe(sum('KroDelegated'))
    expect(document.totals.delegated).toBe(KRO(1_700).toString())
    expect(document.totals.undelegated).toBe(sum('KroUndelegated'))
    expect(document.totals.kghRewards).toBe(sum('KghUndelegated'))
    expect(BigInt(document.totals.kghRewards)).toBeGreaterThan(0n)
  })
})
