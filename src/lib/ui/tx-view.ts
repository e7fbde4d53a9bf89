import chalk from './colour.js'
import type { Ora } from 'ora'
import { formatEth } from '../format/amounts.js'
import type { MinedTransaction, PlanView, SentTransaction, TxReporter } from '../tx/types.js'
import type { DryRunResult, SentResult } from '../tx/pipeline.js'
import { shortAddress } from '../address.js'
import { fitLines, fits, gridTable, terminalWidth } from './table.js'

export interface TxViewOptions {
  json: boolean
  stderr?: NodeJS.WriteStream
}

/**
 * Progress for people on stderr (stdout keeps the result, or the one JSON document).
 * Hashes are printed the moment they are sent, in every mode, so an interrupted wait never loses one.
 */
export function createTxView(options: TxViewOptions): TxReporter {
  const stderr = options.stderr ?? process.stderr
  const write = (text: string) => stderr.write(`${text}\n`)
  let spinner: Ora | undefined

  return {
    showPlan(view: PlanView) {
      if (options.json) return
      write(renderPlan(view, terminalWidth(stderr)))
    },
    async confirm(question: string) {
      const { confirm } = await import('@inquirer/prompts')
      return confirm({ message: question, default: false }, { output: stderr })
    },
    awaitingDevice() {
      write(chalk.bold('Confirm the transaction on your Ledger.'))
    },
    sent(transaction: SentTransaction) {
      write(
        `${options.json ? '' : chalk.green('Sent ')}${transaction.call.function} ${transaction.hash}${transaction.explorerUrl ? `  ${transaction.explorerUrl}` : ''}`,
      )
    },
    waiting(transaction: SentTransaction, confirmations: number) {
      if (options.json || !stderr.isTTY) return
      const text = `Waiting for ${transaction.call.function} (${confirmations} confirmation${confirmations === 1 ? '' : 's'})…`
      // ora counts the lines to redraw by dividing by the width: a terminal that reports none
      // (0 columns) would keep it redrawing forever, so it gets the line once, without a spinner.
      if (!(stderr.columns > 0)) {
        write(text)
        return
      }
      const { default: ora } = oraModule!
      spinner = ora({ text, stream: stderr, color: chalk.level > 0 ? 'cyan' : false }).start()
    },
    mined(transaction: MinedTransaction) {
      spinner?.stop()
      spinner = undefined
      if (options.json) return
      const mark = transaction.status === 'success' ? chalk.green('✔') : chalk.red('✘')
      write(`${mark} ${transaction.call.function} ${transaction.status} in block ${transaction.blockNumber} (gas used ${transaction.gasUsed})`)
    },
    done() {
      spinner?.stop()
      spinner = undefined
    },
  }
}

let oraModule: typeof import('ora') | undefined

/** ora is loaded ahead of the wait so the reporter's callbacks stay synchronous. */
export async function loadSpinner(): Promise<void> {
  oraModule ??= await import('ora')
}

/** The plan as a table, or on a terminal too narrow for it, one block per transaction. */
function renderPlan(view: PlanView, width: number | undefined): string {
  const network = view.networkName ? `${view.networkName} (chain ${view.chainId})` : `chain ${view.chainId}`
  const lines = [chalk.bold(`${view.actionName} on ${network}`), `Signer     ${view.signer} (${view.signerDescription})`, `Validator  ${view.validator}`]
  const costs = view.gasLimits.map(({ gas, assumed }) => ({ limit: assumed ? `≤ ${gas}` : String(gas), maxFee: formatEth(gas * view.fees.maxFeePerGas) }))
  const table = gridTable(
    ['#', 'Contract', 'Function', 'Arguments', 'Gas limit', 'Max fee'],
    view.calls.map((call, index) => [
      String(index + 1),
      `${call.contract}\n${call.to}`,
      call.function,
      call.args.map((arg) => `${arg.name}: ${arg.value}`).join('\n') || '-',
      costs[index]!.limit,
      costs[index]!.maxFee,
    ]),
    { wordWrap: true },
  )
  if (fits(table, width)) lines.push(table)
  else {
    view.calls.forEach((call, index) => {
      lines.push(`${chalk.bold(`${index + 1}. ${call.function}`)} on ${call.contract} ${shortAddress(call.to)}`)
      for (const arg of call.args) lines.push(`     ${arg.name}: ${arg.value}`)
      lines.push(`   gas limit ${costs[index]!.limit} · max fee ${costs[index]!.maxFee}`)
    })
  }
  lines.push(
    `Fees: max ${formatGwei(view.fees.maxFeePerGas)} gwei/gas, tip ${formatGwei(view.fees.maxPriorityFeePerGas)} gwei/gas; at most ${formatEth(view.maxTotalFee)} in total.`,
  )
  for (const notice of view.notices) lines.push(chalk.yellow(`! ${notice}`))
  return fitLines(lines.join('\n'), width)
}

function formatGwei(wei: bigint): string {
  const whole = wei / 1_000_000_000n
  const fraction = (wei % 1_000_000_000n).toString().padStart(9, '0').slice(0, 3).replace(/0+$/, '')
  return fraction ? `${whole}.${fraction}` : whole.toString()
}

/** The result for people: what changed, and the transactions that did it; for a dry run, the plan and what to sign elsewhere. */
export function renderResult(result: DryRunResult | SentResult): string {
  if (!result.dryRun) return `${chalk.green.bold(result.outcome)}\n`
  const lines = [
    chalk.bold(`Dry run: nothing was signed or sent. ${result.transactions.length} transaction(s) from ${result.from} on chain ${result.chainId}:`),
  ]
  result.transactions.forEach((tx, index) => {
    lines.push(`${index + 1}. ${tx.contract}.${tx.function}`)
    for (const arg of tx.args) lines.push(`     ${arg.name}: ${arg.value}`)
    const fee = formatEth(BigInt(tx.estimatedFee))
    lines.push(
      tx.gasEstimate === null
        ? `   estimated fee: up to ${fee} (its gas is known once the transaction before it is mined)`
        : `   estimated fee: ${fee} (${tx.gasEstimate} gas)`,
    )
  })
  lines.push(`Estimated fees: ${formatEth(BigInt(result.estimatedFee))} in total (at most ${formatEth(BigInt(result.maxFee))} at the max fee per gas).`)
  for (const notice of result.notices) lines.push(chalk.yellow(`! ${notice}`))
  // The plan fits the terminal; what is signed elsewhere stays whole, for copying.
  const signing = ['', 'To sign elsewhere:']
  result.transactions.forEach((tx, index) => {
    signing.push(`${index + 1}. ${tx.function}`, `   to:      ${tx.to}`, `   value:   ${tx.value}`, `   chainId: ${tx.chainId}`, `   data:    ${tx.data}`)
  })
  if (result.safeTxFile)
    signing.push(
      '',
      `Safe Transaction Builder batch written to ${result.safeTxFile}: import it in the Safe app (Apps → Transaction Builder), then sign and execute it there.`,
    )
  return `${fitLines(lines.join('\n'), terminalWidth(process.stdout))}\n${signing.join('\n')}\n`
}
