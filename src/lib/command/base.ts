import { Command, Errors } from '@oclif/core'
import { CliError, ExitCode } from '../errors.js'
import { asCliError, printFailure, printOutput, textOf, type CommandOutput } from '../ui/output.js'
import { withProgress, type ProgressUpdate } from '../ui/progress.js'

export type { CommandOutput } from '../ui/output.js'

/**
 * Owns what every command shares: a command's run() returns its result, and this prints it as the
 * one JSON document of --json or as text; errors are values with a message and suggestions,
 * rendered here and nowhere else, with their exit codes. What a command shows while it runs (a progress
 * bar, a step as it is done) goes through here too, so --json keeps stdout to its one document.
 */
export abstract class BaseCommand extends Command {
  protected override async _run<T>(): Promise<T> {
    const result = await super._run<T>()
    if (isCommandOutput(result)) await this.print(result)
    return result
  }

  /** Prints output before run() returns; only for a command that goes on running afterwards (devnet start). */
  protected async print(output: CommandOutput): Promise<void> {
    await printOutput(output, this.jsonRequested())
  }

  /**
   * Text for people shown before run() returns (a plan before its prompt, each step as it is done), on
   * stdout or `stream`; nothing under --json, whose one document at the end holds it all.
   */
  protected async printText(text: CommandOutput['text'], stream: NodeJS.WritableStream = process.stdout): Promise<void> {
    if (!this.jsonRequested()) stream.write(await textOf(text))
  }

  /** A line after the result (how a run that went on ended): on stdout, or on stderr under --json, whose stdout is one document. */
  protected printNote(line: string): void {
    ;(this.jsonRequested() ? process.stderr : process.stdout).write(`${line}\n`)
  }

  /** Runs `work` behind a progress bar on stderr, drawn only on a terminal and never under --json. */
  protected withProgress<T>(label: string, work: (update?: ProgressUpdate) => Promise<T>): Promise<T> {
    return withProgress(label, !this.jsonRequested(), work)
  }

  override async catch(error: Error & { exitCode?: number }): Promise<void> {
    await printFailure(toCliError(error), this.jsonRequested())
  }

  /** By argv, not parsed flags: a parse error must still honour --json. */
  protected jsonRequested(): boolean {
    return this.argv.includes('--json')
  }
}

function isCommandOutput(value: unknown): value is CommandOutput {
  return typeof value === 'object' && value !== null && 'json' in value && 'text' in value
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
  if (missing)
    return `${first} ${rest
      .slice(0, Number(missing[1]))
      .map((line) => line.split(/\s+/)[0])
      .join(', ')}.`
  return lines.reduce((text, line) => (text === '' ? line : `${text}${text.endsWith(':') ? ' ' : ': '}${line}`), '')
}

function isParseError(error: Errors.CLIError): boolean {
  return 'parse' in error || /flag|argument|Expected|Unexpected|Missing/i.test(error.message)
}
