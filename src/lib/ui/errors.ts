import chalk from './colour.js'
import type { CliError } from '../errors.js'
import { maskUrl } from '../chain/url.js'

/** One line for the reason, then what to do: no stack trace unless DEBUG asks for one. */
export function renderError(error: CliError, debug: boolean): string {
  const lines = [`${chalk.red('Error:')} ${error.message}`]
  for (const suggestion of error.suggestions) lines.push(`  ${chalk.dim('→')} ${suggestion}`)
  if (debug) {
    const cause = error.cause instanceof Error ? error.cause : error
    // Library errors quote the request URL in full: mask any key or password in it.
    if (cause.stack) lines.push(chalk.dim(cause.stack.replace(/https?:\/\/[^\s"'<>)]+/g, (url) => maskUrl(url))))
  }
  return `${lines.join('\n')}\n`
}
