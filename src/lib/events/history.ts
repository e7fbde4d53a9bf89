import { getAddress, zeroPadValue, type EventFragment, type Interface, type LogDescription } from 'ethers'
import { AssetManager__factory, ValidatorManager__factory, ValidatorPool__factory } from '../chain/types/index.js'
import type { TimedLog } from './cache.js'
import type { LogFilter } from './reader.js'

export type ContractName = 'ValidatorManager' | 'AssetManager' | 'ValidatorPool'

export interface HistoryContracts {
  validatorManager: string
  assetManager: string
  /** The V1 pool, when the network has one. */
  validatorPool?: string
}

export type ArgValue = string | boolean | ArgValue[]

export interface HistoryEntry {
  blockNumber: number
  timestamp: number
  transactionHash: string
  logIndex: number
  contract: ContractName
  event: string
  args: Record<string, ArgValue>
}

interface Decoder {
  contract: ContractName
  iface: Interface
}

function decoders(contracts: HistoryContracts): Map<string, Decoder> {
  const byAddress = new Map<string, Decoder>([
    [contracts.validatorManager.toLowerCase(), { contract: 'ValidatorManager', iface: ValidatorManager__factory.createInterface() }],
    [contracts.assetManager.toLowerCase(), { contract: 'AssetManager', iface: AssetManager__factory.createInterface() }],
  ])
  // The V1 pool's events are Bonded and Unbonded (it is ETH; deposits and withdrawals emit none).
  if (contracts.validatorPool)
    byAddress.set(contracts.validatorPool.toLowerCase(), { contract: 'ValidatorPool', iface: ValidatorPool__factory.createInterface() })
  return byAddress
}

/**
 * The filters that find every event naming `address` in an indexed address argument: one per
 * topic position such an argument takes in these contracts' events (not one per event).
 */
export function historyFilters(contracts: HistoryContracts, address: string): LogFilter[] {
  const positions = new Set<number>()
  for (const { iface } of decoders(contracts).values()) {
    iface.forEachEvent((event) => indexedAddressPositions(event).forEach((position) => positions.add(position)))
  }
  const addresses = [contracts.validatorManager, contracts.assetManager, ...(contracts.validatorPool ? [contracts.validatorPool] : [])].map((item) =>
    item.toLowerCase(),
  )
  const topic = addressTopic(address)
  // Topic 0 is the event's signature: any; the address at `position`.
  return [...positions].sort().map((position) => ({ address: addresses, topics: [...Array<null>(position).fill(null), topic] }))
}

/** Topic positions (1..3) of an event's indexed address arguments. */
function indexedAddressPositions(event: EventFragment): number[] {
  let position = 0
  const found: number[] = []
  for (const input of event.inputs) {
    if (!input.indexed) continue
    position++
    if (input.type === 'address') found.push(position)
  }
  return found
}

export function addressTopic(address: string): string {
  return zeroPadValue(address.toLowerCase(), 32)
}

/**
 * The logs as entries: decoded with the contracts' ABIs, kept when `address` is one of the
 * event's indexed address arguments, in chain order.
 */
export function decodeHistory(logs: TimedLog[], contracts: HistoryContracts, address: string): HistoryEntry[] {
  const byAddress = decoders(contracts)
  const topic = addressTopic(address)
  const entries: HistoryEntry[] = []
  for (const log of logs) {
    const decoder = byAddress.get(log.address.toLowerCase())
    let parsed: LogDescription | null = null
    try {
      parsed = decoder?.iface.parseLog({ topics: log.topics, data: log.data }) ?? null
    } catch {
      parsed = null
    }
    if (!decoder || !parsed) continue
    if (!indexedAddressPositions(parsed.fragment).some((position) => log.topics[position]?.toLowerCase() === topic)) continue
    entries.push({
      blockNumber: log.blockNumber,
      timestamp: log.timestamp,
      transactionHash: log.transactionHash,
      logIndex: log.logIndex,
      contract: decoder.contract,
      event: parsed.name,
      args: Object.fromEntries(parsed.fragment.inputs.map((input, index) => [input.name, plain(parsed.args[index])])),
    })
  }
  return entries.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex)
}

/** Amounts and ids as base-10 strings, addresses checksummed. */
function plain(value: unknown): ArgValue {
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') return /^0x[0-9a-fA-F]{40}$/.test(value) ? getAddress(value) : value
  if (Array.isArray(value)) return value.map(plain)
  return String(value)
}

export interface HistoryTotals {
  /** Validator rewards added to this validator's own KRO. */
  rewards: string
  /** Rewards by UTC month ("2026-01"). */
  rewardsByMonth: Record<string, string>
  /** Paid to this validator's KRO delegators and KGH delegators with its rewards. */
  delegatorRewards: string
  kghBoostedRewards: string
  slashed: string
  slashReverted: string
  challengeRewards: string
  deposited: string
  withdrawn: string
  /** KRO delegated to this validator, and taken back out of it. */
  delegatedIn: string
  undelegatedOut: string
  /** KRO this address delegated to validators, and took back. */
  delegated: string
  undelegated: string
  /** KGH boosted rewards paid to this address as a delegator. */
  kghRewards: string
  /** V1 pool, in ETH wei. */
  poolBonded: string
  poolUnbonded: string
}

/** Events whose amount adds to one total, whatever the address's part in them. */
const AMOUNT_TOTALS: Partial<Record<string, Exclude<keyof HistoryTotals, 'rewardsByMonth'>>> = {
  Slashed: 'slashed',
  SlashReverted: 'slashReverted',
  ChallengeRewardDistributed: 'challengeRewards',
  Deposited: 'deposited',
  Withdrawn: 'withdrawn',
  Bonded: 'poolBonded',
  Unbonded: 'poolUnbonded',
}

/** Sums of the entries' amounts, by what they mean for `address`. */
export function historyTotals(entries: HistoryEntry[], address: string): HistoryTotals {
  const sums = new Map<string, bigint>()
  const months = new Map<string, bigint>()
  const add = (key: string, value: ArgValue | undefined) => sums.set(key, (sums.get(key) ?? 0n) + (typeof value === 'string' ? BigInt(value) : 0n))
  const is = (value: ArgValue | undefined) => typeof value === 'string' && value.toLowerCase() === address.toLowerCase()
  for (const { event, args, timestamp } of entries) {
    switch (event) {
      case 'RewardDistributed': {
        add('rewards', args.validatorReward)
        add('delegatorRewards', args.baseReward)
        add('kghBoostedRewards', args.boostedReward)
        const month = new Date(timestamp * 1000).toISOString().slice(0, 7)
        months.set(month, (months.get(month) ?? 0n) + BigInt(String(args.validatorReward)))
        break
      }
      case 'KroDelegated':
        if (is(args.validator)) add('delegatedIn', args.amount)
        if (is(args.delegator)) add('delegated', args.amount)
        break
      case 'KroUndelegated':
        if (is(args.validator)) add('undelegatedOut', args.amount)
        if (is(args.delegator)) add('undelegated', args.amount)
        break
      case 'KghRewardClaimed':
      case 'KghUndelegated':
      case 'KghBatchUndelegated':
        if (is(args.delegator)) add('kghRewards', args.amount)
        break
      default: {
        const key = AMOUNT_TOTALS[event]
        if (key !== undefined) add(key, args.amount)
      }
    }
  }
  const total = (key: string) => (sums.get(key) ?? 0n).toString()
  return {
    rewards: total('rewards'),
    rewardsByMonth: Object.fromEntries([...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, value]) => [month, value.toString()])),
    delegatorRewards: total('delegatorRewards'),
    kghBoostedRewards: total('kghBoostedRewards'),
    slashed: total('slashed'),
    slashReverted: total('slashReverted'),
    challengeRewards: total('challengeRewards'),
    deposited: total('deposited'),
    withdrawn: total('withdrawn'),
    delegatedIn: total('delegatedIn'),
    undelegatedOut: total('undelegatedOut'),
    delegated: total('delegated'),
    undelegated: total('undelegated'),
    kghRewards: total('kghRewards'),
    poolBonded: total('poolBonded'),
    poolUnbonded: total('poolUnbonded'),
  }
}
