import { Args, Flags } from '@oclif/core'
import { TransactionCommand } from '../lib/command/transaction-command.js'
import { noCacheFlag, poolFlags, sendingFlags } from '../lib/input/flags.js'
import type { CommandOutput } from '../lib/command/base.js'
import type { ExitStepJson } from '../lib/exit-steps.js'
import type { DryRunResult, SentResult } from '../lib/tx/pipeline.js'

export default class Exit extends TransactionCommand {
  static override summary = 'Everything an address can still get back, one step each: what, from which validator, who signs, when, and the command.'
  static override description = `For an address in any role: a validator (its own KRO, signed by its withdraw account), the withdraw
account of one or more validators (found from every ValidatorRegistered and their withdraw accounts), a
delegator (KRO and KGH, found from its delegation events, cached like history), a V1 ValidatorPool depositor
(when the network has a pool or --validator-pool is given). Each step says whether it is possible now, if not
why and until when, and the exact command; a signer that holds code (a Safe) gets the Safe route. Own KRO
bonded to outputs is listed as what cannot come out. Without an address: the signer's, else the configured
validator.

Reads only, unless --execute: then the signer carries out, one after another through the usual checks, every
step it can do now (confirmed once, or --yes); steps for other signers or later times are listed, not sent.
Each step is read again just before it is sent, so a rerun after an interruption never repeats a done step.`

  static override examples = [
    '<%= config.bin %> exit 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --network mainnet',
    '<%= config.bin %> exit --ledger --json',
    '<%= config.bin %> exit --execute --ledger --network mainnet',
  ]

  static override args = {
    address: Args.string({ description: 'Address to look at (validator, withdraw account, delegator, pool depositor); defaults to the signer.' }),
  }

  static override flags = {
    execute: Flags.boolean({ description: "Carry out the signer's steps that are possible now (with --dry-run: only plan them).", default: false }),
    'no-cache': noCacheFlag,
    ...sendingFlags,
    ...poolFlags,
  }

  async run(): Promise<CommandOutput> {
    const { flags, args } = await this.parse(Exit)
    const { checkExecuteFlags, executableSteps, executeStep, executingAddress, readBetweenSteps, sameStep, withStepsDone } =
      await import('../lib/exit/execute.js')
    checkExecuteFlags(flags)
    const { readExit } = await import('../lib/exit/read.js')
    const read = (address: string | undefined) => this.withProgress('Reading registrations and delegation events', (update) => readExit(flags, address, update))
    const view = await import('../lib/ui/exit-view.js')
    if (!flags.execute) {
      const report = await read(args.address)
      return { json: report.json, text: () => view.renderExit(report) }
    }

    const { ConfigStore } = await import('../lib/config/store.js')
    const address = await executingAddress(flags, new ConfigStore(process.env).list(), args.address)
    const first = await read(address)
    const todo = executableSteps(first.json.steps, address)
    await this.printText(() => view.renderExecutionPlan(first, todo), process.stderr)
    if (todo.length > 0 && !flags['dry-run']) await this.confirm(`Carry out ${todo.length === 1 ? 'this step' : `these ${todo.length} steps`}?`, flags)
    const executed: Array<{ step: ExitStepJson; result: DryRunResult | SentResult }> = []
    for (const [index, planned] of todo.entries()) {
      // Read again before each step: one done meanwhile (or by an earlier, interrupted run) is gone.
      const step =
        index === 0 || flags['dry-run']
          ? planned
          : (await readBetweenSteps(() => read(address), executed)).json.steps.find((now) => sameStep(now, planned) && now.possibleNow)
      if (!step) continue
      const output = await executeStep(step, (action, input) => this.send(action, input, { ...flags, yes: true })).catch((error: unknown) => {
        throw withStepsDone(error, executed)
      })
      await this.printText(output.text)
      executed.push({ step, result: output.json })
    }
    const after = flags['dry-run'] ? first : await read(address)
    return {
      json: { address, dryRun: flags['dry-run'], executed, remaining: after.json.steps, blockNumber: after.json.blockNumber },
      text: () => view.renderAfterExecution(after, executed.length, flags['dry-run']),
    }
  }
}
