import { getAddress } from 'ethers'
import type { RpcSender } from '../chain/json-rpc.js'
import { contractAt, readViews, viewCall } from '../chain/view-call.js'
import { AssetManager__factory } from '../chain/types/index.js'
import { statusName, type StatusName } from '../validator/status-names.js'
import type { TimedLog } from './cache.js'
import { addressTopic } from './history.js'
import { hex, inBatches, type LogFilter } from './reader.js'

/** The AssetManager's delegation events: the validator is topic 1, the delegator topic 2. */
const DELEGATION_EVENTS = [
  'KroDelegated',
  'KroUndelegated',
  'KghDelegated',
  'KghBatchDelegated',
  'KghUndelegated',
  'KghBatchUndelegated',
  'KghRewardClaimed',
] as const

/** One filter: the delegation events of the AssetManager naming the delegator. */
export function delegationFilter(assetManager: string, delegator: string): LogFilter {
  const iface = AssetManager__factory.createInterface()
  return { address: [assetManager.toLowerCase()], topics: [DELEGATION_EVENTS.map((name) => iface.getEvent(name).topicHash), null, addressTopic(delegator)] }
}

/** Validators the delegator ever delegated to, with the KGH token ids still delegated to each, from the events in chain order. */
export function positionsFromLogs(logs: TimedLog[]): Map<string, Set<string>> {
  const iface = AssetManager__factory.createInterface()
  const positions = new Map<string, Set<string>>()
  for (const log of logs) {
    const parsed = iface.parseLog({ topics: log.topics, data: log.data })
    if (!parsed) continue
    const validator = getAddress(String(parsed.args.validator))
    const tokens = positions.get(validator) ?? new Set<string>()
    positions.set(validator, tokens)
    const delegated = parsed.name === 'KghDelegated' || parsed.name === 'KghBatchDelegated'
    if (!delegated && parsed.name !== 'KghUndelegated' && parsed.name !== 'KghBatchUndelegated') continue
    const ids = parsed.name.startsWith('KghBatch') ? (parsed.args.tokenIds as bigint[]).map((id) => id.toString()) : [String(parsed.args.tokenId)]
    for (const id of ids) {
      if (delegated) tokens.add(id)
      else tokens.delete(id)
    }
  }
  return positions
}

export interface DelegationPosition {
  validator: string
  validatorStatus: StatusName
  jailed: boolean
  /** When the validator's jail ends (unix seconds); null when not jailed. */
  jailExpiresAt: number | null
  kro: { shares: string; assets: string; canUndelegateAt: number }
  kgh: { count: number; tokenIds: string[]; claimableReward: string; tokens: Array<{ id: string; canUndelegateAt: number }> }
}

/** Reads every position at `blockNumber`: each validator's views in one batch, several validators per HTTP request. */
export async function readPositions(
  rpc: RpcSender,
  contracts: { validatorManager: string; assetManager: string },
  delegator: string,
  found: Map<string, Set<string>>,
  blockNumber: number,
): Promise<DelegationPosition[]> {
  const vm = contractAt('ValidatorManager', contracts.validatorManager)
  const am = contractAt('AssetManager', contracts.assetManager)
  const blockTag = hex(blockNumber)
  const readOne = async (validator: string): Promise<DelegationPosition> => {
    const tokenIds = [...found.get(validator)!].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))
    const views = [
      viewCall(vm, 'getStatus', validator),
      viewCall(vm, 'inJail', validator),
      viewCall(vm, 'jailExpiresAt', validator),
      viewCall(am, 'getKroTotalShareBalance', validator, delegator),
      viewCall(am, 'getKroAssets', validator, delegator),
      viewCall(am, 'canUndelegateKroAt', validator, delegator),
      viewCall(am, 'getKghNum', validator, delegator),
      viewCall(am, 'getKghReward', validator, delegator),
    ] as const
    const [[status, jailed, jailExpiresAt, shares, assets, canUndelegateAt, count, claimable], unlocks] = await Promise.all([
      readViews(rpc, views, blockTag),
      readViews(
        rpc,
        tokenIds.map((id) => viewCall(am, 'canUndelegateKghAt', validator, delegator, BigInt(id))),
        blockTag,
      ),
    ])
    return {
      validator,
      validatorStatus: statusName(status),
      jailed,
      jailExpiresAt: jailed ? Number(jailExpiresAt) : null,
      kro: { shares: shares.toString(), assets: assets.toString(), canUndelegateAt: Number(canUndelegateAt) },
      kgh: {
        count: Number(count),
        tokenIds,
        claimableReward: claimable.toString(),
        tokens: tokenIds.map((id, index) => ({ id, canUndelegateAt: Number(unlocks[index]) })),
      },
    }
  }
  const validators = [...found.keys()]
  const callsPerValidator = Math.max(0, ...validators.map((validator) => found.get(validator)!.size)) + 8
  return inBatches(validators, readOne, callsPerValidator)
}

/** A position with no shares, no KGH and nothing to claim holds nothing. */
export function holdsSomething(position: DelegationPosition): boolean {
  return position.kro.shares !== '0' || position.kgh.count > 0 || position.kgh.claimableReward !== '0'
}
