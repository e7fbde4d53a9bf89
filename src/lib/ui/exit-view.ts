import chalk from 'chalk'
import { describeStep } from '../exit/plan.js'
import type { ExitReport } from '../exit/read.js'
import { formatEth, formatKro } from '../format/amounts.js'

/** `exit` for people: one entry per step (what, who signs, now or why not, the command), then the totals and what stays bonded. */
export function renderExit(report: ExitReport): string {
  const { json, connection } = report
  const lines = [
    chalk.bold(`What ${json.address} can get back`),
    chalk.dim(`${connection.networkName ? `${connection.networkName} · ` : ''}block ${json.blockNumber}`),
    '',
  ]
  if (json.steps.length === 0) lines.push('Nothing: no own KRO, no delegation and no pool balance at this block.')
  for (const step of json.steps) {
    const mark = step.kind === 'bonded' ? chalk.red('✗') : step.possibleNow ? chalk.green('→') : chalk.yellow('…')
    lines.push(`${mark} ${describeStep(step)}`)
    lines.push(
      `    signer: ${step.signer}${step.signer.toLowerCase() === json.address.toLowerCase() ? ' (this address)' : ''}${step.signerIsContract ? ' (a contract: its owners sign through the Safe app)' : ''}`,
    )
    lines.push(`    ${step.possibleNow ? chalk.green('possible now') : `not now: ${step.blocker}`}`)
    if (step.kind !== 'bonded') lines.push(`    ${step.possibleNow ? '' : 'then: '}${step.command}`)
  }
  const totals = json.totals
  lines.push('')
  lines.push(
    `Now: ${formatKro(BigInt(totals.kroNow))}${totals.kghRewardNow !== '0' ? ` + ${formatKro(BigInt(totals.kghRewardNow))} of KGH reward` : ''}${totals.ethNow !== '0' ? ` + ${formatEth(BigInt(totals.ethNow))}` : ''}. Later: ${formatKro(BigInt(totals.kroLater))}${totals.kghTokens > 0 ? `, ${totals.kghTokens} KGH token${totals.kghTokens === 1 ? '' : 's'} in all` : ''}.`,
  )
  if (totals.kroBonded !== '0')
    lines.push(
      chalk.red(
        `Cannot come out: ${formatKro(BigInt(totals.kroBonded))} of own KRO bonded to outputs, released only when a later output is submitted, which no longer happens on Kroma mainnet.`,
      ),
    )
  if (json.steps.some((step) => step.possibleNow && !step.signerIsContract) && !json.steps.some((step) => step.command.includes('--ledger'))) {
    lines.push(chalk.dim('A signer on a Ledger: add --ledger (and --ledger-index N for another Ledger Live account) to its commands.'))
  }
  return `${lines.join('\n')}\n`
}
