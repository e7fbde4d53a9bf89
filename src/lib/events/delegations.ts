import { getAddress, type Interface } from 'ethers'
import type { RpcSender } from '../chain/json-rpc.js'
import { AssetManager__factory, ValidatorManager__factory } from '../chain/types/index.js'
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

interface Call {
  to: string
  iface: Interface
  name: string
  args: unknown[]
}

/** Reads every position at `blockNumber`: all the calls in batched HTTP requests. */
export async function readPositions(
  rpc: RpcSender,
  contracts: { validatorManager: string; assetManager: string },
  delegator: string,
  found: Map<string, Set<string>>,
  blockNumber: number,
): Promise<DelegationPosition[]> {
  const vm = ValidatorManager__factory.createInterface()
  const am = AssetManager__factory.createInterface()
  const validators = [...found.keys()]
  const perValidator = (validator: string): Call[] => [
    { to: contracts.validatorManager, iface: vm, name: 'getStatus', args: [validator] },
    { to: contracts.validatorManager, iface: vm, name: 'inJail', args: [validator] },
    { to: contracts.validatorManager, iface: vm, name: 'jailExpiresAt', args: [validator] },
    { to: contracts.assetManager, iface: am, name: 'getKroTotalShareBalance', args: [validator, delegator] },
    { to: contracts.assetManager, iface: am, name: 'getKroAssets', args: [validator, delegator] },
    { to: contracts.assetManager, iface: am, name: 'canUndelegateKroAt', args: [validator, delegator] },
    { to: contracts.assetManager, iface: am, name: 'getKghNum', args: [validator, delegator] },
    { to: contracts.assetManager, iface: am, name: 'getKghReward', args: [validator, delegator] },
    ...[...found.get(validator)!].map((id) => ({ to: contracts.assetManager, iface: am, name: 'canUndelegateKghAt', args: [validator, delegator, id] })),
  ]
  const calls = validators.flatMap(perValidator)
  const blockTag = hex(blockNumber)
  const results = await inBatches(calls, async (call) => {
    const data = call.iface.encodeFunctionData(call.name, call.args)
    const answer = String(await rpc.send('eth_call', [{ to: call.to, data }, blockTag]))
    return call.iface.decodeFunctionResult(call.name, answer)[0] as unknown
  })
  let next = 0
  const take = () => results[next++]
  return validators.map((validator) => {
    const status = statusName(take() as bigint)
    const jailed = take() as boolean
    const jailExpiresAt = take() as bigint
    const shares = take() as bigint
    const assets = take() as bigint
    const canUndelegateAt = Number(take())
    const count = Number(take())
    const claimable = take() as bigint
    const tokenIds = [...found.get(validator)!].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))
    const unlocks = new Map([...found.get(validator)!].map((id) => [id, Number(take() as bigint)]))
    return {
      validator,
      validatorStatus: status,
      jailed,
      jailExpiresAt: jailed ? Number(jailExpiresAt) : null,
      kro: { shares: shares.toString(), assets: assets.toString(), canUndelegateAt },
      kgh: { count, tokenIds, claimableReward: claimable.toString(), tokens: tokenIds.map((id) => ({ id, canUndelegateAt: unlocks.get(id)! })) },
    }
  })
}

/** A position with no shares, no KGH and nothing to claim holds nothing. */
export function holdsSomething(position: DelegationPosition): boolean {
  return position.kro.shares !== '0' || position.kgh.count > 0 || position.kgh.claimableReward !== '0'
}
