import { Command, Errors } from '@oclif/core'
import { CliError, ExitCode } from '../errors.js'

/**
 * Owns what every command shares: the --json envelope, the error shape and the exit codes.
 * Errors are values with a message and suggestions, rendered here and nowhere else.
 */
export abstract class BaseCommand extends Command {
  /** Writes the one JSON document of a --json run. */
  protected printJson(document: unknown): void {
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`)
  }

  override async catch(error: Error & { exitCode?: number }): Promise<void> {
    const failure = toCliError(error)
    // argv, not parsed flags: a parse error must still honour --json.
    if (this.argv.includes('--json')) {
      this.printJson({
        error: { code: failure.code, message: failure.message, suggestions: failure.suggestions, exitCode: failure.exitCode, ...failure.details },
      })
    } else {
      const { renderError } = await import('../ui/errors.js')
      process.stderr.write(renderError(failure, Boolean(process.env.DEBUG)))
    }
    process.exitCode = failure.exitCode
  }
}

/** Anything thrown becomes a CliError: user mistakes keep their message, the rest is exit 1. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error
  if (error instanceof Errors.CLIError && isParseError(error)) {
    // oclif wraps the reason in boilerplate lines; keep the reason, on one line.
    const reason = error.message
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !/^The following errors? occurred:?$/i.test(line) && !/^See more help with/i.test(line))
      .join(': ')
    return new CliError(reason || error.message.trim(), {
      code: 'INVALID_USAGE',
      exitCode: ExitCode.invalidInput,
      suggestions: ['Run the command with --help for its flags and examples.'],
      cause: error,
    })
  }
  // Ctrl-C at an inquirer prompt: nothing was sent yet.
  if (error instanceof Error && error.name === 'ExitPromptError') {
    return new CliError('Cancelled at the prompt; nothing was sent.', { code: 'DECLINED', exitCode: ExitCode.declined })
  }
  if (error instanceof Errors.ExitError) {
    return new CliError('Exited', { code: 'EXIT', exitCode: (error.oclif.exit ?? 1) as ExitCode })
  }
  const message = error instanceof Error ? error.message : String(error)
  return new CliError(`Unexpected failure: ${message}`, {
    code: 'UNEXPECTED',
    exitCode: ExitCode.unexpected,
    suggestions: ['Run again with DEBUG=kroma-validator for details, and report it if it persists.'],
    cause: error,
  })
}

function isParseError(error: Errors.CLIError): boolean {
  return 'parse' in error || /flag|argument|Expected|Unexpected|Missing/i.test(error.message)
}
