import { getAddress, isAddress } from 'ethers'
import { invalidInput } from './errors.js'

export const ADDRESS_FORM = 'Accepted form: 0x followed by 40 hex digits, in all lower case or with a valid EIP-55 checksum.'

/**
 * Validates and checksums an address. A mixed-case address with a wrong checksum is refused:
 * it is the one signal that a character was mistyped.
 */
export function parseAddress(raw: string, what = 'address'): string {
  const text = raw.trim()
  // 64 hex digits is a private key pasted in the wrong place: refuse it without quoting it.
  if (/^(0x)?[0-9a-fA-F]{64}$/.test(text)) {
    throw invalidInput('INVALID_ADDRESS', `Invalid ${what}: that is 64 hex digits, the length of a private key, not an address (not shown). ${ADDRESS_FORM}`, [ADDRESS_FORM])
  }
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) {
    throw invalidInput('INVALID_ADDRESS', `Invalid ${what} "${raw}". ${ADDRESS_FORM}`, [ADDRESS_FORM])
  }
  if (!isAddress(text)) {
    throw invalidInput('INVALID_ADDRESS', `Invalid ${what} "${raw}": its EIP-55 checksum is wrong, a character may be mistyped. ${ADDRESS_FORM}`, [ADDRESS_FORM])
  }
  return getAddress(text)
}

/** 0xAbCd…1234, for sentences; tables and JSON show the full address. */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`
}
