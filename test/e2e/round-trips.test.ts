// Round trips before the first broadcast of the sending commands, counted by a proxy in front of
// anvil (no Multicall3 on it): the snapshot, nonces and fees in one, every simulation in the other.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { chainFlags, runCli } from '../helpers/cli.js'
import { KRO, freshAccount, jsonOf, observe, type TestAccount } from '../helpers/e2e.js'
import { requestsBefore, startRpcProxy, type RpcProxy } from '../helpers/rpc-proxy.js'

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
})
