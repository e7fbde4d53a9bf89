import type { RpcSender } from '../chain/json-rpc.js'
import { logCachePath, readLearnedRange, readLogCache, writeLearnedRange, writeLogCache, type TimedLog } from './cache.js'
import { RangeSizer } from './ranges.js'
import { LogReadError, hex, inBatches, readLogs, type LogFilter } from './reader.js'

/** Where the node names no `finalized` block, blocks this deep are taken as final. */
export const REORG_DEPTH = 64

export interface Head {
  latest: number
  /** The deepest block no reorganisation will change. */
  safe: number
}

/** The chain's head and its finalized block, in one request. */
export async function readHead(rpc: RpcSender): Promise<Head> {
  const [latest, finalized] = await Promise.all([rpc.send('eth_blockNumber', []), rpc.send('eth_getBlockByNumber', ['finalized', false]).catch(() => null)])
  const latestNumber = Number(BigInt(String(latest)))
  const finalizedNumber = blockNumberOf(finalized)
  const safe = finalizedNumber !== undefined && finalizedNumber <= latestNumber ? finalizedNumber : Math.max(-1, latestNumber - REORG_DEPTH)
  return { latest: latestNumber, safe }
}

function blockNumberOf(block: unknown): number | undefined {
  const number = (block as { number?: unknown } | null)?.number
  return typeof number === 'string' ? Number(BigInt(number)) : undefined
}

export interface ScanRequest {
  rpcUrl: string
  /** Identifies the query in the cache: chain id, contracts, address, filters. */
  cacheKey: unknown
  filters: LogFilter[]
  fromBlock: number
  toBlock: number
  head: Head
  /** False: read everything again (and keep the result). */
  useCache: boolean
  env: NodeJS.ProcessEnv
  onProgress?: (done: number, total: number) => void
}

/**
 * Every log of the filters in [fromBlock, toBlock] with its block's time: what the cache holds
 * is read from it, the rest from the node. The cache is written only once everything was read,
 * and only up to the safe block.
 */
export async function scanLogs(rpc: RpcSender, request: ScanRequest): Promise<TimedLog[]> {
  const { fromBlock, toBlock, head, env } = request
  const path = logCachePath(env, request.cacheKey)
  const cached = request.useCache ? readLogCache(path, request.cacheKey) : undefined
  // The cache serves a query that starts inside (or right after) what it covers.
  const usable = cached && cached.fromBlock <= fromBlock && fromBlock <= cached.toBlock + 1 ? cached : undefined
  const readFrom = usable ? Math.max(fromBlock, usable.toBlock + 1) : fromBlock

  const sizer = new RangeSizer(readLearnedRange(env, request.rpcUrl))
  let fresh: TimedLog[] = []
  if (readFrom <= toBlock) {
    try {
      const logs = await readLogs(rpc, { filters: request.filters, fromBlock: readFrom, toBlock, sizer, onProgress: request.onProgress })
      fresh = await withTimestamps(rpc, dedupe(logs))
    } finally {
      writeLearnedRange(env, request.rpcUrl, sizer.learned)
    }
  }
  const old = usable ? usable.logs.filter((log) => log.blockNumber >= fromBlock && log.blockNumber <= toBlock) : []

  const keepTo = Math.min(toBlock, head.safe)
  if (keepTo >= readFrom) {
    const start = usable ? usable.fromBlock : fromBlock
    const kept = [...(usable?.logs ?? []), ...fresh.filter((log) => log.blockNumber <= keepTo)]
    writeLogCache(path, request.cacheKey, { fromBlock: start, toBlock: keepTo, logs: kept })
  }
  return [...old, ...fresh]
}

/** A log matched by two filters (the address in two topics) is one log. */
function dedupe<L extends { blockNumber: number; logIndex: number }>(logs: L[]): L[] {
  const seen = new Set<string>()
  return logs.filter((log) => {
    const id = `${log.blockNumber}:${log.logIndex}`
    if (seen.has(id)) return false
    seen.add(id)
    return true
  })
}

async function withTimestamps(rpc: RpcSender, logs: Array<Omit<TimedLog, 'timestamp'>>): Promise<TimedLog[]> {
  const blocks = [...new Set(logs.map((log) => log.blockNumber))]
  const times = await inBatches(blocks, (block) => blockTimestamp(rpc, block))
  const byBlock = new Map(blocks.map((block, index) => [block, times[index]!]))
  return logs.map((log) => ({ ...log, timestamp: byBlock.get(log.blockNumber)! }))
}

export async function blockTimestamp(rpc: RpcSender, block: number): Promise<number> {
  const answer = (await rpc.send('eth_getBlockByNumber', [hex(block), false])) as { timestamp?: unknown } | null
  if (typeof answer?.timestamp !== 'string') throw new LogReadError(`the endpoint does not have block ${block}`)
  return Number(BigInt(answer.timestamp))
}

/** The first block at or after `unixSeconds` in [low, high] (high + 1 when none is): a binary search over block times. */
export async function firstBlockAtOrAfter(rpc: RpcSender, unixSeconds: number, low: number, high: number): Promise<number> {
  let lo = low
  let hi = high + 1
  while (lo < hi) {
    const middle = Math.floor((lo + hi) / 2)
    if ((await blockTimestamp(rpc, middle)) >= unixSeconds) hi = middle
    else lo = middle + 1
  }
  return lo
}
