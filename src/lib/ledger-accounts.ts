import { withRpcErrors } from './chain/rpc.js'
import { explainDevnetUnreachable } from './config/devnet-not-running.js'
import { createChainContext, type ContextFlags } from './chain-context.js'
import { CliError, ExitCode } from './errors.js'
import { LedgerError, bip44Path, ledgerLivePath, legacyPath } from './signers/ledger/device.js'
import { openCliLedger, parseLedgerPath, speculosUrlFrom, withLedgerErrors } from './signers/ledger/signer.js'
import { readSnapshot, ZERO_ADDRESS } from './validator/snapshot.js'
import type { StatusName } from './validator/status-names.js'

/** The three ways wallets number Ethereum accounts on a Ledger. */
export type LedgerLayout = 'ledger-live' | 'bip44' | 'legacy'

export const LEDGER_LAYOUTS: ReadonlyArray<{ layout: LedgerLayout; label: string; pattern: string; path: (index: number) => string }> = [
  { layout: 'ledger-live', label: 'Ledger Live', pattern: "m/44'/60'/N'/0/0", path: ledgerLivePath },
  { layout: 'bip44', label: 'BIP44 (MetaMask)', pattern: "m/44'/60'/0'/0/N", path: bip44Path },
  { layout: 'legacy', label: 'Legacy (MEW, MyCrypto)', pattern: "m/44'/60'/0'/N", path: legacyPath },
]

export interface LedgerAccount {
  layout: LedgerLayout
  index: number
  path: string
  address: string
  /** Whether it is the withdraw account of --validator; null without --validator. */
  isWithdrawAccount: boolean | null
  /** The signer flags of the sending commands that select it. */
  signWith: string
}

export interface ValidatorWithdrawInfo {
  address: string
  status: StatusName
  /** null when the validator is not registered (it has no withdraw account). */
  withdrawAccount: string | null
  /** Where the withdraw account is on this Ledger, among the paths read; null when not found. */
  withdrawAccountPath: string | null
  /** The signer flags that select it, e.g. "--ledger --ledger-index 2"; null when not found. */
  signWith: string | null
  blockNumber: number
}

export interface AddressesReport {
  device: DeviceLabel
  count: number
  validator: ValidatorWithdrawInfo | null
  accounts: LedgerAccount[]
}

export interface VerifyReport {
  device: DeviceLabel
  path: string
  address: string
  confirmed: true
  isWithdrawAccount: boolean | null
  validator: ValidatorWithdrawInfo | null
}

export interface DeviceLabel {
  transport: 'usb' | 'speculos'
  speculosUrl: string | null
}

export interface AddressesOptions {
  flags: Partial<ContextFlags> & { 'rpc-timeout': number }
  env: NodeJS.ProcessEnv
  /** --validator, already checksummed. */
  validator?: string
  /** Called before the device shows something and waits for the operator. */
  onDevicePrompt?: (prompt: DevicePrompt) => void
}

export type DevicePrompt = { kind: 'verify-address'; path: string; address: string }

/**
 * Lists the first `count` accounts of each layout, marking the withdraw account of `validator`.
 * The first account of Ledger Live and of BIP44 is the same path: it is read once, listed in both.
 */
export async function listLedgerAddresses(count: number, options: AddressesOptions): Promise<AddressesReport> {
  // The chain first: an RPC problem is reported without making the operator unlock anything.
  const validator = options.validator === undefined ? null : await readWithdrawAccount(options.validator, options)
  const speculosUrl = speculosUrlFrom(options.env)
  const device = await openCliLedger({ speculosUrl, env: options.env })
  const accounts: LedgerAccount[] = []
  const read = new Map<string, string>()
  try {
    for (const { layout, path: pathOf } of LEDGER_LAYOUTS) {
      for (let index = 0; index < count; index++) {
        const path = pathOf(index)
        const address = read.get(path) ?? (await withLedgerErrors(() => device.getAddress(path)))
        read.set(path, address)
        const isWithdrawAccount = validator === null ? null : address === validator.withdrawAccount
        accounts.push({ layout, index, path, address, isWithdrawAccount, signWith: signerFlagsFor(layout, index, path) })
      }
    }
  } finally {
    await device.close()
  }
  if (validator !== null) {
    const found = accounts.find((account) => account.isWithdrawAccount)
    validator.withdrawAccountPath = found?.path ?? null
    validator.signWith = found?.signWith ?? null
  }
  return { device: deviceLabel(speculosUrl), count, validator, accounts }
}

/**
 * Shows the address at `path` on the device and waits for the operator to approve it. A rejection
 * is exit 6 (LEDGER_REJECTED) carrying the address and `confirmed: false`.
 */
export async function verifyLedgerAddress(rawPath: string, options: AddressesOptions): Promise<VerifyReport> {
  const path = parseLedgerPath(rawPath)
  const validator = options.validator === undefined ? null : await readWithdrawAccount(options.validator, options)
  const speculosUrl = speculosUrlFrom(options.env)
  const device = await openCliLedger({ speculosUrl, env: options.env })
  try {
    const address = await withLedgerErrors(() => device.getAddress(path))
    options.onDevicePrompt?.({ kind: 'verify-address', path, address })
    let shown: string
    try {
      shown = await device.getAddress(path, { display: true })
    } catch (error) {
      if (error instanceof LedgerError && error.code === 'LEDGER_REJECTED') {
        throw new CliError(`The address ${address} at ${path} was rejected on the Ledger: it is not confirmed.`, {
          code: 'LEDGER_REJECTED',
          exitCode: ExitCode.signer,
          suggestions: [
            'If the Ledger showed another address, do not use this one: the computer or the connection to the device cannot be trusted.',
            'If you rejected it by mistake, run the command again and approve it on the Ledger.',
          ],
          details: { path, address, confirmed: false },
          cause: error,
        })
      }
      return await withLedgerErrors(() => Promise.reject(error))
    }
    if (shown !== address) {
      throw new CliError(`The Ledger displayed ${shown} for ${path} after reporting ${address}; nothing is confirmed.`, {
        code: 'LEDGER_WRONG_SIGNER',
        exitCode: ExitCode.signer,
        suggestions: ['Check that only one Ledger is connected and that nothing else uses it, then retry.'],
        details: { path, address, confirmed: false },
      })
    }
    if (validator !== null && validator.withdrawAccount === address) {
      validator.withdrawAccountPath = path
      validator.signWith = `--ledger --hd-path "${path}"`
    }
    return {
      device: deviceLabel(speculosUrl),
      path,
      address,
      confirmed: true,
      isWithdrawAccount: validator === null ? null : validator.withdrawAccount === address,
      validator,
    }
  } finally {
    await device.close()
  }
}

/** The flags of the sending commands that select this account. */
export function signerFlagsFor(layout: LedgerLayout, index: number, path: string): string {
  return layout === 'ledger-live' ? `--ledger --ledger-index ${index}` : `--ledger --hd-path "${path}"`
}

async function readWithdrawAccount(validator: string, options: AddressesOptions): Promise<ValidatorWithdrawInfo> {
  const context = createChainContext(options.flags, options.env)
  try {
    const snapshot = await withRpcErrors(context.connection.rpcUrl, () => readSnapshot(context.rpc, context.connection, { validators: [validator] })).catch(
      (error: unknown) => {
        throw explainDevnetUnreachable(error, context.connection, options.env)
      },
    )
    const state = snapshot.validators[0]!
    const registered = state.status !== 'NONE' && state.withdrawAccount !== ZERO_ADDRESS
    return {
      address: validator,
      status: state.status,
      withdrawAccount: registered ? state.withdrawAccount : null,
      withdrawAccountPath: null,
      signWith: null,
      blockNumber: Number(snapshot.blockNumber),
    }
  } finally {
    context.rpc.destroy()
  }
}

function deviceLabel(speculosUrl: string | undefined): DeviceLabel {
  return { transport: speculosUrl === undefined ? 'usb' : 'speculos', speculosUrl: speculosUrl ?? null }
}
