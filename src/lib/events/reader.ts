import type { RpcSender } from '../chain/json-rpc.js'
import { isTransportError } from '../chain/rpc.js'
import { classifyRefusal, type Refusal, type RangeSizer } from './ranges.js'

/** One eth_getLogs filter without its block range: contracts, and topics by position (null: any). */
export interface LogFilter {
  address: string[]
  topics: Array<string | string[] | null>
}

/** A log as the node gives it, with numbers as numbers. */
export interface RawLog {
  address: string
  topics: string[]
  data: string
  blockNumber: number
  transactionHash: string
  logIndex: number
}

export interface ReadLogsOptions {
  filters: LogFilter[]
  fromBlock: number
  toBlock: number
  sizer: RangeSizer
  /** Blocks read so far (summed over the filters), of `total`. */
  onProgress?: (done: number, total: number) => void
}

interface Chunk {
  filter: number
  from: number
  to: number
  attempt: number
}

/** eth_getLogs calls per HTTP request. */
const LOGS_PER_REQUEST = 8
/** HTTP requests waiting for an answer at once. */
const IN_FLIGHT = 4
/** Further attempts of a range after a transport failure (the client retries each request too), the first after this pause. */
const RETRIES = 2
const BACKOFF_MS = 500

/** The endpoint refused even the narrowest query, or answered something that is not a log list. */
export class LogReadError extends Error {}

/**
 * Reads every log of the filters in [fromBlock, toBlock]: ranges as wide as the sizer allows,
 * several per HTTP request, a bounded number of requests in flight; a refused range is read
 * again narrower, a range lost in transport again after a pause.
 */
export async function readLogs(rpc: RpcSender, options: ReadLogsOptions): Promise<RawLog[]> {
  const { filters, sizer } = options
  const total = options.toBlock >= options.fromBlock ? (options.toBlock - options.fromBlock + 1) * filters.length : 0
  let done = 0
  const logs: RawLog[] = []
  // Unread block segments, per filter; a chunk is cut from the head of the first one when it is sent.
  const pending: Chunk[] = total === 0 ? [] : filters.map((_, filter) => ({ filter, from: options.fromBlock, to: options.toBlock, attempt: 0 }))

  const take = (): Chunk => {
    const head = pending.shift()!
    const to = Math.min(head.to, head.from + sizer.width - 1)
    if (to < head.to) pending.unshift({ ...head, from: to + 1, attempt: 0 })
    return { ...head, to }
  }

  /** Takes in one answer; a chunk lost in transport is returned, to be sent again after a pause. */
  const settle = (chunk: Chunk, outcome: PromiseSettledResult<unknown>): Chunk | undefined => {
    const span = chunk.to - chunk.from + 1
    if (outcome.status === 'fulfilled') {
      const answered = parseLogs(outcome.value)
      sizer.answered(span, answered.length)
      logs.push(...answered)
      done += span
      options.onProgress?.(done, total)
      return undefined
    }
    const error: unknown = outcome.reason
    const refusal = refusalOf(error)
    if (refusal) {
      if (!sizer.refused(span, refusal))
        throw new LogReadError(`the endpoint refuses eth_getLogs even for block ${chunk.from}: ${messageOf(error)}`, { cause: error })
      pending.unshift({ ...chunk, attempt: 0 })
      return undefined
    }
    if (isTransportError(error) && chunk.attempt < RETRIES) return { ...chunk, attempt: chunk.attempt + 1 }
    throw error
  }

  const sendBatch = async (chunks: Chunk[]): Promise<void> => {
    // Sent in one tick: the client puts them in one HTTP request.
    const outcomes = await Promise.allSettled(chunks.map((chunk) => rpc.send('eth_getLogs', [toParams(filters[chunk.filter]!, chunk)])))
    const again = chunks.flatMap((chunk, index) => settle(chunk, outcomes[index]!) ?? [])
    if (again.length === 0) return
    await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS * 2 ** (Math.max(...again.map((chunk) => chunk.attempt)) - 1)))
    pending.unshift(...again)
  }

  await new Promise<void>((resolve, reject) => {
    let active = 0
    let failed = false
    let launching = false
    const pump = (): void => {
      if (failed || launching) return
      if (pending.length === 0 && active === 0) return resolve()
      // Until a width is proven, one range at a time: a refusal costs one call, not a batch of them.
      if (pending.length === 0 || active >= (sizer.proven ? IN_FLIGHT : 1)) return
      const chunks: Chunk[] = []
      while (chunks.length < (sizer.proven ? LOGS_PER_REQUEST : 1) && pending.length > 0) chunks.push(take())
      active++
      sendBatch(chunks).then(
        () => {
          active--
          pump()
        },
        (error: unknown) => {
          failed = true
          reject(error)
        },
      )
      // The next request after the client has sent this one: calls made in one tick share an HTTP request.
      launching = true
      setImmediate(() => {
        launching = false
        pump()
      })
    }
    pump()
  })
  return logs.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex)
}

function toParams(filter: LogFilter, chunk: Chunk): Record<string, unknown> {
  return { address: filter.address, topics: filter.topics, fromBlock: hex(chunk.from), toBlock: hex(chunk.to) }
}

export function hex(value: number): string {
  return `0x${value.toString(16)}`
}

/** How the two RPC clients shape a node's refusal: a JSON-RPC error object, or an HTTP status with its body. */
function refusalOf(error: unknown): Refusal | undefined {
  const shaped = (error ?? {}) as {
    error?: { code?: unknown; message?: unknown }
    info?: { error?: { code?: unknown; message?: unknown } }
    status?: unknown
    body?: unknown
  }
  const answer = shaped.info?.error ?? shaped.error
  if (answer && typeof answer.message === 'string')
    return classifyRefusal({ message: answer.message, rpcCode: typeof answer.code === 'number' ? answer.code : undefined })
  if (typeof shaped.status === 'number' && shaped.status >= 400) {
    return classifyRefusal({ message: typeof shaped.body === 'string' ? shaped.body : messageOf(error), httpStatus: shaped.status })
  }
  return undefined
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function parseLogs(value: unknown): RawLog[] {
  if (!Array.isArray(value)) throw new LogReadError('eth_getLogs answered something that is not a list of logs')
  return value
    .filter((log: { removed?: boolean }) => log.removed !== true)
    .map((log: Record<string, unknown>) => {
      if (typeof log.blockNumber !== 'string' || typeof log.logIndex !== 'string' || typeof log.transactionHash !== 'string' || !Array.isArray(log.topics)) {
        throw new LogReadError('eth_getLogs answered a log without its block, index or transaction')
      }
      return {
        address: String(log.address),
        topics: log.topics.map(String),
        data: String(log.data),
        blockNumber: Number(BigInt(log.blockNumber)),
        transactionHash: log.transactionHash,
        logIndex: Number(BigInt(log.logIndex)),
      }
    })
}

/** Other calls (block times, views) per HTTP request. */
const CALLS_PER_REQUEST = 50

/**
 * Calls `request` for every item, CALLS_PER_REQUEST calls per HTTP request (sent in one tick;
 * `callsPerItem` when each item makes several) and at most IN_FLIGHT requests at a time; results
 * in the items' order.
 */
export async function inBatches<I, R>(items: I[], request: (item: I) => Promise<R>, callsPerItem = 1): Promise<R[]> {
  const perRequest = Math.max(1, Math.floor(CALLS_PER_REQUEST / callsPerItem))
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      // Workers take turns a tick apart: calls made in one tick would share one HTTP request.
      await new Promise((resolve) => setImmediate(resolve))
      if (next >= items.length) return
      const start = next
      next = Math.min(items.length, next + perRequest)
      const answers = await Promise.all(items.slice(start, next).map((item) => request(item)))
      answers.forEach((answer, offset) => (results[start + offset] = answer))
    }
  }
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, Math.ceil(items.length / perRequest)) }, worker))
  return results
}
