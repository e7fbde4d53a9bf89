/**
 * An emulation of the Ledger Ethereum app at the APDU level, written from
 * LedgerHQ/app-ethereum doc/ethapp.adoc. It answers raw APDUs (CLA INS P1 P2 Lc
 * data) with response data followed by a 2-byte status word, exactly like the
 * device would, so the host code is tested against the real protocol rules.
 */
import { HDNodeWallet, Mnemonic, decodeRlp, getAddress, getBytes, keccak256, type Signature } from 'ethers'

export const SW = {
  OK: 0x9000,
  LOCKED: 0x5515,
  TX_TYPE_NOT_SUPPORTED: 0x6501,
  INCORRECT_LENGTH: 0x6700,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  INVALID_DATA: 0x6a80,
  INCORRECT_P1_P2: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
} as const

export type EmulatorMode =
  /** The Ethereum app is open, unlocked, blind signing enabled; the user approves. */
  | 'ok'
  /** The device is locked: every APDU answers 0x5515 (or `statusWord`). */
  | 'locked'
  /** The device shows the dashboard or another app: 0x6e00 (or `statusWord`). */
  | 'app-closed'
  /** The user rejects on the device: 0x6985 on sign and on address display. */
  | 'reject'
  /** Blind signing is off: config flag cleared, 0x6a80 when the tx carries data. */
  | 'blind-signing-disabled'
  /** An old Ethereum app (1.5.0) that only knows legacy transactions: 0x6501. */
  | 'unsupported-tx-type'
  /**
   * Another client holds the device: a real Speculos serialises /apdu behind a
   * lock, so our request waits (headers sent, no body) until the mode changes.
   */
  | 'busy'
  /** The user takes `delayMs` to confirm: the final sign answer is delayed. */
  | 'slow-confirm'
  /** The device signs with a key other than the one it reports for the path. */
  | 'wrong-key'

export interface ModeOptions {
  /** Status word for 'locked' (0x5515, 0x6b0c) or 'app-closed' (0x6e00, 0x6e01, 0x6d00, 0x6511, 0x650f). */
  statusWord?: number
  /** Delay for 'slow-confirm', in ms (default 30 000). */
  delayMs?: number
}

/** A Speculos-style screen event, as streamed on GET /events?stream=true. */
export interface ScreenEvent {
  text: string
  x: number
  y: number
  w: number
  h: number
  clear: boolean
}

export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk'
/** The key used by 'wrong-key' mode comes from this unrelated phrase. */
const OTHER_MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'

const HARDENED = 0x80000000
const MAX_PATH_DEPTH = 10

/** Formats BIP32 indexes as m/44'/60'/0'/0/0. */
export function formatPath(indexes: readonly number[]): string {
  return ['m', ...indexes.map((i) => (i >= HARDENED ? `${i - HARDENED}'` : String(i)))].join('/')
}

/** Parses m/44'/60'/0'/0/0 (or 44h/...) into BIP32 indexes; for test code only. */
export function pathToIndexes(path: string): number[] {
  const parts = path.split('/')
  if (parts[0] === 'm') parts.shift()
  return parts.map((p) => {
    const hardened = p.endsWith("'") || p.endsWith('h')
    const n = Number(hardened ? p.slice(0, -1) : p)
    if (!Number.isInteger(n) || n < 0 || n >= HARDENED) throw new Error(`bad path segment ${p}`)
    return hardened ? n + HARDENED : n
  })
}

class ApduError extends Error {
  constructor(readonly sw: number) {
    super(`status 0x${sw.toString(16)}`)
  }
}

interface RlpHeader {
  /** Bytes taken by the header itself. */
  header: number
  /** Payload length. */
  length: number
  list: boolean
}

/** Reads one RLP item header at `off`; null when more bytes are needed. */
function readRlpHeader(buf: Uint8Array, off: number): RlpHeader | null {
  if (off >= buf.length) return null
  const b = buf[off]!
  if (b < 0x80) return { header: 0, length: 1, list: false }
  if (b <= 0xb7) return { header: 1, length: b - 0x80, list: false }
  if (b <= 0xbf || b >= 0xf8) {
    const lenOfLen = b <= 0xbf ? b - 0xb7 : b - 0xf7
    if (off + 1 + lenOfLen > buf.length) return null
    let length = 0
    for (let i = 0; i < lenOfLen; i++) length = length * 256 + buf[off + 1 + i]!
    return { header: 1 + lenOfLen, length, list: b >= 0xf8 }
  }
  return { header: 1, length: b - 0xc0, list: true }
}

interface SignContext {
  indexes: number[]
  tx: Buffer
}

export interface EthereumAppOptions {
  mnemonic?: string
  mode?: EmulatorMode
  modeOptions?: ModeOptions
  /** Called with each screen the device would show. */
  onScreen?: (event: ScreenEvent) => void
}

/**
 * The app state machine. `exchange` is serialised by the caller (as the device
 * handles one APDU at a time).
 */
export class EthereumAppEmulator {
  private mnemonic: string
  private roots = new Map<string, HDNodeWallet>()
  private mode: EmulatorMode
  private modeOptions: ModeOptions
  private sign: SignContext | null = null
  private readonly onScreen: (event: ScreenEvent) => void
  private modeWaiters: (() => void)[] = []

  constructor(options: EthereumAppOptions = {}) {
    this.mnemonic = options.mnemonic ?? ANVIL_MNEMONIC
    Mnemonic.fromPhrase(this.mnemonic)
    this.mode = options.mode ?? 'ok'
    this.modeOptions = options.modeOptions ?? {}
    this.onScreen = options.onScreen ?? (() => undefined)
  }

  getMode(): EmulatorMode {
    return this.mode
  }

  setMode(mode: EmulatorMode, options: ModeOptions = {}): void {
    this.mode = mode
    this.modeOptions = options
    const waiters = this.modeWaiters
    this.modeWaiters = []
    for (const w of waiters) w()
  }

  setMnemonic(mnemonic: string): void {
    Mnemonic.fromPhrase(mnemonic) // throws on a bad phrase here rather than mid-exchange
    this.mnemonic = mnemonic
  }

  /** Resolves at the next setMode call (used to hold requests while 'busy'). */
  nextModeChange(): Promise<void> {
    return new Promise((resolve) => this.modeWaiters.push(resolve))
  }

  /** The wallet the device derives for `indexes` from the current mnemonic. */
  walletAt(indexes: readonly number[], mnemonic = this.mnemonic): HDNodeWallet {
    let root = this.roots.get(mnemonic)
    if (!root) {
      root = HDNodeWallet.fromSeed(Mnemonic.fromPhrase(mnemonic).computeSeed())
      this.roots.set(mnemonic, root)
    }
    return root.derivePath(formatPath(indexes))
  }

  /**
   * Handles one APDU. `signal` aborts a pending confirmation (the HTTP client
   * went away); the answer is then irrelevant.
   */
  async exchange(apdu: Buffer, signal?: AbortSignal): Promise<Buffer> {
    try {
      const data = await this.dispatch(apdu, signal)
      return Buffer.concat([data, statusWord(SW.OK)])
    } catch (e) {
      if (e instanceof ApduError) return statusWord(e.sw)
      throw e
    }
  }

  private async dispatch(apdu: Buffer, signal?: AbortSignal): Promise<Buffer> {
    // The OS answers a locked device before any app sees the APDU.
    if (this.mode === 'locked') throw new ApduError(this.modeOptions.statusWord ?? SW.LOCKED)
    if (apdu.length < 5) throw new ApduError(SW.INCORRECT_LENGTH)
    const [cla, ins, p1, p2, lc] = [apdu[0]!, apdu[1]!, apdu[2]!, apdu[3]!, apdu[4]!]
    // The dashboard does not know the Ethereum app's class.
    if (this.mode === 'app-closed') {
      throw new ApduError(this.modeOptions.statusWord ?? SW.CLA_NOT_SUPPORTED)
    }
    if (cla !== 0xe0) throw new ApduError(SW.CLA_NOT_SUPPORTED)
    // Lc is one byte, so a chunk can never exceed 255 bytes; it must match the data.
    const data = apdu.subarray(5)
    if (data.length !== lc) throw new ApduError(SW.INCORRECT_LENGTH)

    if (ins !== 0x04) this.sign = null
    switch (ins) {
      case 0x06:
        return this.getAppConfiguration(p1, p2, data)
      case 0x02:
        return this.getPublicAddress(p1, p2, data, signal)
      case 0x04:
        return this.signTransaction(p1, p2, data, signal)
      default:
        throw new ApduError(SW.INS_NOT_SUPPORTED)
    }
  }

  private getAppConfiguration(p1: number, p2: number, data: Buffer): Buffer {
    if (p1 !== 0 || p2 !== 0) throw new ApduError(SW.INCORRECT_P1_P2)
    if (data.length !== 0) throw new ApduError(SW.INCORRECT_LENGTH)
    const blindSigning = this.mode !== 'blind-signing-disabled'
    // 'unsupported-tx-type' stands for an app from before EIP-1559 support.
    const version = this.mode === 'unsupported-tx-type' ? [1, 5, 0] : [1, 10, 3]
    return Buffer.from([blindSigning ? 0x01 : 0x00, ...version])
  }

  /** Count byte + 4-byte big-endian indexes; returns the indexes and the rest. */
  private readPath(data: Buffer): { indexes: number[]; rest: Buffer } {
    const count = data[0]
    if (count === undefined || count === 0 || count > MAX_PATH_DEPTH) {
      throw new ApduError(SW.INVALID_DATA)
    }
    if (data.length < 1 + 4 * count) throw new ApduError(SW.INVALID_DATA)
    const indexes: number[] = []
    for (let i = 0; i < count; i++) indexes.push(data.readUInt32BE(1 + 4 * i))
    return { indexes, rest: data.subarray(1 + 4 * count) }
  }

  private async getPublicAddress(p1: number, p2: number, data: Buffer, signal?: AbortSignal): Promise<Buffer> {
    if (p1 > 1 || p2 > 1) throw new ApduError(SW.INCORRECT_P1_P2)
    const { indexes, rest } = this.readPath(data)
    // Optionally followed by an 8-byte chain id (used for display only).
    if (rest.length !== 0 && rest.length !== 8) throw new ApduError(SW.INVALID_DATA)
    const wallet = this.walletAt(indexes)
    const address = getAddress(wallet.address).slice(2)
    if (p1 === 1) {
      this.screen('Verify address', true)
      this.screen(address)
      await this.userDecision(signal)
    }
    const publicKey = Buffer.from(getBytes(wallet.signingKey.publicKey))
    const parts = [Buffer.from([publicKey.length]), publicKey, Buffer.from([address.length]), Buffer.from(address, 'ascii')]
    if (p2 === 1) parts.push(Buffer.from(getBytes(wallet.chainCode)))
    return Buffer.concat(parts)
  }

  private async signTransaction(p1: number, p2: number, data: Buffer, signal?: AbortSignal): Promise<Buffer> {
    if (p2 !== 0) throw new ApduError(SW.INCORRECT_P1_P2)
    if (p1 === 0x00) {
      this.sign = null
      const { indexes, rest } = this.readPath(data)
      this.sign = { indexes, tx: Buffer.from(rest) }
    } else if (p1 === 0x80) {
      // The app refuses a continuation without a started signature.
      if (!this.sign) throw new ApduError(SW.CONDITIONS_NOT_SATISFIED)
      this.sign.tx = Buffer.concat([this.sign.tx, data])
    } else {
      throw new ApduError(SW.INCORRECT_P1_P2)
    }
    try {
      const done = this.processTx(this.sign)
      if (!done) return Buffer.alloc(0) // more chunks expected
      const { indexes, tx } = this.sign
      this.sign = null
      return await this.confirmAndSign(indexes, tx, done, signal)
    } catch (e) {
      this.sign = null
      throw e
    }
  }

  /**
   * Parses what has been streamed so far, like the app's stream parser: the
   * transaction is complete when the bytes of the RLP list announced by its
   * header have all arrived. Returns null while incomplete.
   */
  private processTx(ctx: SignContext): TxInfo | null {
    const tx = ctx.tx
    if (tx.length === 0) return null
    const first = tx[0]!
    let type: number
    let start: number
    if (first < 0x80) {
      // EIP-2718 typed transaction: the type byte precedes the RLP list.
      type = first
      start = 1
      if ((type !== 1 && type !== 2) || this.mode === 'unsupported-tx-type') {
        throw new ApduError(SW.TX_TYPE_NOT_SUPPORTED)
      }
    } else if (first >= 0xc0) {
      type = 0
      start = 0
    } else {
      throw new ApduError(SW.INVALID_DATA)
    }
    const list = readRlpHeader(tx, start)
    if (!list) return null
    if (!list.list) throw new ApduError(SW.INVALID_DATA)
    const total = start + list.header + list.length
    if (tx.length > total) throw new ApduError(SW.INVALID_DATA) // bytes after the end

    // Walk the fields that have fully arrived; the data field decides blind signing.
    const dataField = type === 2 ? 7 : type === 1 ? 6 : 5
    let off = start + list.header
    for (let field = 0; off < Math.min(tx.length, total); field++) {
      const h = readRlpHeader(tx, off)
      if (!h) break
      if (field === dataField && h.length > 0 && this.mode === 'blind-signing-disabled') {
        throw new ApduError(SW.INVALID_DATA)
      }
      off += h.header + h.length
    }
    if (tx.length < total) return null

    let fields: unknown
    try {
      fields = decodeRlp(tx.subarray(start))
    } catch {
      throw new ApduError(SW.INVALID_DATA)
    }
    if (!Array.isArray(fields)) throw new ApduError(SW.INVALID_DATA)
    const items: unknown[] = fields
    const expected = type === 2 ? [9] : type === 1 ? [8] : [6, 9]
    if (!expected.includes(items.length)) throw new ApduError(SW.INVALID_DATA)
    const chainIdHex = type === 0 ? (items.length === 9 ? items[6] : null) : items[0]
    if (chainIdHex !== null && typeof chainIdHex !== 'string') throw new ApduError(SW.INVALID_DATA)
    return { type, chainIdHex }
  }

  private async confirmAndSign(indexes: number[], tx: Buffer, info: TxInfo, signal?: AbortSignal): Promise<Buffer> {
    this.screen('Review transaction', true)
    this.screen('Accept and send')
    await this.userDecision(signal)

    const wallet = this.mode === 'wrong-key' ? this.walletAt(indexes, OTHER_MNEMONIC) : this.walletAt(indexes)
    const sig: Signature = wallet.signingKey.sign(keccak256(tx))
    let v: number
    if (info.type !== 0) {
      v = sig.yParity // typed transactions carry the y-parity only
    } else if (info.chainIdHex !== null && info.chainIdHex !== '0x') {
      // EIP-155, truncated to one byte as the app does; the host rebuilds it.
      const chainBytes = getBytes(info.chainIdHex).subarray(0, 4)
      let chainId32 = 0
      for (const b of chainBytes) chainId32 = chainId32 * 256 + b
      v = (chainId32 * 2 + 35 + sig.yParity) % 256
    } else {
      v = 27 + sig.yParity
    }
    return Buffer.concat([Buffer.from([v]), Buffer.from(getBytes(sig.r)), Buffer.from(getBytes(sig.s))])
  }

  /** The user looks at the screen and decides, according to the mode. */
  private async userDecision(signal?: AbortSignal): Promise<void> {
    if (this.mode === 'reject') {
      this.screen('Reject')
      throw new ApduError(SW.CONDITIONS_NOT_SATISFIED)
    }
    if (this.mode === 'slow-confirm') {
      await delay(this.modeOptions.delayMs ?? 30_000, signal)
    }
    this.screen('Approve')
  }

  private screen(text: string, clear = false): void {
    this.onScreen({ text, x: 0, y: 0, w: 128, h: 12, clear })
  }
}

interface TxInfo {
  type: number
  chainIdHex: string | null
}

function statusWord(sw: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(sw)
  return b
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'))
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(new Error('aborted'))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
