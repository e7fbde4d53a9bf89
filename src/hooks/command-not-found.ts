import type { Hook } from '@oclif/core'
import { closestCommands } from '../lib/command/did-you-mean.js'
import { looksLikeSecret } from '../lib/config/store.js'
import { invalidInput } from '../lib/errors.js'
import { printFailure } from '../lib/ui/output.js'

/**
 * An unknown command is a usage mistake: exit 2 with one line, like any other bad input, naming
 * the closest commands when the typed name is near one (taken from the commands oclif loaded).
 */
const hook: Hook.CommandNotFound = async function (options) {
  const { bin, commands } = options.config
  const words = options.id.split(':')
  const visible = commands
    .filter((command) => !command.hidden)
    .map((command) => ({ id: command.id, aliases: [...command.aliases, ...(command.hiddenAliases ?? [])] }))
  const matches = closestCommands(words, visible).map((id) => `\`${bin} ${id.replaceAll(':', ' ')}\``)
  const suggestion =
    matches.length === 0
      ? `Run \`${bin} --help\` for the list of commands.`
      : `Did you mean ${matches.length === 1 ? matches[0] : `one of ${matches.join(', ')}`}?`
  // A key or mnemonic typed where the command goes is not echoed.
  const typed = words.join(' ')
  const error = invalidInput('UNKNOWN_COMMAND', looksLikeSecret(typed) ? 'Unknown command.' : `Unknown command "${typed}".`, [suggestion])
  await printFailure(error, options.argv?.includes('--json') ?? false)
  process.exit(error.exitCode)
}

export default hook
