import chalk from './colour.js'
import { labelledRows } from './table.js'
import { shortAddress } from '../address.js'
import type { Connection } from '../config/connection.js'
import { formatEth, formatKro, formatUnits18Exact } from '../format/amounts.js'
import { formatUtc } from '../format/time.js'
import type { ArgValue, HistoryEntry, HistoryTotals } from '../events/history.js'
import type { HistoryJson } from '../events/show-history.js'

/** Over this many months of rewards, the totals list them by month. */
const MONTHS_BY_MONTH = 3

const wei = (value: ArgValue | undefined): bigint => (typeof value === 'string' && /^\d+$/.test(value) ? BigInt(value) : 0n)
const kro = (value: ArgValue | undefined): string => formatKro(wei(value))

/** What an entry means, in a few words. */
function describe(entry: HistoryEntry, address: string): string {
  const { args } = entry
  const other = (key: string) =>
    typeof args[key] === 'string' && args[key].toString().toLowerCase() !== address.toLowerCase() ? ` ${shortAddress(String(args[key]))}` : ''
  const ids = (value: ArgValue | undefined) => (Array.isArray(value) ? value.join(', ') : String(value))
  switch (entry.event) {
    case 'ValidatorRegistered':
      return `registered with ${kro(args.assets)}, commission ${String(args.commissionRate)}%${args.activated === true ? ', activated' : ''}`
    case 'ValidatorActivated':
      return 'activated'
    case 'ValidatorStopped':
      return 'stopped (left the validator tree)'
    case 'ValidatorCommissionChangeInitiated':
      return `commission change started: ${String(args.oldCommissionRate)}% → ${String(args.newCommissionRate)}%`
    case 'ValidatorCommissionChangeFinalized':
      return `commission changed: ${String(args.oldCommissionRate)}% → ${String(args.newCommissionRate)}%`
    case 'ValidatorJailed':
      return `jailed until ${formatUtc(wei(args.expiresAt))}`
    case 'ValidatorUnjailed':
      return 'unjailed'
    case 'RewardDistributed':
      return `reward +${kro(args.validatorReward)} (output ${String(args.outputIndex)}; ${kro(args.baseReward)} to delegators, ${kro(args.boostedReward)} to KGH)`
    case 'Slashed':
      return `slashed ${kro(args.amount)} (output ${String(args.outputIndex)})`
    case 'SlashReverted':
      return `slash of ${kro(args.amount)} reverted (output ${String(args.outputIndex)})`
    case 'ChallengeRewardDistributed':
      return `challenge reward +${kro(args.amount)} (output ${String(args.outputIndex)})`
    case 'Deposited':
      return `deposited ${kro(args.amount)}`
    case 'Withdrawn':
      return `withdrawn ${kro(args.amount)}`
    case 'ValidatorKroBonded':
      return `bonded ${kro(args.amount)} for an output (${kro(args.remainder)} left unbonded)`
    case 'ValidatorKroUnbonded':
      return `unbonded ${kro(args.amount)}`
    case 'KroDelegated':
      return `${kro(args.amount)} delegated${other('delegator') ? ` by${other('delegator')}` : ''}${other('validator') ? ` to${other('validator')}` : ''} (${String(args.shares)} shares)`
    case 'KroUndelegated':
      return `${kro(args.amount)} undelegated${other('delegator') ? ` by${other('delegator')}` : ''}${other('validator') ? ` from${other('validator')}` : ''}`
    case 'KghDelegated':
    case 'KghBatchDelegated':
      return `KGH ${ids(args.tokenId ?? args.tokenIds)} delegated${other('delegator') ? ` by${other('delegator')}` : ''}${other('validator') ? ` to${other('validator')}` : ''}`
    case 'KghUndelegated':
    case 'KghBatchUndelegated':
      return `KGH ${ids(args.tokenId ?? args.tokenIds)} undelegated${other('validator') ? ` from${other('validator')}` : ''}, reward ${kro(args.amount)}`
    case 'KghRewardClaimed':
      return `KGH reward claimed ${kro(args.amount)}${other('validator') ? ` from${other('validator')}` : ''}`
    case 'Bonded':
      return `V1 pool: bonded ${formatEth(wei(args.amount))} (output ${String(args.outputIndex)})`
    case 'Unbonded':
      return `V1 pool: unbonded ${formatEth(wei(args.amount))} (output ${String(args.outputIndex)})`
    default:
      return Object.entries(args)
        .map(([key, value]) => `${key}=${ids(value)}`)
        .join(', ')
  }
}

function txRef(hash: string, connection: Connection): string {
  return connection.explorer ? `${connection.explorer}/tx/${hash}` : hash
}

/** The history for people: one line per event, then the totals. */
export function renderHistory(history: HistoryJson, connection: Connection): string {
  const network = connection.networkName ? `${connection.networkName} (chain ${history.chainId})` : `chain ${history.chainId}`
  const lines = [chalk.bold(`History of ${history.address}`), chalk.dim(`${network} · blocks ${history.fromBlock}–${history.toBlock}`), '']
  if (history.entries.length === 0) lines.push('No events in these blocks.')
  for (const entry of history.entries) {
    lines.push(`${formatUtc(entry.timestamp)}  ${chalk.bold(entry.event.padEnd(34))} ${describe(entry, history.address)}`)
    lines.push(chalk.dim(`  block ${entry.blockNumber} · ${txRef(entry.transactionHash, connection)}`))
  }
  lines.push('', ...renderTotals(history.totals))
  return `${lines.join('\n')}\n`
}

function renderTotals(totals: HistoryTotals): string[] {
  const rows: Array<[string, string]> = [
    ['Rewards earned', formatKro(BigInt(totals.rewards))],
    ['Paid to its delegators', `${formatKro(BigInt(totals.delegatorRewards))} (KRO), ${formatKro(BigInt(totals.kghBoostedRewards))} (KGH)`],
    ['Slashed', formatKro(BigInt(totals.slashed)) + (totals.slashReverted !== '0' ? ` (${formatKro(BigInt(totals.slashReverted))} reverted)` : '')],
    ['Challenge rewards', formatKro(BigInt(totals.challengeRewards))],
    ['Deposited', formatKro(BigInt(totals.deposited))],
    ['Withdrawn', formatKro(BigInt(totals.withdrawn))],
    ['Delegated in / out', `${formatKro(BigInt(totals.delegatedIn))} / ${formatKro(BigInt(totals.undelegatedOut))}`],
    ['Delegated / undelegated', `${formatKro(BigInt(totals.delegated))} / ${formatKro(BigInt(totals.undelegated))}`],
    ['KGH rewards', formatKro(BigInt(totals.kghRewards))],
  ]
  if (totals.poolBonded !== '0' || totals.poolUnbonded !== '0')
    rows.push(['V1 pool bonded / unbonded', `${formatEth(BigInt(totals.poolBonded))} / ${formatEth(BigInt(totals.poolUnbonded))}`])
  const months = Object.entries(totals.rewardsByMonth)
  if (months.length > MONTHS_BY_MONTH) for (const [month, value] of months) rows.push([`  rewards ${month}`, formatKro(BigInt(value))])
  return [chalk.bold('Totals'), ...labelledRows(rows)]
}

export const CSV_HEADER = ['block', 'time', 'transaction', 'event', 'validator', 'delegator', 'amount_wei', 'amount_kro', 'details']

/** The event's main amount: what it adds or takes, in KRO (ETH for the V1 pool, whose column stays empty in KRO). */
function mainAmount(entry: HistoryEntry): ArgValue | undefined {
  const { args } = entry
  return entry.event === 'RewardDistributed' ? args.validatorReward : entry.event === 'ValidatorRegistered' ? args.assets : args.amount
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** One header row, then one row per entry: for a spreadsheet. */
export function renderCsv(history: HistoryJson): string {
  const rows = history.entries.map((entry) => {
    const { args } = entry
    const amount = mainAmount(entry)
    const validator = args.validator ?? args.loser ?? args.recipient ?? args.submitter
    const shown = new Set([
      'validator',
      'loser',
      'recipient',
      'submitter',
      'delegator',
      entry.event === 'RewardDistributed' ? 'validatorReward' : entry.event === 'ValidatorRegistered' ? 'assets' : 'amount',
    ])
    const details = Object.entries(args)
      .filter(([key]) => !shown.has(key))
      .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(' ') : String(value)}`)
      .join('; ')
    const pool = entry.contract === 'ValidatorPool'
    return [
      String(entry.blockNumber),
      new Date(entry.timestamp * 1000).toISOString(),
      entry.transactionHash,
      entry.event,
      typeof validator === 'string' ? validator : '',
      typeof args.delegator === 'string' ? args.delegator : '',
      typeof amount === 'string' ? amount : '',
      typeof amount === 'string' && !pool ? formatUnits18Exact(BigInt(amount)) : '',
      pool && typeof amount === 'string' ? [`eth=${formatUnits18Exact(BigInt(amount))}`, details].filter(Boolean).join('; ') : details,
    ]
  })
  return [CSV_HEADER, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n'
}
