import type { RpcSender } from '../chain/json-rpc.js'
import { AssetManager__factory } from '../chain/types/index.js'
import type { Connection } from '../config/connection.js'

const assetManager = AssetManager__factory.createInterface()

/**
 * The KGH token ids `delegator` ever delegated to `validator` up to `blockNumber`, from the
 * AssetManager's KghDelegated and KghBatchDelegated events (validator topic 1, delegator topic 2);
 * only the chain's views say which of them are still delegated. One eth_getLogs over the whole
 * history: the shared log reader (ranges that adapt to the endpoint's caps) replaces it when it
 * lands.
 */
export async function delegatedKghIds(provider: RpcSender, connection: Connection, validator: string, delegator: string, blockNumber: bigint): Promise<bigint[]> {
  const single = assetManager.getEvent('KghDelegated')
  const batch = assetManager.getEvent('KghBatchDelegated')
  const topic = (address: string) => `0x${address.slice(2).toLowerCase().padStart(64, '0')}`
  const logs = (await provider.send('eth_getLogs', [
    { address: connection.assetManager, fromBlock: '0x0', toBlock: `0x${blockNumber.toString(16)}`, topics: [[single.topicHash, batch.topicHash], topic(validator), topic(delegator)] },
  ])) as Array<{ topics: string[]; data: string }>
  const ids = new Set<bigint>()
  for (const log of logs) {
    const parsed = assetManager.parseLog(log)
    if (parsed?.name === 'KghDelegated') ids.add(parsed.args[2] as bigint)
    else if (parsed?.name === 'KghBatchDelegated') for (const id of parsed.args[2] as bigint[]) ids.add(id)
  }
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}
