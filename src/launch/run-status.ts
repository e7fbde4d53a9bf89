import { statusOutput } from '../lib/command/status-output.js'
import { asCliError, printFailure, printOutput } from '../lib/ui/output.js'
import type { StatusArgv } from './status-argv.js'

/** `status` without oclif's runner: the same reading, output and errors as the command. */
export async function runStatus({ flags, addresses }: StatusArgv, argv: readonly string[]): Promise<void> {
  try {
    await printOutput(await statusOutput(flags, addresses), flags.json)
  } catch (error) {
    // As the command decides it: by argv, so that any --json is honoured.
    await printFailure(asCliError(error), argv.includes('--json'))
  }
}
