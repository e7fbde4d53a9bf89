// Round trips before the first broadcast of the sending commands, counted by a proxy in front of
// anvil (no Multicall3 on it): the snapshot, nonces and fees in one, with the action's own reads (a
// delegator's position, the V1 pool), every simulation in the other.
import { Wallet, parseEther } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { chainFlags, runCli } from '../helpers/cli.js'
import { KRO, freshAccount, jsonOf, observe, type TestAccount } from '../helpers/e2e.js'
import { requestsBefore, startRpcProxy, type RpcProxy } from '../helpers/rpc-proxy.js'
import { ValidatorPool__factory } from '../helpers/types/index.js'

let chain: TestChain
let proxy: RpcProxy

beforeAll(async () => {
  chain = await startTestChain()
  proxy = await startRpcProxy(chain.rpcUrl)
})
afterAll(async () => {
  await proxy?.stop()
  await chain?.stop()
})

function viaProxy(account: TestAccount, args: string[]) {
  proxy.reset()
  return runCli([...args, ...chainFlags({ rpcUrl: proxy.url, chainId: chain.chainId, addresses: chain.addresses })], {
    env: { VALIDATOR_PRIVATE_KEY: account.privateKey },
  })
}

interface DryRunJson {
  transactions: Array<{ function: string; gasEstimate: string | null }>
}

const register = (withdrawAccount: string, ...extra: string[]) => [
  'register',
  '--amount',
  '12000KRO',
  '--commission-rate',
  '10',
  '--withdraw-account',
  withdrawAccount,
  ...extra,
]

describe('round trips before the first broadcast', () => {
  it('register with its approve: two, the register simulated with the allowance the approve grants', async () => {
    const validator = await freshAccount(chain, { kro: KRO(50_000) })
    const withdrawAccount = Wallet.createRandom().address

    const dryRun = await viaProxy(validator, register(withdrawAccount, '--dry-run', '--json'))
    expect(dryRun.exitCode, dryRun.stderr).toBe(0)
    expect(proxy.httpRequests).toBe(2)
    // Estimated up front: with the allowance set by a state override, not left for later.
    const planned = jsonOf<DryRunJson>(dryRun).transactions
    expect(planned.map((tx) => tx.function)).toEqual(['approve', 'registerValidator'])
    for (const tx of planned) expect(BigInt(tx.gasEstimate ?? '0')).toBeGreaterThan(21_000n)

    const sent = await viaProxy(validator, register(withdrawAccount, '--yes'))
    expect(sent.exitCode, sent.stderr).toBe(0)
    expect(requestsBefore(proxy, 'eth_sendRawTransaction')).toBe(2)
    expect((await observe(chain, validator.address)).totalKro).toBe(KRO(12_000))
  })

  it('changeCommission init: two', async () => {
    const validator = await freshAccount(chain, { kro: KRO(50_000) })
    await chain.registerValidator(validator.privateKey, KRO(12_000), 10)

    const sent = await viaProxy(validator, ['changeCommission', 'init', '--commission-rate', '25', '--yes'])
    expect(sent.exitCode, sent.stderr).toBe(0)
    expect(requestsBefore(proxy, 'eth_sendRawTransaction')).toBe(2)
    expect((await observe(chain, validator.address)).pendingCommissionRate).toBe(25n)
  })

  /** Counts a command's round trips as --dry-run --json, then before its first broadcast as sent (text, --yes). */
  async function expectRoundTrips(account: TestAccount, args: string[], count = 2): Promise<void> {
    const dryRun = await viaProxy(account, [...args, '--dry-run', '--json'])
    expect(dryRun.exitCode, dryRun.stderr).toBe(0)
    expect(proxy.httpRequests).toBe(count)
    const sent = await viaProxy(account, [...args, '--yes'])
    expect(sent.exitCode, sent.stderr).toBe(0)
    expect(requestsBefore(proxy, 'eth_sendRawTransaction')).toBe(count)
  }

  it('delegate and undelegate: two, the position read beside the snapshot', async () => {
    const validator = await freshAccount(chain, { kro: KRO(12_000) })
    await chain.registerValidator(validator.privateKey, KRO(12_000), 10)
    const delegator = await freshAccount(chain, { kro: KRO(1_000) })

    await expectRoundTrips(delegator, ['delegate', '--validator', validator.address, '--amount', '100KRO'])
    await chain.increaseTime(chain.params.minDelegationPeriod)
    await expectRoundTrips(delegator, ['undelegate', '--validator', validator.address, '--amount', '10KRO'])
  })

  it('kgh delegate, claim, undelegate by id: two; undelegate all: four, the ids found in the events first', async () => {
    const validator = await freshAccount(chain, { kro: KRO(12_000) })
    await chain.registerValidator(validator.privateKey, KRO(12_000), 10)
    const delegator = await freshAccount(chain)
    const ids = await chain.mintKgh(delegator.address, 2)

    await expectRoundTrips(delegator, ['kgh', 'delegate', '--validator', validator.address, '--token-id', ids.join(',')])
    await chain.submitOutput(validator.address)
    await chain.finalizeOutputs()
    await expectRoundTrips(delegator, ['kgh', 'claim', '--validator', validator.address])
    await chain.increaseTime(chain.params.minDelegationPeriod)
    await expectRoundTrips(delegator, ['kgh', 'undelegate', '--validator', validator.address, '--token-id', String(ids[0])])
    // The events are read up to the snapshot's block (one range on this chain), and the tokens
    // they name are read before the plan can be simulated.
    await expectRoundTrips(delegator, ['kgh', 'undelegate', '--validator', validator.address, '--token-id', 'all'], 4)
  })

  it('pool withdraw, withdraw-to, unbond: two, the pool read beside the snapshot', async () => {
    // The deployer drives the pool model's test hooks: a deposit and an expired bond.
    const pool = ValidatorPool__factory.connect(chain.addresses.validatorPool, chain.wallet(chain.accounts[0]!.privateKey))
    const account = await freshAccount(chain)
    await (await pool.testCredit(account.address, { value: parseEther('1') })).wait()
    await (await pool.testCreateBond(account.address, 1n)).wait()
    const poolFlag = ['--validator-pool', chain.addresses.validatorPool]

    await expectRoundTrips(account, ['pool', 'unbond', ...poolFlag])
    await expectRoundTrips(account, ['pool', 'withdraw', '--amount', '0.1ETH', ...poolFlag])
    await expectRoundTrips(account, ['pool', 'withdraw-to', '--to', Wallet.createRandom().address, '--amount', '0.1ETH', ...poolFlag])
  })

  it('pool status: one request, the chain id and the pool read together', async () => {
    const pool = ValidatorPool__factory.connect(chain.addresses.validatorPool, chain.wallet(chain.accounts[0]!.privateKey))
    const account = await freshAccount(chain)
    await (await pool.testCredit(account.address, { value: parseEther('1') })).wait()
    const status = await viaProxy(account, ['pool', 'status', account.address, '--validator-pool', chain.addresses.validatorPool, '--json'])
    expect(status.exitCode, status.stderr).toBe(0)
    expect(jsonOf<{ balance: string }>(status).balance).toBe(parseEther('1').toString())
    expect(proxy.httpRequests).toBe(1)
  })
})
