import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import type { LearnedRange } from './ranges.js'
import type { RawLog } from './reader.js'

/**
 * What was read, kept under the user's cache directory so a later run reads only new blocks.
 * Only blocks deep enough not to be reorganised are kept. A file that cannot be read or does not
 * have the expected shape is ignored (and replaced by the next complete read), never an error.
 */

const VERSION = 1

/** $XDG_CACHE_HOME/kroma-validator, else ~/.cache/kroma-validator. */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kroma-validator')
}

/** A log with the time of its block. */
export interface TimedLog extends RawLog {
  timestamp: number
}

export interface LogCache {
  /** Every log of the query in [fromBlock, toBlock] (both inclusive). */
  fromBlock: number
  toBlock: number
  logs: TimedLog[]
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32)
}

/** The file of one query: chain, contracts, address and filters, hashed (the file names no address). */
export function logCachePath(env: NodeJS.ProcessEnv, key: unknown): string {
  return join(cacheDir(env), 'logs', `${digest(JSON.stringify(key))}.json`)
}

export function readLogCache(path: string, key: unknown): LogCache | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
  const file = parsed as { version?: unknown; key?: unknown; fromBlock?: unknown; toBlock?: unknown; logs?: unknown } | null
  if (!file || file.version !== VERSION || JSON.stringify(file.key) !== JSON.stringify(key)) return undefined
  if (!isBlock(file.fromBlock) || !isBlock(file.toBlock) || file.toBlock < file.fromBlock - 1 || !Array.isArray(file.logs)) return undefined
  const { fromBlock, toBlock } = file
  if (!file.logs.every((log) => isTimedLog(log) && log.blockNumber >= fromBlock && log.blockNumber <= toBlock)) return undefined
  return { fromBlock, toBlock, logs: file.logs as TimedLog[] }
}

/** Written whole to a temporary file, then renamed over the old one: a reader never sees half a file. */
export function writeLogCache(path: string, key: unknown, cache: LogCache): void {
  writeAtomically(path, JSON.stringify({ version: VERSION, key, ...cache }))
}

function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, text, { mode: 0o600 })
  renameSync(temporary, path)
}

function isBlock(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function isTimedLog(value: unknown): value is TimedLog {
  const log = value as Partial<TimedLog> | null
  return (
    !!log &&
    typeof log.address === 'string' &&
    Array.isArray(log.topics) &&
    log.topics.every((topic) => typeof topic === 'string') &&
    typeof log.data === 'string' &&
    isBlock(log.blockNumber) &&
    typeof log.transactionHash === 'string' &&
    isBlock(log.logIndex) &&
    isBlock(log.timestamp)
  )
}

/** The log range width learned per endpoint; endpoints are known by a hash of their URL (which may hold a key). */
function endpointsPath(env: NodeJS.ProcessEnv): string {
  return join(cacheDir(env), 'endpoints.json')
}

function readEndpoints(env: NodeJS.ProcessEnv): Record<string, LearnedRange> {
  try {
    const parsed = JSON.parse(readFileSync(endpointsPath(env), 'utf8')) as unknown
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, LearnedRange>) : {}
  } catch {
    return {}
  }
}

export function readLearnedRange(env: NodeJS.ProcessEnv, rpcUrl: string): LearnedRange | undefined {
  const learned = readEndpoints(env)[digest(rpcUrl)]
  if (!learned || !isWidth(learned.width) || (learned.ceiling !== undefined && !isWidth(learned.ceiling))) return undefined
  return learned
}

export function writeLearnedRange(env: NodeJS.ProcessEnv, rpcUrl: string, learned: LearnedRange): void {
  writeAtomically(endpointsPath(env), JSON.stringify({ ...readEndpoints(env), [digest(rpcUrl)]: learned }))
}

function isWidth(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1
}
