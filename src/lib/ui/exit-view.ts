import chalk from './colour.js'
import { describeStep, type ExitStepJson } from '../exit-steps.js'
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

/** `exit --execute`: what the signer is about to carry out, and what stays for others or for later. */
export function renderExecutionPlan(report: ExitReport, todo: ExitStepJson[]): string {
  const lines =
    todo.length === 0 ? ['Nothing this signer can carry out now.'] : [chalk.bold(`Steps to carry out now, in this order (${report.json.address} signs):`)]
  for (const [index, step] of todo.entries()) lines.push(`  ${index + 1}. ${describeStep(step)}`)
  const others = report.json.steps.filter((step) => !todo.includes(step))
  if (others.length > 0)
    lines.push(chalk.dim(`Listed, not attempted (another signer, later, or bonded): ${others.length} step${others.length === 1 ? '' : 's'}.`))
  return `${lines.join('\n')}\n`
}

/** After `exit --execute`: what was done, then what is left (the plan read again). */
export function renderAfterExecution(after: ExitReport, done: number, dryRun: boolean): string {
  const head = dryRun ? `Planned ${done} step${done === 1 ? '' : 's'}; nothing was sent.` : `Carried out ${done} step${done === 1 ? '' : 's'}.`
  return `${head}\n\n${renderExit(after)}`
}
