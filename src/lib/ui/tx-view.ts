import chalk from 'chalk'
import Table from 'cli-table3'
import type { Ora } from 'ora'
import { formatEth } from '../format/amounts.js'
import { gasLimitFor } from '../tx/fees.js'
import type { MinedTransaction, PlanView, SentTransaction, TxReporter } from '../tx/types.js'
import type { DryRunResult, SentResult } from '../tx/pipeline.js'

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
  const spinners = !options.json && Boolean(stderr.isTTY)
  let spinner: Ora | undefined

  return {
    showPlan(view: PlanView) {
      if (options.json) return
      write(renderPlan(view))
    },
    async confirm(question: string) {
      const { confirm } = await import('@inquirer/prompts')
      return confirm({ message: question, default: false }, { output: stderr })
    },
    awaitingDevice() {
      write(chalk.bold('Confirm the transaction on your Ledger.'))
    },
    sent(transaction: SentTransaction) {
      write(`${options.json ? '' : chalk.green('Sent ')}${transaction.call.function} ${transaction.hash}${transaction.explorerUrl ? `  ${transaction.explorerUrl}` : ''}`)
    },
    waiting(transaction: SentTransaction, confirmations: number) {
      if (!spinners) return
      const { default: ora } = oraModule!
      spinner = ora({ text: `Waiting for ${transaction.call.function} (${confirmations} confirmation${confirmations === 1 ? '' : 's'})…`, stream: stderr }).start()
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

function renderPlan(view: PlanView): string {
  const { gasLimit } = view
  const network = view.networkName ? `${view.networkName} (chain ${view.chainId})` : `chain ${view.chainId}`
  const lines = [
    chalk.bold(`${view.actionName} on ${network}`),
    `Signer     ${view.signer} (${view.signerDescription})`,
    `Validator  ${view.validator}`,
  ]
  const table = new Table({ head: ['#', 'Contract', 'Function', 'Arguments', 'Gas limit', 'Max fee'], style: { head: chalk.level > 0 ? ['bold'] : [], border: chalk.level > 0 ? ['grey'] : [] }, wordWrap: true })
  view.calls.forEach((call, index) => {
    const limit = gasLimitFor(call, gasLimit)
    table.push([
      String(index + 1),
      `${call.contract}\n${call.to}`,
      call.function,
      call.args.map((arg) => `${arg.name}: ${arg.value}`).join('\n') || '-',
      call.gasEstimate === undefined && gasLimit === undefined ? `≤ ${limit}` : String(limit),
      formatEth(limit * view.fees.maxFeePerGas),
    ])
  })
  lines.push(table.toString())
  lines.push(`Fees: max ${formatGwei(view.fees.maxFeePerGas)} gwei/gas, tip ${formatGwei(view.fees.maxPriorityFeePerGas)} gwei/gas; at most ${formatEth(view.maxTotalFee)} in total.`)
  for (const notice of view.notices) lines.push(chalk.yellow(`! ${notice}`))
  return lines.join('\n')
}

function formatGwei(wei: bigint): string {
  const whole = wei / 1_000_000_000n
  const fraction = (wei % 1_000_000_000n).toString().padStart(9, '0').slice(0, 3).replace(/0+$/, '')
  return fraction ? `${whole}.${fraction}` : whole.toString()
}

/** The result for people: what changed, and the transactions that did it. */
export function renderResult(result: DryRunResult | SentResult): string {
  if (result.dryRun) {
    const lines = [chalk.bold(`Dry run: nothing was signed or sent. ${result.transactions.length} transaction(s) from ${result.from} on chain ${result.chainId}:`)]
    result.transactions.forEach((tx, index) => {
      lines.push(`${index + 1}. ${tx.function}`)
      lines.push(`   to:    ${tx.to}`)
      lines.push(`   value: ${tx.value}`)
      lines.push(`   data:  ${tx.data}`)
      lines.push(`   gas:   ${tx.gasEstimate ?? 'estimated after the previous transaction is mined'}`)
    })
    for (const notice of result.notices) lines.push(chalk.yellow(`! ${notice}`))
    if (result.safeTxFile) lines.push(`Safe Transaction Builder batch written to ${result.safeTxFile}: import it in the Safe app (Apps → Transaction Builder), then sign and execute it there.`)
    return `${lines.join('\n')}\n`
  }
  return `${chalk.green.bold(result.outcome)}\n`
}
