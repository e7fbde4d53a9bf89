import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { FetchRequest, JsonRpcProvider, Network, type FetchGetUrlFunc } from 'ethers'
import { READ_RETRIES, withRetries, type RetrySettings } from './retry.js'

export interface RpcOptions extends RetrySettings {
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
  request.getUrlFunc = retryingGetUrl(options.retries ?? READ_RETRIES.retries, options.backoffMs ?? READ_RETRIES.backoffMs)
  // Our retry policy replaces ethers' own 429 handling (which reads Retry-After as milliseconds).
  request.retryFunc = async () => false
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

/**
 * Bounded retries with backoff for reads that failed in transport, were rate limited (429,
 * honouring Retry-After) or hit a server error (5xx). A request carrying a raw transaction is
 * never retried: whether it reached the node is found out by its hash instead.
 */
function retryingGetUrl(retries: number, backoffMs: number): FetchGetUrlFunc {
  // Agents of our own, so a request that timed out can be torn down: ethers only rejects on a
  // timeout and leaves the socket open, and a node that holds the connection without answering
  // would then keep the process alive after the error was printed.
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) }
  const getUrls = { http: FetchRequest.createGetUrlFunc({ agent: agents.http }), https: FetchRequest.createGetUrlFunc({ agent: agents.https }) }
  const getUrl: FetchGetUrlFunc = async (request, signal) => {
    const scheme = request.url.toLowerCase().startsWith('https:') ? 'https' : 'http'
    try {
      return await getUrls[scheme](request, signal)
    } catch (error) {
      if ((error as { code?: string }).code === 'TIMEOUT') dropInFlight(agents[scheme])
      throw error
    }
  }
  return (request, signal) =>
    withRetries(() => getUrl(request, signal), {
      retries,
      backoffMs,
      retryable: !(request.body && Buffer.from(request.body).toString('utf8').includes('eth_sendRawTransaction')),
      isFinal: (error) => (error as { code?: string }).code === 'CANCELLED',
    })
}

/** Destroys the agent's sockets that carry a request (idle keep-alive sockets don't hold the process). */
function dropInFlight(agent: HttpAgent): void {
  for (const sockets of Object.values(agent.sockets)) for (const socket of sockets ?? []) socket.destroy()
}
