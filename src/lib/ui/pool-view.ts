import chalk from './colour.js'
import { labelledRows } from './table.js'
import { describeStep } from '../exit-steps.js'
import { formatEth } from '../format/amounts.js'
import type { PoolStatusJson } from '../pool/report.js'

/** `pool status` for people: the balance in ETH, whether deposits are over, and what to run next. */
export function renderPoolStatus(status: PoolStatusJson): string {
  const rows: Array<[string, string]> = [
    ['Address', status.address],
    ['Balance', chalk.bold(formatEth(BigInt(status.balance), 18))],
    ['Pool', `${status.pool} (V1, ETH)`],
    ['Deposits', status.terminated ? `closed: the pool is terminated (its last output is #${status.terminateOutputIndex})` : 'still accepted'],
    ['Expired bonds', status.unbondable ? 'some can be released now (`pool unbond`; anyone may send it)' : 'none to release now'],
    ['Block', String(status.blockNumber)],
  ]
  const lines = [chalk.bold('V1 ValidatorPool'), ...labelledRows(rows)]
  if (status.steps.length === 0) lines.push('Nothing to get back from the pool.')
  else for (const step of status.steps) lines.push(`${chalk.green('→')} ${describeStep(step)}\n    ${step.command}`)
  return `${lines.join('\n')}\n`
}
