import type { Interfaces } from '@oclif/core'
import type { AccountAction, Action } from '../actions/types.js'
import { CliError, ExitCode, invalidInput } from '../errors.js'
import type { DryRunResult, SentReport, SentResult, TransactionFlags } from '../tx/pipeline.js'
import { BaseCommand, type CommandOutput } from './base.js'

export const POLL_ENV = 'KROMA_VALIDATOR_POLL_MS'

/** How often to ask for a receipt: once a second unless KROMA_VALIDATOR_POLL_MS says otherwise (a fast local chain). */
function receiptPollMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[POLL_ENV]?.trim()
  if (!raw) return undefined
  if (!/^\d+$/.test(raw) || Number(raw) < 10 || Number(raw) > 60_000) {
    throw invalidInput(
      'INVALID_POLL_INTERVAL',
      `${POLL_ENV}="${raw}" is not a polling interval. Accepted form: whole milliseconds from 10 to 60000, e.g. 1000.`,
    )
  }
  return Number(raw)
}

/** A sending command: its action goes through the one pipeline, joined here to the terminal's reporter and prompts. */
export abstract class TransactionCommand extends BaseCommand {
  protected async send<Input, State>(
    action: Action<Input> | AccountAction<Input, State, SentReport>,
    input: Input,
    flags: TransactionFlags,
  ): Promise<CommandOutput<DryRunResult | SentResult>> {
    // Loaded here, not at the top: --help must not load ethers or the views.
    const [{ runAction }, view] = await Promise.all([import('../tx/pipeline.js'), import('../ui/tx-view.js')])
    const interactive = Boolean(process.stdin.isTTY)
    await view.loadSpinner()
    const reporter = view.createTxView({ json: flags.json })
    const promptPassword = interactive
      ? async (question: string) => {
          const { password } = await import('@inquirer/prompts')
          return password({ message: question, mask: '*' }, { output: process.stderr })
        }
      : undefined
    const pollMs = receiptPollMs(process.env)
    const result = await runAction(action, input, flags, { reporter, interactive, promptPassword, pollMs })
    return { json: result, text: () => view.renderResult(result) }
  }

  /** Asks once before several sends (exit --execute), as the pipeline asks before one: unless --yes, and only on a terminal. */
  protected async confirm(question: string, flags: { yes: boolean }): Promise<void> {
    if (flags.yes) return
    if (!process.stdin.isTTY) throw (await import('../tx/pipeline.js')).confirmationNeeded()
    const { confirm } = await import('@inquirer/prompts')
    const accepted = await confirm({ message: question, default: false }, { output: process.stderr })
    if (!accepted) throw new CliError('Declined; nothing was sent.', { code: 'DECLINED', exitCode: ExitCode.declined })
  }
}

/** An action that makes its input from the flags of a command (`Action.fromFlags`). */
type ActionOf<Flags, Input, State> = Action<Input, Flags> | AccountAction<Input, State, SentReport, Flags>

/** What a sending command's run() does, bound to its flags' types where they are known (ActionCommand.sends). */
type SendsAction = () => Promise<CommandOutput<DryRunResult | SentResult>>

/**
 * A command that sends one action: its file declares the statics oclif reads (summary, flags, …) and
 * which action it sends; run() is this one, for all of them.
 */
export abstract class ActionCommand extends TransactionCommand {
  protected abstract readonly action: SendsAction

  async run(): Promise<CommandOutput<DryRunResult | SentResult>> {
    return this.action()
  }

  /**
   * Sends the action `load` gives, with the input its fromFlags makes of `command`'s flags. Loaded only
   * when the command runs, so --help loads neither ethers nor the action.
   */
  protected sends<Flags extends TransactionFlags, Input, State>(
    command: { flags: Interfaces.FlagInput<Flags> },
    load: () => Promise<ActionOf<NoInfer<Flags>, Input, State>>,
  ): SendsAction {
    return async () => {
      const { flags } = await this.parse(command)
      const action = await load()
      return this.send(action, action.fromFlags(flags), flags)
    }
  }
}
