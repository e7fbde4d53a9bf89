import chalk from './colour.js'
import type { Connection } from '../config/connection.js'
import { formatEth, formatKro } from '../format/amounts.js'
import { formatUtc, formatWhen } from '../format/time.js'
import { adviseStatus, delegatorsBaseReward, describeBondable, describeWithdrawable, selectionProbability, typicalTxCost } from '../validator/advice.js'
import type { Snapshot, SnapshotHeader, ValidatorReading, ValidatorState } from '../validator/snapshot.js'
import type { StatusName } from '../validator/status-names.js'
import { fitLines, fits, flow, gridTable, pairList, terminalWidth } from './table.js'

const STATUS_COLOUR: Record<StatusName, (text: string) => string> = {
  NONE: chalk.dim,
  EXITED: chalk.red,
  REGISTERED: chalk.yellow,
  READY: chalk.cyan,
  INACTIVE: chalk.yellow,
  ACTIVE: chalk.green,
}

function percent(probability: number): string {
  return `${(probability * 100).toFixed(probability > 0 && probability < 0.001 ? 4 : 2)}%`
}

function header(snapshot: SnapshotHeader, connection: Connection): string {
  const network = connection.networkName ? `${connection.networkName} (chain ${snapshot.chainId})` : `chain ${snapshot.chainId}`
  return chalk.dim(`${network} · block ${snapshot.blockNumber} · ${formatUtc(snapshot.timestamp)}`)
}

/** The full picture of one validator, for people. */
export function renderValidator(validator: ValidatorState, snapshot: Snapshot, connection: Connection): string {
  const now = snapshot.timestamp
  const advice = adviseStatus(validator, snapshot)
  const rows: Array<[string, string]> = []
  const statusWord = STATUS_COLOUR[validator.status](chalk.bold(validator.status)) + (validator.jailed ? ` ${chalk.red.bold('JAILED')}` : '')
  rows.push(['Status', `${statusWord}  ${advice.meaning}`])
  rows.push(['Next step', advice.next])
  const registered = validator.status !== 'NONE'
  if (registered) {
    rows.push(['Jail', validator.jailed ? `jailed until ${formatWhen(validator.jailExpiresAt, now)}` : 'not jailed'])
    rows.push([
      'Missed priority rounds',
      `${validator.noSubmissionCount} of ${snapshot.params.jailThreshold} (jailed on reaching ${snapshot.params.jailThreshold})`,
    ])
    const pending = validator.commissionChangePending
      ? ` → ${validator.pendingCommissionRate}% pending, can be finalized ${formatWhen(validator.canFinalizeCommissionChangeAt, now)}`
      : ''
    rows.push(['Commission', `${validator.commissionRate}%${pending}`])
    rows.push(['Withdraw account', validator.withdrawAccount])
    rows.push(['Own KRO', `${formatKro(validator.totalKro)} (bonded ${formatKro(validator.bondedKro)}, not bonded ${formatKro(validator.notBondedKro)})`])
    rows.push(['Outputs it can bond now', describeBondable(validator, snapshot)])
    rows.push(['Delegated KRO', `${formatKro(validator.delegatedKro)} · KGH ${validator.kghCount}`])
    rows.push([
      'Delegators get',
      `${formatKro(delegatorsBaseReward(validator, snapshot))} of each output's ${formatKro(snapshot.params.baseReward)} base reward at ${validator.commissionRate}% commission, plus the KGH boost`,
    ])
    const probability = selectionProbability(validator, snapshot)
    rows.push([
      'Weight',
      `${formatKro(validator.treeWeight)} in the tree · selection probability ${percent(probability)} of ${snapshot.activatedValidatorCount} active`,
    ])
    rows.push(['Can withdraw', describeWithdrawable(validator, snapshot)])
  }
  rows.push(['Balances', `${formatEth(validator.ethBalance)} · ${formatKro(validator.kroBalance)}`])

  const width = terminalWidth(process.stdout)
  const lines = [
    `${chalk.bold('Validator')} ${validator.address}`,
    header(snapshot, connection),
    pairList(
      rows.map(([label, value]) => [chalk.dim(label), value]),
      width,
    ),
  ]
  const cost = typicalTxCost(snapshot)
  if (validator.ethBalance < cost) {
    lines.push(
      chalk.yellow(
        `Warning: ${formatEth(validator.ethBalance)} is less than a typical validator transaction costs at current fees (about ${formatEth(cost)}).`,
      ),
    )
  }
  return `${fitLines(lines.join('\n'), width)}\n`
}

const TABLE_HEAD = ['Validator', 'Status', 'Jail', 'Commission', 'Own KRO', 'Not bonded', 'Delegated', 'Weight', 'Probability', 'ETH']
/** The same columns as labels of a validator's block (its ETH value names its unit). */
const BLOCK_LABELS = [...TABLE_HEAD.slice(0, -1), 'Balance']

/**
 * One row per validator, for a quick look at many; it shows no KRO balance, so it can be drawn
 * while those are read. On a terminal too narrow for the table, each validator is a short block.
 */
export function renderValidatorTable(validators: ValidatorReading[], snapshot: SnapshotHeader, connection: Connection): string {
  const rows = validators.map((validator) => validatorRow(validator, snapshot))
  const width = terminalWidth(process.stdout)
  const table = gridTable(TABLE_HEAD, rows)
  if (fits(table, width)) return `${header(snapshot, connection)}\n${table}\n`
  const blocks = rows.flatMap(([address, status, ...values]) => [
    `${chalk.bold(address!)}  ${status}`,
    ...flow(
      values.flatMap((value, index) => (value === '-' ? [] : [`${chalk.dim(BLOCK_LABELS[index + 2]!)} ${value}`])),
      width!,
      '  ',
    ),
  ])
  return `${fitLines(header(snapshot, connection), width)}\n${blocks.join('\n')}\n`
}

function validatorRow(validator: ValidatorReading, snapshot: SnapshotHeader): string[] {
  const now = snapshot.timestamp
  return [
    validator.address,
    STATUS_COLOUR[validator.status](validator.status),
    validator.jailed ? chalk.red(validator.jailExpiresAt > now ? `until ${formatUtc(validator.jailExpiresAt)}` : 'expired: unjail') : '-',
    validator.status === 'NONE' ? '-' : `${validator.commissionRate}%${validator.commissionChangePending ? ` → ${validator.pendingCommissionRate}%` : ''}`,
    formatKro(validator.totalKro, 2),
    formatKro(validator.notBondedKro, 2),
    formatKro(validator.delegatedKro, 2),
    formatKro(validator.treeWeight, 2),
    percent(selectionProbability(validator, snapshot)),
    validator.ethBalance < typicalTxCost(snapshot) ? chalk.yellow(formatEth(validator.ethBalance, 4)) : formatEth(validator.ethBalance, 4),
  ]
}
