import type { Hook } from '@oclif/core'

/** An unknown command is a usage mistake: exit 2 with one line, like any other bad input. */
const hook: Hook.CommandNotFound = async function (options) {
  const id = options.id.replaceAll(':', ' ')
  const json = options.argv?.includes('--json') ?? false
  const message = `Unknown command "${id}".`
  const suggestion = `Run \`${options.config.bin} --help\` for the list of commands.`
  if (json) {
    process.stdout.write(`${JSON.stringify({ error: { code: 'UNKNOWN_COMMAND', message, suggestions: [suggestion], exitCode: 2 } }, null, 2)}\n`)
  } else {
    process.stderr.write(`Error: ${message}\n  → ${suggestion}\n`)
  }
  process.exit(2)
}

export default hook
