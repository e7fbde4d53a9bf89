import type { RpcSender } from '../chain/json-rpc.js'
import { AssetManager__factory } from '../chain/types/index.js'
import type { Connection } from '../config/connection.js'
import { readLogs } from '../events/reader.js'
import { RangeSizer } from '../events/ranges.js'
import { addressTopic } from '../events/history.js'

const assetManager = AssetManager__factory.createInterface()

/**
 * The KGH token ids `delegator` ever delegated to `validator` up to `blockNumber`, from the
 * AssetManager's KghDelegated and KghBatchDelegated events (validator topic 1, delegator topic 2),
 * read in ranges that adapt to the endpoint's eth_getLogs caps, from the AssetManager's deployment
 * where the network knows it; only the chain's views say which of them are still delegated.
 */
export async function delegatedKghIds(
  provider: RpcSender,
  connection: Connection,
  validator: string,
  delegator: string,
  blockNumber: bigint,
): Promise<bigint[]> {
  const single = assetManager.getEvent('KghDelegated')
  const batch = assetManager.getEvent('KghBatchDelegated')
  const logs = await readLogs(provider, {
    filters: [{ address: [connection.assetManager], topics: [[single.topicHash, batch.topicHash], addressTopic(validator), addressTopic(delegator)] }],
    fromBlock: connection.deploymentBlocks?.assetManager ?? 0,
    toBlock: Number(blockNumber),
    sizer: new RangeSizer(),
  })
  const ids = new Set<bigint>()
  for (const log of logs) {
    const parsed = assetManager.parseLog(log)
    if (parsed?.name === 'KghDelegated') ids.add(parsed.args.getValue('tokenId') as bigint)
    else if (parsed?.name === 'KghBatchDelegated') for (const id of parsed.args.getValue('tokenIds') as bigint[]) ids.add(id)
  }
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}
