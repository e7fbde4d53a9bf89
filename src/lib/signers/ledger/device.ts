/**
 * Signing with a Ledger (Ethereum app) over USB, or over Speculos' REST API
 * when a Speculos URL is given (KROMA_LEDGER_SPECULOS_URL).
 *
 * The Ledger libraries are loaded by openLedger only (see transport.ts),
 * so importing this module costs nothing to commands that do not use a Ledger.
 * This module never prints: the caller is told through onWaitingForConfirmation
 * when the device waits for the user.
 */
import { Signature, Transaction, computeAddress, getAddress, isAddress, type TransactionLike } from 'ethers'
import { LedgerError, mapLedgerError, timeoutError, type LedgerOperation, type MapContext } from './errors.js'
import { parseHdPath } from './path.js'
import { loadEthApp, openSpeculosTransport, openUsbTransport, type EthAppApi, type OpenedTransport } from './transport.js'

export {
  LedgerError,
  mapLedgerError,
  TRANSPORT_MISSING_SUGGESTION,
  UDEV_RULE,
  UDEV_RULES_FILE,
  type LedgerErrorCode,
  type LedgerOperation,
  type MapContext,
} from './errors.js'
export { LedgerPathError, bip44Path, ledgerLivePath, legacyPath, parseHdPath, hdPathIndexes } from './path.js'
export { speculosOptions } from './transport.js'

export const DEFAULT_CONFIRM_TIMEOUT_MS = 120_000
export const DEFAULT_READ_TIMEOUT_MS = 15_000

/** What the device is waiting for the user to confirm. */
export type ConfirmationKind = 'transaction' | 'address'

export interface OpenLedgerOptions {
  /** Speculos REST API, e.g. http://127.0.0.1:5000. Unset or empty: USB. */
  speculosUrl?: string
  /** Bound on exchanges that wait for the user (signing, address display). Default 120 000 ms. */
  timeoutMs?: number
  /** Bound on exchanges that need no confirmation (open, app configuration, address read). Default 15 000 ms, at most timeoutMs. */
  readTimeoutMs?: number
  /** Called just before the device starts waiting for the user. */
  onWaitingForConfirmation?: (kind: ConfirmationKind) => void
}

export interface GetAddressOptions {
  /** Show the address on the device and wait for the user to approve it. */
  display?: boolean
  onWaitingForConfirmation?: (kind: ConfirmationKind) => void
}

export interface SignTransactionOptions {
  onWaitingForConfirmation?: (kind: ConfirmationKind) => void
}

export interface LedgerAppInfo {
  /** Ethereum app version, e.g. "1.10.3". */
  version: string
  /** The app's "Blind signing" (formerly "Contract data") setting. */
  blindSigningEnabled: boolean
}

export interface LedgerDevice {
  readonly transport: 'usb' | 'speculos'
  /** Checksummed address of the account at `path` (e.g. m/44'/60'/0'/0/0). */
  getAddress(path: string, options?: GetAddressOptions): Promise<string>
  getAppInfo(): Promise<LedgerAppInfo>
  /**
   * Signs an EIP-1559 (type 2) transaction and returns it serialized with its
   * signature (0x...). The sender recovered from the signature must be the
   * device's account at `path` (and tx.from when given), else LEDGER_WRONG_SIGNER.
   */
  signTransaction(path: string, tx: TransactionLike<string> | Transaction, options?: SignTransactionOptions): Promise<string>
  /** Releases the device. Pending requests fail. */
  close(): Promise<void>
}

function checkTimeout(name: string, ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`${name} must be a positive number of milliseconds`)
  return ms
}

/**
 * Waits for `work` at most `ms`; on timeout rejects with LEDGER_TIMEOUT and
 * calls `onTimeout`. Other failures are mapped to LedgerError.
 */
async function bounded<T>(
  work: () => Promise<T>,
  ms: number,
  interactive: boolean,
  ctx: MapContext,
  onTimeout: () => void,
  onFailure: (e: unknown) => LedgerError = (e) => mapLedgerError(e, ctx),
): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(timeoutError(ms, interactive))
      onTimeout()
    }, ms)
  })
  try {
    const attempt = (async () => work())().catch((e: unknown) => {
      throw onFailure(e)
    })
    return await Promise.race([attempt, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Connects to the Ledger: Speculos when `speculosUrl` is set, otherwise the
 * first USB Ledger. Throws LedgerError (LEDGER_TRANSPORT_MISSING when the USB
 * transport cannot be loaded, LEDGER_NOT_FOUND, LEDGER_BUSY, LEDGER_TIMEOUT...).
 */
export async function openLedger(options: OpenLedgerOptions = {}): Promise<LedgerDevice> {
  const timeoutMs = checkTimeout('timeoutMs', options.timeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS)
  const readTimeoutMs = checkTimeout('readTimeoutMs', options.readTimeoutMs ?? Math.min(DEFAULT_READ_TIMEOUT_MS, timeoutMs))
  const speculosUrl = options.speculosUrl === '' ? undefined : options.speculosUrl
  const ctx: MapContext = { operation: 'open', speculosUrl }

  let opened: OpenedTransport
  if (speculosUrl !== undefined) {
    const pending = openSpeculosTransport(speculosUrl)
    opened = await bounded(
      () => pending.opened,
      readTimeoutMs,
      false,
      ctx,
      () => pending.giveUp(),
    )
  } else {
    opened = await bounded(
      () => openUsbTransport(),
      readTimeoutMs,
      false,
      ctx,
      () => undefined,
    )
  }
  let eth: EthAppApi
  try {
    eth = loadEthApp(opened.transport)
  } catch (e) {
    await opened.close()
    throw mapLedgerError(e, ctx)
  }
  return new Device(opened, eth, {
    kind: speculosUrl === undefined ? 'usb' : 'speculos',
    speculosUrl,
    timeoutMs,
    readTimeoutMs,
    onWaitingForConfirmation: options.onWaitingForConfirmation,
  })
}

interface DeviceConfig {
  kind: 'usb' | 'speculos'
  speculosUrl: string | undefined
  timeoutMs: number
  readTimeoutMs: number
  onWaitingForConfirmation: ((kind: ConfirmationKind) => void) | undefined
}

class Device implements LedgerDevice {
  readonly transport: 'usb' | 'speculos'
  private state: 'open' | 'closed' | 'timed-out' = 'open'

  constructor(
    private readonly opened: OpenedTransport,
    private readonly eth: EthAppApi,
    private readonly cfg: DeviceConfig,
  ) {
    this.transport = cfg.kind
  }

  /** One bounded conversation with the device. */
  private run<T>(operation: LedgerOperation, interactive: boolean, work: () => Promise<T>): Promise<T> {
    if (this.state !== 'open') {
      return Promise.reject(
        new LedgerError(
          this.state === 'timed-out' ? 'LEDGER_TIMEOUT' : 'LEDGER_UNKNOWN',
          this.state === 'timed-out' ? 'The connection to the Ledger was dropped after an earlier timeout.' : 'The connection to the Ledger is closed.',
          'Open the Ledger again.',
        ),
      )
    }
    const ctx: MapContext = { operation, speculosUrl: this.cfg.speculosUrl }
    return bounded(
      work,
      interactive ? this.cfg.timeoutMs : this.cfg.readTimeoutMs,
      interactive,
      ctx,
      () => {
        // The device may still show the request: drop the connection so a late
        // answer goes nowhere and the process is not held open.
        this.state = 'timed-out'
        void this.opened.close()
      },
      (e) =>
        this.state === 'closed'
          ? new LedgerError('LEDGER_UNKNOWN', 'The connection to the Ledger was closed before it answered.', 'Open the Ledger again.', { cause: e })
          : mapLedgerError(e, ctx),
    )
  }

  private waiting(kind: ConfirmationKind, perCall?: (kind: ConfirmationKind) => void): void {
    if (this.state !== 'open') return // the request fails at once: nobody is asked anything
    ;(perCall ?? this.cfg.onWaitingForConfirmation)?.(kind)
  }

  async getAppInfo(): Promise<LedgerAppInfo> {
    const config = await this.run('config', false, () => this.eth.getAppConfiguration())
    return { version: config.version, blindSigningEnabled: (config.arbitraryDataEnabled & 1) === 1 }
  }

  async getAddress(path: string, options: GetAddressOptions = {}): Promise<string> {
    const hdPath = parseHdPath(path)
    const display = options.display === true
    if (display) this.waiting('address', options.onWaitingForConfirmation)
    const answer = await this.run('address', display, () => this.eth.getAddress(hdPath.slice(2), display, false))
    // The address must be the one of the public key returned with it.
    let fromKey: string
    try {
      fromKey = computeAddress(`0x${answer.publicKey}`)
    } catch (e) {
      throw new LedgerError('LEDGER_UNKNOWN', 'The Ledger returned an invalid public key.', 'Retry.', {
        cause: e,
      })
    }
    const reported = answer.address.toLowerCase()
    if (!isAddress(reported) || getAddress(reported) !== fromKey) {
      throw new LedgerError(
        'LEDGER_UNKNOWN',
        `The Ledger returned an address (${answer.address}) that does not match its public key.`,
        'Retry; if it persists, update the Ethereum app with Ledger Live.',
      )
    }
    return fromKey
  }

  async signTransaction(path: string, tx: TransactionLike<string> | Transaction, options: SignTransactionOptions = {}): Promise<string> {
    const hdPath = parseHdPath(path)
    const { unsigned, declaredFrom } = unsignedType2(tx)

    const info = await this.getAppInfo()
    const account = await this.getAddress(hdPath)
    if (declaredFrom !== null && declaredFrom !== account) {
      throw new LedgerError(
        'LEDGER_WRONG_SIGNER',
        `The transaction is from ${declaredFrom}, but the Ledger account at ${hdPath} is ${account}.`,
        'Check the derivation path and that the Ledger holding that account is connected.',
      )
    }
    // Every validator transaction is a contract call: without blind signing the
    // app would refuse it after the user went through the screens.
    if (unsigned.data !== '0x' && !info.blindSigningEnabled) {
      throw new LedgerError(
        'LEDGER_BLIND_SIGNING_DISABLED',
        'Blind signing is disabled in the Ethereum app, and this transaction calls a contract.',
        'On the Ledger, open the Ethereum app, go to Settings and enable Blind signing, then retry.',
      )
    }

    this.waiting('transaction', options.onWaitingForConfirmation)
    const raw = unsigned.unsignedSerialized.slice(2)
    const vrs = await this.run('sign', true, () => this.eth.signTransaction(hdPath.slice(2), raw, null))

    let signed: Transaction
    try {
      const yParity = Number.parseInt(vrs.v, 16)
      if (yParity !== 0 && yParity !== 1) throw new Error(`v is ${vrs.v}, expected 00 or 01`)
      signed = unsigned.clone()
      signed.signature = Signature.from({ r: `0x${vrs.r}`, s: `0x${vrs.s}`, yParity })
    } catch (e) {
      throw new LedgerError('LEDGER_UNKNOWN', 'The Ledger returned a malformed signature.', 'Retry.', {
        cause: e,
      })
    }
    const signer = signed.from
    if (signer !== account) {
      throw new LedgerError(
        'LEDGER_WRONG_SIGNER',
        `The signature recovers to ${signer ?? 'nothing'}, not to ${account}, the Ledger account at ${hdPath}. It was discarded.`,
        'Check that the right Ledger is connected and that nothing else uses it, then retry.',
      )
    }
    return signed.serialized
  }

  async close(): Promise<void> {
    if (this.state === 'open') this.state = 'closed'
    await this.opened.close()
  }
}

/** An unsigned copy of `tx` as type 2, and the sender it declares, if any. */
function unsignedType2(tx: TransactionLike<string> | Transaction): {
  unsigned: Transaction
  declaredFrom: string | null
} {
  let unsigned: Transaction
  let declaredFrom: string | null
  if (tx instanceof Transaction) {
    declaredFrom = tx.from // null unless already signed
    unsigned = tx.clone()
    unsigned.signature = null
  } else {
    const { from, hash: _hash, signature: _signature, ...rest } = tx
    declaredFrom = from == null ? null : getAddress(from)
    unsigned = Transaction.from(rest)
  }
  if (unsigned.type === null) unsigned.type = 2
  if (unsigned.type !== 2) {
    throw new LedgerError(
      'LEDGER_TX_TYPE_UNSUPPORTED',
      `Only EIP-1559 (type 2) transactions are signed with a Ledger; this one is type ${unsigned.type}.`,
      'Build the transaction as type 2.',
    )
  }
  if (unsigned.chainId === 0n) throw new TypeError('The transaction has no chainId')
  return { unsigned, declaredFrom }
}
