/** Exit codes are part of the CLI contract: operators' scripts branch on them. */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  invalidInput: 2,
  refused: 3,
  rpc: 4,
  txFailed: 5,
  signer: 6,
  declined: 130,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

export interface CliErrorOptions {
  /** Machine-readable code for --json consumers, e.g. INVALID_AMOUNT. */
  code: string
  exitCode: ExitCode
  /** What the operator can do next; each a short sentence or a command line. */
  suggestions?: string[]
  /** Extra machine-readable facts (tx hashes, times) carried into --json. */
  details?: Record<string, unknown>
  cause?: unknown
}

/**
 * An error meant for the operator: its message is shown as is, without a stack trace.
 * Anything else that escapes a command is an unexpected failure (exit 1).
 */
export class CliError extends Error {
  readonly code: string
  readonly exitCode: ExitCode
  readonly suggestions: string[]
  readonly details: Record<string, unknown>

  constructor(message: string, options: CliErrorOptions) {
    super(message, { cause: options.cause })
    this.name = 'CliError'
    this.code = options.code
    this.exitCode = options.exitCode
    this.suggestions = options.suggestions ?? []
    this.details = options.details ?? {}
  }
}

export function invalidInput(code: string, message: string, suggestions: string[] = []): CliError {
  return new CliError(message, { code, exitCode: ExitCode.invalidInput, suggestions })
}
