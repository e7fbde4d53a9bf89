import type { AccountAction, Action } from '../actions/types.js'
import { invalidInput } from '../errors.js'
import { createTxView, loadSpinner, renderResult } from '../ui/tx-view.js'
import { runAction, type DryRunResult, type SentReport, type SentResult, type TransactionFlags } from './pipeline.js'

export interface CommandOutput {
  json: DryRunResult | SentResult
  text: string
}

export const POLL_ENV = 'KROMA_VALIDATOR_POLL_MS'

/** How often to ask for a receipt: once a second unless KROMA_VALIDATOR_POLL_MS says otherwise (a fast local chain). */
function receiptPollMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[POLL_ENV]?.trim()
  if (!raw) return undefined
  if (!/^\d+$/.test(raw) || Number(raw) < 10 || Number(raw) > 60_000) {
    throw invalidInput('INVALID_POLL_INTERVAL', `${POLL_ENV}="${raw}" is not a polling interval. Accepted form: whole milliseconds from 10 to 60000, e.g. 1000.`)
  }
  return Number(raw)
}

/** Runs an action through the pipeline with the terminal's reporter and prompts. */
export async function executeAction<Input, State>(action: Action<Input> | AccountAction<Input, State, SentReport>, input: Input, flags: TransactionFlags): Promise<CommandOutput> {
  const interactive = Boolean(process.stdin.isTTY)
  await loadSpinner()
  const reporter = createTxView({ json: flags.json })
  const promptPassword = interactive
    ? async (question: string) => {
        const { password } = await import('@inquirer/prompts')
        return password({ message: question, mask: '*' }, { output: process.stderr })
      }
    : undefined
  const pollMs = receiptPollMs(process.env)
  const result = await runAction(action, input, flags, { reporter, interactive, promptPassword, pollMs })
  return { json: result, text: renderResult(result) }
}
