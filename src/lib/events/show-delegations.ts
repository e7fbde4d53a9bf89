import { parseAddress } from '../address.js'
import type { Connection } from '../config/connection.js'
import { delegationFilter, holdsSomething, positionsFromLogs, readPositions, type DelegationPosition } from './delegations.js'
import { blockTimestamp, scanLogs } from './scan.js'
import { openEventSession, readEvents, type EventFlags } from './session.js'

export interface DelegationsFlags extends EventFlags {
  validator?: string
}

export interface DelegationsJson {
  delegator: string
  blockNumber: number
  positions: DelegationPosition[]
}

export interface DelegationsReport {
  json: DelegationsJson
  /** The time of the block read: what "unlocks in" is measured from. */
  timestamp: number
  connection: Connection
}

/**
 * Every position of a delegator: the validators found in its delegation events (from the
 * AssetManager's deployment), each read at the latest block.
 */
export async function readDelegations(
  flags: DelegationsFlags,
  addressArg: string | undefined,
  onProgress?: (done: number, total: number) => void,
): Promise<DelegationsReport> {
  const only = flags.validator === undefined ? undefined : parseAddress(flags.validator, '--validator address')
  const { context, address: delegator } = await openEventSession(flags, addressArg, 'kroma-validator delegations 0x…')
  const { connection, rpc } = context
  return readEvents(context, async (chainId, head) => {
    const blockNumber = head.latest
    const filter = delegationFilter(connection.assetManager, delegator)
    const cacheKey = { kind: 'delegations', chainId, assetManager: connection.assetManager.toLowerCase(), address: delegator.toLowerCase(), filters: [filter] }
    const fromBlock = connection.deploymentBlocks?.assetManager ?? 0
    const logs = await scanLogs(rpc, {
      rpcUrl: connection.rpcUrl,
      cacheKey,
      filters: [filter],
      fromBlock,
      toBlock: blockNumber,
      head,
      useCache: !flags['no-cache'],
      env: process.env,
      onProgress,
    })
    const found = positionsFromLogs(logs)
    for (const validator of found.keys()) if (only && validator !== only) found.delete(validator)
    const [positions, timestamp] = await Promise.all([readPositions(rpc, connection, delegator, found, blockNumber), blockTimestamp(rpc, blockNumber)])
    return { json: { delegator, blockNumber, positions: positions.filter(holdsSomething) }, timestamp, connection }
  })
}
