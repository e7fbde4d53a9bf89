import { keccak_256 } from '@noble/hashes/sha3.js'
import { invalidInput } from './errors.js'

export const ADDRESS_FORM = 'Accepted form: 0x followed by 40 hex digits, in all lower case or with a valid EIP-55 checksum.'

/**
 * Validates and checksums an address. A mixed-case address with a wrong checksum is refused:
 * it is the one signal that a character was mistyped.
 */
export function parseAddress(raw: string, what = 'address'): string {
  const text = raw.trim()
  const checksummed = toChecksumAddress(addressHex(raw, what))
  const hex = text.slice(2)
  const mixedCase = hex !== hex.toLowerCase() && hex !== hex.toUpperCase()
  if (mixedCase && text !== checksummed) {
    throw invalidInput('INVALID_ADDRESS', `Invalid ${what} "${raw}": its EIP-55 checksum is wrong, a character may be mistyped.`, [ADDRESS_FORM])
  }
  return checksummed
}

/** The address in lower case, its form checked but not its checksum (parseAddress checks both). */
export function addressHex(raw: string, what = 'address'): string {
  const text = raw.trim()
  // 64 hex digits is a private key pasted in the wrong place: refuse it without quoting it.
  if (/^(0x)?[0-9a-fA-F]{64}$/.test(text)) {
    throw invalidInput('INVALID_ADDRESS', `Invalid ${what}: that is 64 hex digits, the length of a private key, not an address (not shown).`, [ADDRESS_FORM])
  }
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) {
    throw invalidInput('INVALID_ADDRESS', `Invalid ${what} "${raw}".`, [ADDRESS_FORM])
  }
  return text.toLowerCase()
}

/**
 * EIP-55: a hex letter is upper case where the matching nibble of keccak256(lower-case hex) is 8
 * or more. Written here so that reading status does not have to load ethers. `hex40` must be 0x
 * and 40 hex digits.
 */
export function toChecksumAddress(hex40: string): string {
  const lower = hex40.slice(2).toLowerCase()
  const hash = keccak_256(new TextEncoder().encode(lower))
  let out = '0x'
  for (let index = 0; index < 40; index++) {
    const nibble = (hash[index >> 1]! >> (index % 2 === 0 ? 4 : 0)) & 0x0f
    out += nibble >= 8 ? lower[index]!.toUpperCase() : lower[index]
  }
  return out
}

/** 0xAbCd…1234, for sentences; tables and JSON show the full address. */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`
}
