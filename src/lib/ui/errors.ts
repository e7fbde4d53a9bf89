import chalk from 'chalk'
import type { CliError } from '../errors.js'

/** One line for the reason, then what to do: no stack trace unless DEBUG asks for one. */
export function renderError(error: CliError, debug: boolean): string {
  const lines = [`${chalk.red('Error:')} ${error.message}`]
  for (const suggestion of error.suggestions) lines.push(`  ${chalk.dim('→')} ${suggestion}`)
  if (debug) {
    const cause = error.cause instanceof Error ? error.cause : error
    if (cause.stack) lines.push(chalk.dim(cause.stack))
  }
  return `${lines.join('\n')}\n`
}
