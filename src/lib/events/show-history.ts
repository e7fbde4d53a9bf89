import type { Connection } from '../config/connection.js'
import { invalidInput } from '../errors.js'
import { decodeHistory, historyFilters, historyTotals, type HistoryContracts, type HistoryEntry, type HistoryTotals } from './history.js'
import { blockTimestamp, firstBlockAtOrAfter, scanLogs } from './scan.js'
import { openEventSession, readEvents, type EventFlags } from './session.js'
import type { Since } from './since.js'

export interface HistoryFlags extends EventFlags {
  'from-block'?: number
  'to-block'?: number
  /** Only events at or after this time. */
  since?: Since
}

export interface HistoryJson {
  address: string
  chainId: number
  fromBlock: number
  toBlock: number
  entries: HistoryEntry[]
  totals: HistoryTotals
}

export interface HistoryReport {
  json: HistoryJson
  connection: Connection
}

/** Where a network's history starts: the earliest deployment block of the contracts read. */
function startBlock(connection: Connection): number {
  const blocks = connection.deploymentBlocks
  if (!blocks) return 0
  return Math.min(blocks.validatorManager, blocks.assetManager, ...(connection.validatorPool ? [blocks.validatorPool] : []))
}

export async function readHistory(
  flags: HistoryFlags,
  addressArg: string | undefined,
  onProgress?: (done: number, total: number) => void,
): Promise<HistoryReport> {
  if (flags['from-block'] !== undefined && flags['to-block'] !== undefined && flags['from-block'] > flags['to-block']) {
    throw invalidInput('INVALID_BLOCK_RANGE', `--from-block ${flags['from-block']} is after --to-block ${flags['to-block']}.`, [
      'Give a --from-block at or below --to-block.',
    ])
  }
  const { context, address } = await openEventSession(flags, addressArg, 'kroma-validator history 0x…')
  const { connection, rpc } = context
  const contracts: HistoryContracts = {
    validatorManager: connection.validatorManager,
    assetManager: connection.assetManager,
    validatorPool: connection.validatorPool,
  }
  const json = await readEvents(context, async (chainId, head) => {
    const toBlock = Math.min(flags['to-block'] ?? head.latest, head.latest)
    let fromBlock = flags['from-block'] ?? startBlock(connection)
    if (fromBlock > head.latest) {
      throw invalidInput('INVALID_BLOCK_RANGE', `--from-block ${fromBlock} is beyond the chain's latest block ${head.latest}.`, [
        `Give a block at or below ${head.latest}.`,
      ])
    }
    const { since } = flags
    if (since !== undefined) {
      const at = 'at' in since ? since.at : (await blockTimestamp(rpc, head.latest)) - since.ago
      fromBlock = await firstBlockAtOrAfter(rpc, at, fromBlock, toBlock)
    }
    const filters = historyFilters(contracts, address)
    const cacheKey = { kind: 'history', chainId, contracts, address: address.toLowerCase(), filters }
    const logs = await scanLogs(rpc, {
      rpcUrl: connection.rpcUrl,
      cacheKey,
      filters,
      fromBlock,
      toBlock,
      head,
      useCache: !flags['no-cache'],
      env: process.env,
      onProgress,
    })
    const entries = decodeHistory(logs, contracts, address)
    return { address, chainId, fromBlock, toBlock, entries, totals: historyTotals(entries, address) }
  })
  return { json, connection }
}
