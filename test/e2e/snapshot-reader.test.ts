// The snapshot reader on anvil without Multicall3, through the library: its readings match the
// chain, long validator lists are split over several calls that all report one block.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JsonRpcClient, type RpcSender } from '../../src/lib/chain/json-rpc.js'
import type { Connection } from '../../src/lib/config/connection.js'
import { VALIDATORS_PER_READ, readSnapshot } from '../../src/lib/validator/snapshot.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { KRO, freshAccount } from '../helpers/e2e.js'

let chain: TestChain
let client: JsonRpcClient
let connection: Connection

beforeAll(async () => {
  chain = await startTestChain()
  client = new JsonRpcClient(chain.rpcUrl, { timeoutMs: 30_000 })
  connection = {
    chainId: Number(chain.chainId),
    rpcUrl: chain.rpcUrl,
    validatorManager: chain.addresses.validatorManager,
    assetManager: chain.addresses.assetManager,
    devnet: true,
  }
})
afterAll(async () => {
  client?.destroy()
  await chain?.stop()
})

describe('readSnapshot', () => {
  it("a block mined between the reader calls: the later call is read again at the first one's block", async () => {
    expect(await chain.provider.getCode('0xcA11bde05977b3631167028862bE2a173976CA11')).toBe('0x')
    const validator = await freshAccount(chain, { kro: KRO(50_000) })
    await chain.registerValidator(validator.privateKey, KRO(12_000), 10)
    // The registered validator is the last one, in the second reader call.
    const validators = [...Array.from({ length: VALIDATORS_PER_READ }, () => Wallet.createRandom().address), validator.address]
    const kroBefore = await chain.kroBalance(validator.address)
    const blockTags: unknown[] = []
    let readerCalls = 0
    // Before the second reader call reaches the node, a block moves KRO to the validator.
    const sender: RpcSender = {
      async send(method, params) {
        if (method === 'eth_call' && !(params[0] as { to?: string }).to) {
          blockTags.push(params[1])
          if (readerCalls++ === 1) await chain.mintKro(validator.address, KRO(1))
        }
        return client.send(method, params)
      },
    }

    const snapshot = await readSnapshot(sender, connection, { validators, account: validator.address })

    expect(blockTags).toEqual(['latest', 'latest', `0x${snapshot.blockNumber.toString(16)}`])
    expect(await chain.provider.getBlockNumber()).toBe(Number(snapshot.blockNumber) + 1)
    expect(snapshot.validators.map((state) => state.address)).toEqual(validators)
    const read = snapshot.validators.at(-1)!
    expect(read.kroBalance).toBe(kroBefore)
    expect(snapshot.account!.kroBalance).toBe(kroBefore)
    expect(read).toMatchObject({ status: 'ACTIVE', totalKro: KRO(12_000), commissionRate: 10n, withdrawAccount: validator.address })
    expect(snapshot.validators[0]).toMatchObject({ status: 'NONE', totalKro: 0n, kroBalance: 0n })
  })
})
