import type { RpcSender } from '../chain/json-rpc.js'
import { decodeRevert } from '../chain/revert.js'
import { revertDataOf } from '../chain/rpc.js'
import { contractAt, readViews, viewCall, ViewCallFailed } from '../chain/view-call.js'
import { VIEWS } from '../chain/types/views.js'
import { CliError, ExitCode } from '../errors.js'

/** Revert strings of the V1 ValidatorPool that answer a question rather than signal a failure. */
export const POOL_REVERTS = {
  terminated: 'ValidatorPool: only can deposit to ValidatorPool before terminated',
  noBondToUnbond: 'ValidatorPool: no bond that can be unbond',
  insufficientBalance: 'ValidatorPool: insufficient balances',
  zeroAddress: 'ValidatorPool: cannot withdraw to the zero address',
} as const

/** What the V1 ValidatorPool holds for one address, read at one block. */
export interface PoolState {
  pool: string
  address: string
  blockNumber: bigint
  /** ETH (wei) the address can withdraw: its deposits and released bonds, minus what is bonded. */
  balance: bigint
  requiredBondAmount: bigint
  terminateOutputIndex: bigint
  /** Deposits are refused: outputs have gone past TERMINATE_OUTPUT_INDEX. */
  terminated: boolean
  /** unbond() would release at least one expired bond now (each to the validator that submitted its output). */
  unbondable: boolean
}

/**
 * Reads the pool for `address` at `block` in one round trip: the balance and the pool's
 * immutables, and two calls the pool answers with its own revert strings:
 * deposit() of nothing (refused once terminated) and unbond() (refused when no bond has expired).
 * At 'latest' (beside a snapshot, in its HTTP batch), the block number is asked in the same batch.
 */
export async function readPoolState(rpc: RpcSender, pool: string, address: string, block: bigint | 'latest'): Promise<PoolState> {
  const contract = contractAt('ValidatorPool', pool)
  const calls = [viewCall(contract, 'balanceOf', address), viewCall(contract, 'REQUIRED_BOND_AMOUNT'), viewCall(contract, 'TERMINATE_OUTPUT_INDEX')] as const
  const blockTag = block === 'latest' ? block : `0x${block.toString(16)}`
  const [views, depositRefused, unbondRefused, blockNumber] = await Promise.all([
    readViews(rpc, calls, blockTag).catch((error: unknown) => {
      throw error instanceof ViewCallFailed || (error as { code?: string }).code === 'BAD_DATA' ? poolNotFound(pool, error) : error
    }),
    refusedWith(rpc, { from: address, to: pool, data: VIEWS.ValidatorPool.deposit.selector }, blockTag, POOL_REVERTS.terminated),
    refusedWith(rpc, { from: address, to: pool, data: VIEWS.ValidatorPool.unbond.selector }, blockTag, POOL_REVERTS.noBondToUnbond),
    block === 'latest' ? rpc.send('eth_blockNumber', []).then((answer) => BigInt(answer as string)) : block,
  ])
  const [balance, requiredBondAmount, terminateOutputIndex] = views
  return { pool, address, blockNumber, balance, requiredBondAmount, terminateOutputIndex, terminated: depositRefused, unbondable: !unbondRefused }
}

/** True when the call reverts with exactly `reason`, false when it succeeds; any other revert means no pool is there. */
async function refusedWith(rpc: RpcSender, call: { from: string; to: string; data: string }, blockTag: string, reason: string): Promise<boolean> {
  try {
    await rpc.send('eth_call', [call, blockTag])
    return false
  } catch (error) {
    const data = revertDataOf(error)
    const decoded = decodeRevert(data)
    if (decoded.name === 'Error' && decoded.explanation === reason) return true
    if (data !== undefined || /revert/i.test(String((error as Error).message))) throw poolNotFound(call.to, error)
    throw error
  }
}

function poolNotFound(pool: string, cause: unknown): CliError {
  return new CliError(`No V1 ValidatorPool answers at ${pool} on this chain.`, {
    code: 'CONTRACTS_NOT_FOUND',
    exitCode: ExitCode.rpc,
    suggestions: [
      'Check the network, --validator-pool (VALIDATOR_VALPOOL_ADDRESS, config validator-pool), and that the RPC serves the chain it is deployed on.',
    ],
    cause,
  })
}
