/**
 * BIP32 derivation paths for the Ledger Ethereum app.
 *
 * hw-app-eth's splitPath silently drops segments it cannot parse and does not
 * understand the "h" hardened marker, so every path is validated and
 * normalised here before it reaches the device.
 */

export const HARDENED_OFFSET = 0x80000000
/** The Ethereum app derives at most 10 levels. */
export const MAX_PATH_DEPTH = 10
export const PATH_EXAMPLE = "m/44'/60'/0'/0/0"

export class LedgerPathError extends Error {
  override readonly name = 'LedgerPathError'
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(
      `Invalid derivation path ${JSON.stringify(path)}: ${reason}. ` +
        `Expected up to ${MAX_PATH_DEPTH} segments like ${PATH_EXAMPLE}: ` +
        `decimal indexes below 2^31, each optionally followed by ' or h for hardened`,
    )
  }
}

const SEGMENT = /^(0|[1-9][0-9]*)(['h]?)$/

/**
 * Validates a BIP32 path and returns its canonical form, e.g.
 * "44h/60h/0h/0/0" -> "m/44'/60'/0'/0/0". Throws LedgerPathError otherwise.
 */
export function parseHdPath(path: string): string {
  return formatIndexes(hdPathIndexes(path))
}

/**
 * A path the CLI takes for an account (--hd-path, VALIDATOR_HD_PATH, `config set hd-path`), in
 * its canonical form: a BIP32 path whose purpose (44') and coin type are hardened, one level
 * deeper at least. An unhardened m/44/60/… is what a shell leaves of an unquoted m/44'/60'/….
 */
export function parseAccountPath(path: string): string {
  const indexes = hdPathIndexes(path)
  const [purpose, coinType] = indexes
  if (purpose !== 44 + HARDENED_OFFSET || coinType === undefined || coinType < HARDENED_OFFSET || indexes.length < 3) {
    throw new LedgerPathError(path, "an account path starts with the hardened m/44'/60'/ and has at least 3 levels")
  }
  return formatIndexes(indexes)
}

/** The BIP32 indexes of a path (hardened ones have 2^31 added). */
export function hdPathIndexes(path: string): number[] {
  if (typeof path !== 'string') throw new LedgerPathError(String(path), 'not a string')
  const body = path.startsWith('m/') ? path.slice(2) : path
  if (body === '' || body === 'm') throw new LedgerPathError(path, 'no segments')
  const segments = body.split('/')
  if (segments.length > MAX_PATH_DEPTH) {
    throw new LedgerPathError(path, `${segments.length} segments, at most ${MAX_PATH_DEPTH}`)
  }
  return segments.map((segment, i) => {
    const m = SEGMENT.exec(segment)
    if (!m) throw new LedgerPathError(path, `segment ${i + 1} ${JSON.stringify(segment)} is not an index`)
    const value = Number(m[1])
    if (!Number.isSafeInteger(value) || value >= HARDENED_OFFSET) {
      throw new LedgerPathError(path, `segment ${i + 1} ${JSON.stringify(segment)} is not below 2^31`)
    }
    return m[2] ? value + HARDENED_OFFSET : value
  })
}

function formatIndexes(indexes: readonly number[]): string {
  return ['m', ...indexes.map((i) => (i >= HARDENED_OFFSET ? `${i - HARDENED_OFFSET}'` : `${i}`))].join('/')
}

function checkAccountIndex(index: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= HARDENED_OFFSET) {
    throw new LedgerPathError(String(index), 'the account index must be an integer from 0 to 2^31 - 1')
  }
}

/** Ledger Live's layout: m/44'/60'/N'/0/0. */
export function ledgerLivePath(index: number): string {
  checkAccountIndex(index)
  return `m/44'/60'/${index}'/0/0`
}

/** The BIP44 layout of MetaMask and most software wallets: m/44'/60'/0'/0/N. */
export function bip44Path(index: number): string {
  checkAccountIndex(index)
  return `m/44'/60'/0'/0/${index}`
}

/** The legacy (MyEtherWallet/Ledger Chrome app) layout: m/44'/60'/0'/N. */
export function legacyPath(index: number): string {
  checkAccountIndex(index)
  return `m/44'/60'/0'/${index}`
}
