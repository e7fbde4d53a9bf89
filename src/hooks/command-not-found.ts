import type { Hook } from '@oclif/core'
import { invalidInput } from '../lib/errors.js'
import { printFailure } from '../lib/ui/output.js'

/** An unknown command is a usage mistake: exit 2 with one line, like any other bad input, rendered as every error is. */
const hook: Hook.CommandNotFound = async function (options) {
  const id = options.id.replaceAll(':', ' ')
  const failure = invalidInput('UNKNOWN_COMMAND', `Unknown command "${id}".`, [`Run \`${options.config.bin} --help\` for the list of commands.`])
  await printFailure(failure, options.argv?.includes('--json') ?? false)
  process.exit(failure.exitCode)
}

export default hook
