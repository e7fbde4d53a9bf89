/**
 * Ledger failures as one error type with a stable code and a suggestion for the
 * operator. Errors from the Ledger libraries are recognised by shape (status
 * word, name, id, errno code) so this file never loads them.
 */

export type LedgerErrorCode =
  | 'LEDGER_LOCKED'
  | 'LEDGER_APP_NOT_OPEN'
  | 'LEDGER_REJECTED'
  | 'LEDGER_BLIND_SIGNING_DISABLED'
  | 'LEDGER_TX_TYPE_UNSUPPORTED'
  | 'LEDGER_NOT_FOUND'
  | 'LEDGER_BUSY'
  | 'LEDGER_TIMEOUT'
  | 'LEDGER_TRANSPORT_MISSING'
  | 'LEDGER_WRONG_SIGNER'
  | 'LEDGER_UNKNOWN'

export interface LedgerErrorOptions {
  cause?: unknown
  /** The APDU status word, when the device answered with one. */
  statusCode?: number
}

export class LedgerError extends Error {
  override readonly name = 'LedgerError'
  readonly statusCode: number | undefined

  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    /** What the operator can do about it; one or two sentences. */
    readonly suggestion: string,
    options: LedgerErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.statusCode = options.statusCode
  }
}

export const UDEV_RULE = 'SUBSYSTEMS=="usb", ATTRS{idVendor}=="2c97", MODE="0660", TAG+="uaccess", TAG+="udev-acl"'
export const UDEV_RULES_FILE = '/etc/udev/rules.d/20-hw1.rules'
export const UDEV_RELOAD = 'sudo udevadm control --reload-rules && sudo udevadm trigger'

const SUGGEST = {
  locked: 'Unlock your Ledger with its PIN, open the Ethereum app, then retry.',
  appNotOpen: 'Open the Ethereum app on your Ledger, then retry.',
  rejected: 'Nothing was signed. Run the command again and approve on the Ledger if the details are right.',
  blindSigning: 'On the Ledger, open the Ethereum app, go to Settings and enable Blind signing, then retry.',
  txType: 'Update the Ethereum app on your Ledger with Ledger Live (My Ledger), then retry.',
  notFound: 'Connect your Ledger with a USB cable, unlock it and open the Ethereum app.',
  busy:
    'Close Ledger Live, browser wallets and any other program using the Ledger, then retry. ' +
    `On Linux, also check that ${UDEV_RULES_FILE} holds the udev rule for vendor 2c97.`,
  unknown: 'Unplug and reconnect the Ledger, open the Ethereum app and retry; if it keeps failing, update the Ethereum app with Ledger Live.',
} as const

export const TRANSPORT_MISSING_SUGGESTION =
  'On Debian/Ubuntu: run `sudo apt-get install libusb-1.0-0-dev libudev-dev`, then reinstall ' +
  'kroma-validator (npm rebuilds node-hid), and allow access to the Ledger with the udev rule ' +
  `${UDEV_RULE} in ${UDEV_RULES_FILE}, then \`${UDEV_RELOAD}\`. ` +
  'On macOS: reinstall kroma-validator; nothing else is needed.'

export type LedgerOperation = 'open' | 'config' | 'address' | 'sign'

export interface MapContext {
  operation?: LedgerOperation
  /** Set when talking to Speculos instead of a USB device. */
  speculosUrl?: string
}

const hex = (sw: number) => `0x${sw.toString(16).padStart(4, '0')}`

/** Maps an APDU status word, or returns null when it has no specific meaning. */
function fromStatusWord(sw: number, cause: unknown, ctx: MapContext): LedgerError | null {
  const opts = { cause, statusCode: sw }
  switch (sw) {
    case 0x5515:
    case 0x6b0c:
      return new LedgerError('LEDGER_LOCKED', `The Ledger is locked (${hex(sw)}).`, SUGGEST.locked, opts)
    case 0x6e00:
    case 0x6e01:
    case 0x6d00:
    case 0x6511:
    case 0x650f:
      return new LedgerError('LEDGER_APP_NOT_OPEN', `The Ethereum app is not open on the Ledger (${hex(sw)}).`, SUGGEST.appNotOpen, opts)
    case 0x6985:
    case 0x5501:
      return new LedgerError(
        'LEDGER_REJECTED',
        ctx.operation === 'address' ? `The address was rejected on the Ledger (${hex(sw)}).` : `The transaction was rejected on the Ledger (${hex(sw)}).`,
        SUGGEST.rejected,
        opts,
      )
    case 0x6a80:
      // Outside signing, "invalid data" has no blind-signing meaning.
      if (ctx.operation !== undefined && ctx.operation !== 'sign') return null
      return new LedgerError(
        'LEDGER_BLIND_SIGNING_DISABLED',
        `The Ethereum app refused the contract call: Blind signing is disabled (${hex(sw)}).`,
        SUGGEST.blindSigning,
        opts,
      )
    case 0x6501:
      return new LedgerError(
        'LEDGER_TX_TYPE_UNSUPPORTED',
        `The Ethereum app on the Ledger does not support EIP-1559 (type 2) transactions (${hex(sw)}).`,
        SUGGEST.txType,
        opts,
      )
    default:
      return null
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
}

/** errno-style codes of a network error, including the AggregateError of dual-stack connects. */
function networkCodes(err: unknown): string[] {
  const codes: string[] = []
  const visit = (e: unknown, depth: number) => {
    if (depth > 3 || typeof e !== 'object' || e === null) return
    const code = field(e, 'code')
    if (typeof code === 'string') codes.push(code)
    visit(field(e, 'cause'), depth + 1)
    const inner = field(e, 'errors')
    if (Array.isArray(inner)) for (const i of inner) visit(i, depth + 1)
  }
  visit(err, 0)
  return codes
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])

/** Turns anything thrown by the Ledger stack into a LedgerError. */
export function mapLedgerError(err: unknown, ctx: MapContext = {}): LedgerError {
  if (err instanceof LedgerError) return err
  const message = err instanceof Error ? err.message : String(err)
  const name = field(err, 'name')
  const id = field(err, 'id')

  const statusCode = field(err, 'statusCode')
  if (typeof statusCode === 'number') {
    const mapped = fromStatusWord(statusCode, err, ctx)
    if (mapped) return mapped
    return new LedgerError('LEDGER_UNKNOWN', `The Ledger answered with status ${hex(statusCode)}: ${message}`, SUGGEST.unknown, { cause: err, statusCode })
  }

  if (name === 'EthAppPleaseEnableContractData') {
    return new LedgerError('LEDGER_BLIND_SIGNING_DISABLED', 'The Ethereum app refused the contract call: Blind signing is disabled.', SUGGEST.blindSigning, {
      cause: err,
      statusCode: 0x6a80,
    })
  }
  if (name === 'LockedDeviceError') {
    return new LedgerError('LEDGER_LOCKED', 'The Ledger is locked.', SUGGEST.locked, { cause: err })
  }
  if (name === 'TransportRaceCondition' || id === 'TransportLocked') {
    return new LedgerError(
      'LEDGER_BUSY',
      'The Ledger is busy with another request.',
      'Wait for the pending request to finish (or reject it on the device), then retry.',
      { cause: err },
    )
  }
  if (id === 'NoDevice') {
    return new LedgerError('LEDGER_NOT_FOUND', 'No Ledger found.', SUGGEST.notFound, { cause: err })
  }
  if (name === 'DisconnectedDevice' || name === 'DisconnectedDeviceDuringOperation') {
    return new LedgerError('LEDGER_NOT_FOUND', 'The Ledger was disconnected.', SUGGEST.notFound, { cause: err })
  }
  // node-hid: the device exists but cannot be opened: another program holds it,
  // or (Linux) the udev rules do not grant access.
  if (/cannot open device/i.test(message) || name === 'CantOpenDevice') {
    return new LedgerError('LEDGER_BUSY', `The Ledger cannot be opened: ${message}`, SUGGEST.busy, { cause: err })
  }

  const codes = networkCodes(err)
  if (ctx.speculosUrl !== undefined && codes.some((c) => CONNECT_CODES.has(c) || c === 'ECONNRESET')) {
    return new LedgerError(
      'LEDGER_NOT_FOUND',
      `Cannot reach Speculos at ${ctx.speculosUrl} (${codes.join(', ')}).`,
      'Start Speculos with the Ethereum app, or fix or unset KROMA_LEDGER_SPECULOS_URL.',
      { cause: err },
    )
  }
  if (codes.some((c) => CONNECT_CODES.has(c))) {
    return new LedgerError('LEDGER_NOT_FOUND', `Cannot reach the Ledger: ${message}`, SUGGEST.notFound, {
      cause: err,
    })
  }

  return new LedgerError('LEDGER_UNKNOWN', `Ledger error: ${message}`, SUGGEST.unknown, { cause: err })
}

export function timeoutError(ms: number, interactive: boolean): LedgerError {
  const seconds = Math.round(ms / 100) / 10
  return new LedgerError(
    'LEDGER_TIMEOUT',
    `No answer from the Ledger within ${seconds} s: ` +
      (interactive
        ? 'confirm on the device or check it is connected and unlocked.'
        : 'check it is connected, unlocked and that no other program (such as Ledger Live) is using it.'),
    interactive ? 'Run the command again and confirm on the Ledger when asked.' : SUGGEST.busy,
  )
}
