import { FetchRequest, JsonRpcProvider, Network } from 'ethers'
import { CliError, ExitCode } from '../errors.js'
import { maskUrl } from './url.js'

export interface RpcOptions {
  /** Expected chain; undefined when the network was not stated (reads only). */
  chainId?: number
  timeoutMs: number
}

/**
 * A provider that batches concurrent requests into one HTTP round trip and never asks the
 * node for its chain on its own: the chain is checked once, inside the first batch.
 */
export function createProvider(rpcUrl: string, options: RpcOptions): JsonRpcProvider {
  const request = new FetchRequest(rpcUrl)
  request.timeout = options.timeoutMs
  // The chain id is checked explicitly (checkChainId); the placeholder only keeps ethers from probing.
  const network = Network.from(options.chainId ?? 0)
  return new JsonRpcProvider(request, network, {
    staticNetwork: network,
    batchMaxCount: 100,
    batchStallTime: 5,
    // Identical requests must reach the node: a nonce read right after a send must be fresh.
    cacheTimeout: -1,
  })
}

export function checkChainId(actual: number, expected: number | undefined, networkName: string | undefined, rpcUrl: string): void {
  if (expected === undefined || actual === expected) return
  throw new CliError(
    `The RPC at ${maskUrl(rpcUrl)} is on chain ${actual}, but ${networkName ?? 'the network'} is chain ${expected}. Nothing was sent.`,
    {
      code: 'WRONG_CHAIN',
      exitCode: ExitCode.rpc,
      suggestions: ['Check --rpc-url / VALIDATOR_L1_ETH_RPC points at the network you meant, or pick the matching --network.'],
      details: { expectedChainId: expected, actualChainId: actual },
    },
  )
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
  const text = cause instanceof Error ? `${cause.message} ${String((cause as { code?: unknown }).code ?? '')}` : String(cause)
  if (/ECONNREFUSED/.test(text)) return 'connection refused'
  if (/timeout|TIMEOUT/.test(text)) return 'no answer in time'
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return 'host not found'
  if (/ECONNRESET|socket hang up/.test(text)) return 'connection reset'
  if (/bad response|SERVER_ERROR|status/.test(text)) {
    const status = /(\d{3})/.exec(text)?.[1]
    return status ? `the server answered HTTP ${status}` : 'the server answered with an error'
  }
  if (/BAD_DATA|invalid JSON|Unexpected token/.test(text)) return 'the answer was not valid JSON-RPC'
  return 'the request failed'
}

/** True for errors of the transport rather than of the call (a revert is a call error). */
export function isTransportError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  return code === 'TIMEOUT' || code === 'SERVER_ERROR' || code === 'NETWORK_ERROR' || code === 'BAD_DATA' || code === 'ECONNREFUSED'
}
