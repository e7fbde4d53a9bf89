import { parseAddress } from '../address.js'
import { checkChainId, withRpcErrors } from '../chain/rpc.js'
import { maskUrl } from '../chain/url.js'
import type { Connection } from '../config/connection.js'
import { defaultAddress } from '../default-address.js'
import { CliError, ExitCode, invalidInput } from '../errors.js'
import { createReadContext, type ContextFlags } from '../read-context.js'
import type { SignerFlags } from '../signers/resolve.js'
import { decodeHistory, historyFilters, historyTotals, type HistoryContracts, type HistoryEntry, type HistoryTotals } from './history.js'
import { LogReadError } from './reader.js'
import { blockTimestamp, firstBlockAtOrAfter, readHead, scanLogs } from './scan.js'
import type { Since } from './since.js'

export interface HistoryFlags extends ContextFlags, SignerFlags {
  'from-block'?: number
  'to-block'?: number
  /** Only events at or after this time. */
  since?: Since
  'no-cache': boolean
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

export async function readHistory(flags: HistoryFlags, addressArg: string | undefined, onProgress?: (done: number, total: number) => void): Promise<HistoryReport> {
  const context = createReadContext(flags)
  const { connection, rpc } = context
  const address = addressArg !== undefined ? parseAddress(addressArg) : await defaultAddress(context.store.list(), flags, { prefer: 'signer', example: 'kroma-validator history 0x…' })
  if (flags['from-block'] !== undefined && flags['to-block'] !== undefined && flags['from-block'] > flags['to-block']) {
    throw invalidInput('INVALID_BLOCK_RANGE', `--from-block ${flags['from-block']} is after --to-block ${flags['to-block']}.`, ['Give a --from-block at or below --to-block.'])
  }
  const contracts: HistoryContracts = { validatorManager: connection.validatorManager, assetManager: connection.assetManager, validatorPool: connection.validatorPool }
  try {
    return await withRpcErrors(connection.rpcUrl, async () => {
      const chainId = Number(BigInt(String(await rpc.send('eth_chainId', []))))
      checkChainId(chainId, connection.chainId, connection.networkName, connection.rpcUrl)
      const head = await readHead(rpc)
      const toBlock = Math.min(flags['to-block'] ?? head.latest, head.latest)
      let fromBlock = flags['from-block'] ?? startBlock(connection)
      if (fromBlock > head.latest) {
        throw invalidInput('INVALID_BLOCK_RANGE', `--from-block ${fromBlock} is beyond the chain's latest block ${head.latest}.`, [`Give a block at or below ${head.latest}.`])
      }
      const { since } = flags
      if (since !== undefined) {
        const at = 'at' in since ? since.at : (await blockTimestamp(rpc, head.latest)) - since.ago
        fromBlock = await firstBlockAtOrAfter(rpc, at, fromBlock, toBlock)
      }
      const filters = historyFilters(contracts, address)
      const cacheKey = { kind: 'history', chainId, contracts, address: address.toLowerCase(), filters }
      const logs = await scanLogs(rpc, { rpcUrl: connection.rpcUrl, cacheKey, filters, fromBlock, toBlock, head, useCache: !flags['no-cache'], env: process.env, onProgress })
      const entries = decodeHistory(logs, contracts, address)
      return { json: { address, chainId, fromBlock, toBlock, entries, totals: historyTotals(entries, address) }, connection }
    })
  } catch (error) {
    if (error instanceof LogReadError) throw endpointFailed(connection.rpcUrl, error)
    throw error
  } finally {
    rpc.destroy()
  }
}

/** The endpoint cannot serve the logs (not a transport failure): exit 4, naming it. */
export function endpointFailed(rpcUrl: string, error: LogReadError): CliError {
  return new CliError(`The RPC at ${maskUrl(rpcUrl)} cannot serve the logs: ${error.message}.`, {
    code: 'RPC_ERROR',
    exitCode: ExitCode.rpc,
    suggestions: ['Try again later, or use another endpoint (--rpc-url).'],
    cause: error,
  })
}
