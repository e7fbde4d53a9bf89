import { parseAddress } from '../address.js'
import { checkChainId, withRpcErrors } from '../chain/rpc.js'
import { requireValidatorPool } from '../config/connection.js'
import { createChainContext, type ContextFlags } from '../chain-context.js'
import type { SignerFlags } from '../signers/resolve.js'
import { defaultAddress } from '../default-address.js'
import { poolStatusJson, type PoolStatusJson } from './report.js'
import { readPoolState } from './state.js'

/**
 * `pool status`: what the V1 ValidatorPool holds for an address (given, else the configured
 * validator or the signer), with what it can get back. Two round trips: the block, then the pool at it.
 */
export async function readPoolStatus(flags: ContextFlags & SignerFlags, raw: string | undefined): Promise<PoolStatusJson> {
  const context = createChainContext(flags)
  try {
    const pool = requireValidatorPool(context.connection)
    const address =
      raw === undefined
        ? await defaultAddress(context.store.list(), flags, { prefer: 'validator', example: 'kroma-validator pool status 0x…' })
        : parseAddress(raw, 'address')
    return await withRpcErrors(context.connection.rpcUrl, async () => {
      const [chainIdHex, blockHex, code] = (await Promise.all([
        context.rpc.send('eth_chainId', []),
        context.rpc.send('eth_blockNumber', []),
        context.rpc.send('eth_getCode', [address, 'latest']),
      ])) as [string, string, string]
      checkChainId(Number(BigInt(chainIdHex)), context.connection.chainId, context.connection.networkName, context.connection.rpcUrl)
      const state = await readPoolState(context.rpc, pool, address, BigInt(blockHex))
      // An EIP-7702 delegation designator (0xef0100…) still belongs to an externally owned account.
      return poolStatusJson(state, { signerIsContract: code !== '0x' && !code.startsWith('0xef0100') })
    })
  } finally {
    context.rpc.destroy()
  }
}
