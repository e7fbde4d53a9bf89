import { CliError, ExitCode } from '../errors.js'

/** Writes the one JSON document of a --json run. */
export function printJson(document: unknown): void {
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`)
}

/** A command's result: its JSON document, and its text for people (rendered only when asked for, so --json loads no view). */
export interface CommandOutput<Json = unknown> {
  json: Json
  text: string | (() => string | Promise<string>)
}

/** A command's text, rendered now if it was left for when it is asked for. */
export async function textOf(text: CommandOutput['text']): Promise<string> {
  return typeof text === 'string' ? text : text()
}

/** Prints a command's result: its JSON document with --json, its text otherwise. */
export async function printOutput(output: CommandOutput, json: boolean): Promise<void> {
  if (json) printJson(output.json)
  else process.stdout.write(await textOf(output.text))
}

/** Prints a failure as --json asks (on stdout) or as text (on stderr), and sets the exit code. */
export async function printFailure(failure: CliError, json: boolean): Promise<void> {
  if (json) {
    printJson({
      error: { code: failure.code, message: failure.message, suggestions: failure.suggestions, exitCode: failure.exitCode, ...failure.details },
    })
  } else {
    const { renderError } = await import('./errors.js')
    process.stderr.write(renderError(failure, Boolean(process.env.DEBUG)))
  }
  process.exitCode = failure.exitCode
}

/** Anything thrown that is not a usage error of the command line becomes a CliError; the rest is exit 1. */
export function asCliError(error: unknown): CliError {
  if (error instanceof CliError) return error
  // Ctrl-C at an inquirer prompt: nothing was sent yet.
  if (error instanceof Error && error.name === 'ExitPromptError') {
    return new CliError('Cancelled at the prompt; nothing was sent.', { code: 'DECLINED', exitCode: ExitCode.declined })
  }
  const message = error instanceof Error ? error.message : String(error)
  return new CliError(`Unexpected failure: ${message}`, {
    code: 'UNEXPECTED',
    exitCode: ExitCode.unexpected,
    suggestions: ['Run again with DEBUG=kroma-validator for details, and report it if it persists.'],
    cause: error,
  })
}
