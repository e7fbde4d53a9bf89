import { CliError, ExitCode } from '../errors.js'
import { LedgerError, openLedger, parseHdPath } from './ledger.js'
import type { OpenSignerOptions } from './open.js'
import type { SignerSource, TransactionSigner } from './types.js'

/** Adapts the Ledger device to the signer interface; loaded only when --ledger is used. */
export async function openLedgerSigner(source: Extract<SignerSource, { kind: 'ledger' }>, options: OpenSignerOptions): Promise<TransactionSigner> {
  const path = parseLedgerPath(source.path)
  const device = await withLedgerErrors(() => openLedger({ speculosUrl: source.speculosUrl }))
  const address = await withLedgerErrors(() => device.getAddress(path))
  return {
    kind: 'ledger',
    address,
    description: `Ledger at ${path}`,
    signTransaction: (transaction) =>
      withLedgerErrors(() => device.signTransaction(path, transaction, { onWaitingForConfirmation: options.onDeviceConfirmation })),
    close: () => device.close(),
  }
}

function parseLedgerPath(path: string): string {
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
    const ledgerError = error instanceof LedgerError ? error : (await import('./ledger.js')).mapLedgerError(error)
    throw new CliError(ledgerError.message, {
      code: ledgerError.code,
      exitCode: ExitCode.signer,
      suggestions: ledgerError.suggestion ? [ledgerError.suggestion] : [],
      cause: error,
    })
  }
}
