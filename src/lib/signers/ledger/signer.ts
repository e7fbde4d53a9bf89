import { CliError, ExitCode, invalidInput } from '../../errors.js'
import { LedgerError, openLedger, parseHdPath, type ConfirmationKind, type LedgerDevice } from './device.js'
import { SIGNER_ENV } from '../resolve.js'
import type { OpenSignerOptions, SignerSource, TransactionSigner } from '../types.js'

/** Seconds to wait for the operator to confirm on the device (default 120). */
export const LEDGER_TIMEOUT_ENV = 'KROMA_LEDGER_TIMEOUT'
const MAX_LEDGER_TIMEOUT_SECONDS = 3600

/** Adapts the Ledger device to the signer interface; loaded only when --ledger is used. */
export async function openLedgerSigner(source: Extract<SignerSource, { kind: 'ledger' }>, options: OpenSignerOptions): Promise<TransactionSigner> {
  const path = parseLedgerPath(source.path)
  const device = await openCliLedger({ speculosUrl: source.speculosUrl, env: options.env })
  let address: string
  try {
    // Read before anything else happens: preflight checks run against this address.
    address = await withLedgerErrors(() => device.getAddress(path))
  } catch (error) {
    await device.close()
    throw error
  }
  return {
    kind: 'ledger',
    address,
    description: `Ledger at ${path}`,
    signTransaction: (transaction) =>
      withLedgerErrors(() => device.signTransaction(path, transaction, { onWaitingForConfirmation: options.onDeviceConfirmation })),
    close: () => device.close(),
  }
}

export interface CliLedgerOptions {
  /** Speculos REST API (from KROMA_LEDGER_SPECULOS_URL); undefined: USB. */
  speculosUrl: string | undefined
  env: NodeJS.ProcessEnv
  onWaitingForConfirmation?: (kind: ConfirmationKind) => void
}

/**
 * Opens the Ledger the way every command does: Speculos when a URL is given, USB otherwise, with the confirmation timeout of KROMA_LEDGER_TIMEOUT. Failures are exit 6.
 */
export async function openCliLedger(options: CliLedgerOptions): Promise<LedgerDevice> {
  const timeoutMs = ledgerTimeoutMs(options.env)
  return withLedgerErrors(() => openLedger({ speculosUrl: options.speculosUrl, timeoutMs, onWaitingForConfirmation: options.onWaitingForConfirmation }))
}

/** The Speculos URL the environment selects (KROMA_LEDGER_SPECULOS_URL), or undefined for USB. */
export function speculosUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  return nonEmpty(env[SIGNER_ENV.speculosUrl])
}

/** KROMA_LEDGER_TIMEOUT in milliseconds, or undefined for the default (120 s). */
export function ledgerTimeoutMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = nonEmpty(env[LEDGER_TIMEOUT_ENV])
  if (raw === undefined) return undefined
  const seconds = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN
  if (!(seconds > 0 && seconds <= MAX_LEDGER_TIMEOUT_SECONDS)) {
    throw invalidInput(
      'INVALID_LEDGER_TIMEOUT',
      `${LEDGER_TIMEOUT_ENV}="${raw}" is not a number of seconds. Accepted form: a positive number up to ${MAX_LEDGER_TIMEOUT_SECONDS}, e.g. 120 or 0.5.`,
    )
  }
  return Math.max(1, Math.round(seconds * 1000))
}

export function parseLedgerPath(path: string): string {
  try {
    return parseHdPath(path)
  } catch (error) {
    throw new CliError((error as Error).message, { code: 'INVALID_HD_PATH', exitCode: ExitCode.invalidInput })
  }
}

/** Every device failure is a signer problem (exit 6) with the step the operator should take. */
export async function withLedgerErrors<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action()
  } catch (error) {
    if (error instanceof CliError) throw error
    const ledgerError = error instanceof LedgerError ? error : (await import('./device.js')).mapLedgerError(error)
    throw new CliError(ledgerError.message, {
      code: ledgerError.code,
      exitCode: ExitCode.signer,
      suggestions: ledgerError.suggestion ? [ledgerError.suggestion] : [],
      cause: error,
    })
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined
}
