import { JsonRpcApiProvider, Network, type JsonRpcError, type JsonRpcPayload, type JsonRpcResult } from 'ethers'
import { JsonRpcClient, type JsonRpcClientOptions } from './json-rpc.js'

/**
 * An ethers provider (contracts, unlocked signers, receipts) whose requests go through the one
 * JSON-RPC client, with its batching, timeout and retry policy. For the devnet, which drives a
 * local node with ethers' contract API. Request caching is off (ethers otherwise answers
 * identical requests made within 250 ms from cache, e.g. a stale nonce) and polling is fast.
 */
export class ClientProvider extends JsonRpcApiProvider {
  private readonly client: JsonRpcClient

  constructor(url: string, chainId: bigint | number, options: JsonRpcClientOptions) {
    const network = Network.from(chainId)
    super(network, { staticNetwork: network, cacheTimeout: -1, pollingInterval: 50 })
    this.client = new JsonRpcClient(url, options)
  }

  async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<Array<JsonRpcResult | JsonRpcError>> {
    const requests = Array.isArray(payload) ? payload : [payload]
    return Promise.all(
      requests.map(async ({ id, method, params }): Promise<JsonRpcResult | JsonRpcError> => {
        try {
          return { id, result: await this.client.send(method, Array.isArray(params) ? params : [params]) }
        } catch (error) {
          // The node's error answer goes back to ethers as the node gave it; a transport failure is thrown.
          const answer = (error as { error?: JsonRpcError['error'] }).error
          if (answer && typeof answer.code === 'number') return { id, error: answer }
          throw error
        }
      }),
    )
  }

  override destroy(): void {
    this.client.destroy()
    super.destroy()
  }
}
