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
 * validator or the signer), with what it can get back. One round trip.
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
      // One HTTP batch: the chain id, the address's code and the pool at the latest block; a wrong chain is said before anything the pool answered.
      const chainId = context.rpc.send('eth_chainId', [])
      const code = context.rpc.send('eth_getCode', [address, 'latest'])
      const state = readPoolState(context.rpc, pool, address, 'latest')
      state.catch(() => {}) // awaited below, once the chain is known to be the right one
      code.catch(() => {})
      checkChainId(Number(BigInt((await chainId) as string)), context.connection.chainId, context.connection.networkName, context.connection.rpcUrl)
      const [poolState, codeHex] = await Promise.all([state, code as Promise<string>])
      // An EIP-7702 delegation designator (0xef0100…) still belongs to an externally owned account.
      return poolStatusJson(poolState, { signerIsContract: codeHex !== '0x' && !codeHex.startsWith('0xef0100') })
    })
  } finally {
    context.rpc.destroy()
  }
}
