// What RPC failures mean to an operator; no ethers here, so that reading status need not load it.
import { CliError, ExitCode } from '../errors.js'
import { maskUrl } from './url.js'

export function checkChainId(actual: number, expected: number | undefined, networkName: string | undefined, rpcUrl: string): void {
  if (expected === undefined || actual === expected) return
  throw new CliError(`The RPC at ${maskUrl(rpcUrl)} is on chain ${actual}, but ${networkName ?? 'the network'} is chain ${expected}.`, {
    code: 'WRONG_CHAIN',
    exitCode: ExitCode.rpc,
    suggestions: ['Check --rpc-url / VALIDATOR_L1_ETH_RPC points at the network you meant, or pick the matching --network.'],
    details: { expectedChainId: expected, actualChainId: actual },
  })
}

/** Turns a transport failure into exit 4 with the (masked) endpoint and what to check. */
export function rpcUnreachable(rpcUrl: string, cause: unknown): CliError {
  const reason = describeTransportFailure(cause)
  return new CliError(`Cannot reach the RPC at ${maskUrl(rpcUrl)}: ${reason}.`, {
    code: 'RPC_UNREACHABLE',
    exitCode: ExitCode.rpc,
    suggestions: [
      'Check the URL, that the node is running and synced, and your network connection.',
      'Set the endpoint with --rpc-url, VALIDATOR_L1_ETH_RPC or `kroma-validator config set rpc-url <url>`.',
    ],
    cause,
  })
}

function describeTransportFailure(cause: unknown): string {
  const code = cause instanceof Error ? (cause as { code?: unknown }).code : undefined
  const text = cause instanceof Error ? `${cause.message} ${typeof code === 'string' || typeof code === 'number' ? code : ''}` : String(cause)
  if (/ECONNREFUSED/.test(text)) return 'connection refused'
  if (/timeout|TIMEOUT/.test(text)) return 'no answer in time'
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return 'host not found'
  if (/ECONNRESET|socket hang up/.test(text)) return 'connection reset'
  if (isUnparseableAnswer(cause) || /BAD_DATA|invalid JSON|not valid JSON|Unexpected token/.test(text)) return 'the answer was not valid JSON-RPC'
  if (/bad response|SERVER_ERROR|status/.test(text)) {
    const status = /(\d{3})/.exec(text)?.[1]
    return status ? `the server answered HTTP ${status}` : 'the server answered with an error'
  }
  return 'the request failed'
}

const TRANSPORT_ERROR_CODES = new Set([
  'TIMEOUT',
  'SERVER_ERROR',
  'NETWORK_ERROR',
  'BAD_DATA',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
])

/** ethers reports an answer that is not JSON at all (an HTML error page, a cut body) this way. */
function isUnparseableAnswer(error: unknown): boolean {
  const { code, operation } = (error ?? {}) as { code?: unknown; operation?: unknown }
  return code === 'UNSUPPORTED_OPERATION' && operation === 'bodyJson'
}

/**
 * The message of a JSON-RPC error the node answered with that is not a revert (rate limits,
 * "limit exceeded", pruned state): the endpoint failed us, not the call.
 */
function nodeServiceError(error: unknown): string | undefined {
  // ethers keeps the node's error object under `info.error` (calls) or `error` (anything it could not classify).
  type NodeAnswer = { code?: unknown; message?: unknown }
  const shaped = error as { info?: { error?: NodeAnswer }; error?: NodeAnswer } | undefined
  const answer = shaped?.info?.error ?? shaped?.error
  if (!answer || typeof answer.code !== 'number' || typeof answer.message !== 'string') return undefined
  return /revert/i.test(answer.message) ? undefined : answer.message
}

/** Runs RPC work; a failure of the endpoint becomes exit 4 naming it (masked), anything else passes through. */
export async function withRpcErrors<T>(rpcUrl: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation()
  } catch (error) {
    if (isTransportError(error)) throw rpcUnreachable(rpcUrl, error)
    const message = nodeServiceError(error)
    if (message !== undefined) {
      throw new CliError(`The RPC at ${maskUrl(rpcUrl)} answered with an error: ${message}.`, {
        code: 'RPC_ERROR',
        exitCode: ExitCode.rpc,
        suggestions: ['The endpoint may be rate limiting or lack the state asked for; try again later or use another endpoint (--rpc-url).'],
        cause: error,
      })
    }
    throw error
  }
}

/** True for errors of the transport rather than of the call (a revert is a call error). */
export function isTransportError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  return (typeof code === 'string' && TRANSPORT_ERROR_CODES.has(code)) || isUnparseableAnswer(error)
}

/** Finds revert data inside the error shapes ethers and JSON-RPC nodes produce. */
export function revertDataOf(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const candidate = current as { data?: unknown; error?: unknown; info?: unknown; cause?: unknown }
    if (typeof candidate.data === 'string' && candidate.data.startsWith('0x')) return candidate.data
    if (candidate.data && typeof candidate.data === 'object' && typeof (candidate.data as { data?: unknown }).data === 'string') {
      return (candidate.data as { data: string }).data
    }
    current = candidate.error ?? (candidate.info as { error?: unknown } | undefined)?.error ?? candidate.cause
  }
  return undefined
}
