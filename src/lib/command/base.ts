import { Command, Errors } from '@oclif/core'
import { CliError, ExitCode } from '../errors.js'
import { asCliError, printFailure, printJson } from '../ui/output.js'

/**
 * Owns what every command shares: the --json envelope, the error shape and the exit codes.
 * Errors are values with a message and suggestions, rendered here and nowhere else.
 */
export abstract class BaseCommand extends Command {
  /** Writes the one JSON document of a --json run. */
  protected printJson(document: unknown): void {
    printJson(document)
  }

  override async catch(error: Error & { exitCode?: number }): Promise<void> {
    // argv, not parsed flags: a parse error must still honour --json.
    await printFailure(toCliError(error), this.argv.includes('--json'))
  }
}

/** Anything thrown becomes a CliError: oclif's usage errors are exit 2, the rest as asCliError says. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error
  if (error instanceof Errors.CLIError && isParseError(error)) {
    // oclif wraps the reason in boilerplate lines; keep the reason, on one line.
    const lines = error.message
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !/^The following errors? occurred:?$/i.test(line) && !/^See more help with/i.test(line))
    return new CliError(oneLine(lines) || error.message.trim(), {
      code: 'INVALID_USAGE',
      exitCode: ExitCode.invalidInput,
      suggestions: ['Run the command with --help for its flags and examples.'],
      cause: error,
    })
  }
  if (error instanceof Errors.ExitError) {
    return new CliError('Exited', { code: 'EXIT', exitCode: (error.oclif.exit ?? 1) as ExitCode })
  }
  return asCliError(error)
}

/**
 * oclif's reason lines as one line. "Missing 2 required args:" is followed by a
 * "name  description" line per argument: those are named (`--help` describes them).
 */
function oneLine(lines: string[]): string {
  const [first = '', ...rest] = lines
  const missing = /^Missing (\d+) required args?:$/.exec(first)
  if (missing) return `${first} ${rest.slice(0, Number(missing[1])).map((line) => line.split(/\s+/)[0]).join(', ')}.`
  return lines.reduce((text, line) => (text === '' ? line : `${text}${text.endsWith(':') ? ' ' : ': '}${line}`), '')
}

function isParseError(error: Errors.CLIError): boolean {
  return 'parse' in error || /flag|argument|Expected|Unexpected|Missing/i.test(error.message)
}
