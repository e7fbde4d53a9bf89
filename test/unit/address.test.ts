import { Wallet, getAddress } from 'ethers'
import { describe, expect, it } from 'vitest'
import { parseAddress, shortAddress, toChecksumAddress } from '../../src/lib/address.js'
import { CliError } from '../../src/lib/errors.js'

function refusal(raw: string): CliError {
  try {
    parseAddress(raw, 'validator address')
  } catch (error) {
    expect(error).toBeInstanceOf(CliError)
    return error as CliError
  }
  throw new Error(`expected ${raw} to be refused`)
}

describe('parseAddress', () => {
  const address = getAddress(Wallet.createRandom().address)

  it('checksums lower-case input and keeps a valid checksum', () => {
    expect(parseAddress(address.toLowerCase())).toBe(address)
    expect(parseAddress(address)).toBe(address)
    expect(parseAddress(`  ${address}  `)).toBe(address)
  })

  it.each(['0x123', 'validator', address.slice(2), `${address}00`, `0x${'g'.repeat(40)}`, ''])('refuses %j naming it, exit 2', (raw) => {
    const error = refusal(raw)
    expect(error.exitCode).toBe(2)
    expect(error.code).toBe('INVALID_ADDRESS')
    expect(error.message).toContain(`"${raw}"`)
    expect(error.message).toContain('validator address')
  })

  it('checksums as ethers does (EIP-55), for random addresses and all upper case', () => {
    for (let round = 0; round < 200; round++) {
      const expected = getAddress(Wallet.createRandom().address)
      expect(toChecksumAddress(expected.toLowerCase())).toBe(expected)
      expect(parseAddress(`0x${expected.slice(2).toUpperCase()}`)).toBe(expected)
    }
  })

  it('refuses a wrong EIP-55 checksum', () => {
    const index = address.slice(2).search(/[a-fA-F]/) + 2
    const char = address[index]!
    const bad = address.slice(0, index) + (char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase()) + address.slice(index + 1)
    const error = refusal(bad)
    expect(error.message).toContain(bad)
    expect(error.message).toMatch(/checksum/i)
  })

  it('refuses a private key without quoting it', () => {
    const key = Wallet.createRandom().privateKey
    for (const raw of [key, key.slice(2), key.toUpperCase().replace('0X', '0x')]) {
      const error = refusal(raw)
      const text = `${error.message} ${error.suggestions.join(' ')}`.toLowerCase()
      for (let i = 2; i + 16 <= key.length; i++) expect(text).not.toContain(key.slice(i, i + 16))
      expect(error.code).toBe('INVALID_ADDRESS')
    }
  })
})

describe('shortAddress', () => {
  it('keeps the first 4 and last 4 hex digits', () => {
    expect(shortAddress('0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC')).toBe('0x3C44…93BC')
  })
})
