import type { Action } from '../actions/types.js'
import { createTxView, loadSpinner, renderResult } from '../ui/tx-view.js'
import { parseGasLimit } from './fees.js'
import { runAction, type DryRunResult, type SentResult, type TransactionFlags } from './pipeline.js'

export interface CommandOutput {
  json: DryRunResult | SentResult
  text: string
}

/** Runs an action through the pipeline with the terminal's reporter and prompts. */
export async function executeAction<Input>(action: Action<Input>, input: Input, flags: TransactionFlags): Promise<CommandOutput> {
  const interactive = Boolean(process.stdin.isTTY)
  await loadSpinner()
  const reporter = createTxView({ json: flags.json, interactive, gasLimit: flags['gas-limit'] === undefined ? undefined : parseGasLimit(flags['gas-limit']) })
  const promptPassword = interactive
    ? async (question: string) => {
        const { password } = await import('@inquirer/prompts')
        return password({ message: question, mask: '*' }, { output: process.stderr })
      }
    : undefined
  const pollMs = process.env.KROMA_VALIDATOR_POLL_MS ? Number(process.env.KROMA_VALIDATOR_POLL_MS) : undefined
  const result = await runAction(action, input, flags, { reporter, interactive, promptPassword, pollMs })
  return { json: result, text: renderResult(result) }
}
