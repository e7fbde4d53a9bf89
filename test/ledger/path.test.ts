import { describe, expect, it } from 'vitest'
import { LedgerPathError, bip44Path, hdPathIndexes, ledgerLivePath, legacyPath, parseHdPath } from '../../src/lib/signers/ledger/device.js'
import { parseAccountPath } from '../../src/lib/signers/ledger/path.js'

const H = 0x80000000

describe('parseHdPath', () => {
  it.each([
    ["m/44'/60'/0'/0/0", "m/44'/60'/0'/0/0"],
    ["44'/60'/0'/0/0", "m/44'/60'/0'/0/0"],
    ['m/44h/60h/0h/0/0', "m/44'/60'/0'/0/0"],
    ["44h/60'/5h/0/17", "m/44'/60'/5'/0/17"],
    ["m/44'/60'/0'/12", "m/44'/60'/0'/12"],
    ['m/0', 'm/0'],
    ["m/2147483647'/2147483647", "m/2147483647'/2147483647"],
    ['m/1/2/3/4/5/6/7/8/9/10', 'm/1/2/3/4/5/6/7/8/9/10'],
  ])('accepts %s as %s', (input, canonical) => {
    expect(parseHdPath(input)).toBe(canonical)
  })

  it.each([
    [''],
    ['m'],
    ['m/'],
    ["m/44'/60'/0'/0/"], // trailing slash: hw-app-eth would drop the empty segment
    ["m/44'//0'/0/0"],
    ["m/44'/60'/x/0/0"], // hw-app-eth would silently drop "x"
    ["m/44'/60'/0'/0/0a"],
    ["m/44''/60'/0'/0/0"],
    ["m/44H/60'/0'/0/0"],
    ['m/-1'],
    ['m/+1'],
    ['m/1.5'],
    ['m/01'],
    ['m/2147483648'], // 2^31 is the hardened bit, not an index
    ["m/2147483648'"],
    ['m/99999999999999999999'],
    ["M/44'/60'/0'/0/0"],
    ["/44'/60'/0'/0/0"],
    [" m/44'/60'/0'/0/0"],
    ["m/44'/60'/0'/0/0 "],
    ['m/1/2/3/4/5/6/7/8/9/10/11'], // the app derives at most 10 levels
  ])('refuses %j', (input) => {
    expect(() => parseHdPath(input)).toThrow(LedgerPathError)
  })

  it('shows the accepted form in the error', () => {
    expect(() => parseHdPath("m/44'/60'/zero'/0/0")).toThrow(/m\/44'\/60'\/0'\/0\/0/)
  })

  it('gives hardened indexes with the 2^31 bit set', () => {
    expect(hdPathIndexes("m/44'/60'/3h/0/9")).toEqual([44 + H, 60 + H, 3 + H, 0, 9])
  })
})

describe('parseAccountPath (--hd-path, config hd-path)', () => {
  it.each([
    ["m/44'/60'/0'/0/0", "m/44'/60'/0'/0/0"],
    ['m/44h/60h/2h/0/0', "m/44'/60'/2'/0/0"],
    ["44'/60'/0'/3", "m/44'/60'/0'/3"],
    ["m/44'/1'/0'/0/0", "m/44'/1'/0'/0/0"],
  ])('accepts %s as %s', (input, canonical) => {
    expect(parseAccountPath(input)).toBe(canonical)
  })

  it.each([['m/44/60'], ['m/44/60/0/0/0'], ["m/44'/60/0'/0/0"], ["m/44'/60'"], ["m/49'/60'/0'/0/0"], ['m/0'], ["m/44'/60'/x"]])('refuses %s', (input) => {
    expect(() => parseAccountPath(input)).toThrow(LedgerPathError)
  })
})

describe('account path layouts', () => {
  it('builds Ledger Live, BIP44 and legacy paths', () => {
    expect(ledgerLivePath(0)).toBe("m/44'/60'/0'/0/0")
    expect(ledgerLivePath(7)).toBe("m/44'/60'/7'/0/0")
    expect(bip44Path(0)).toBe("m/44'/60'/0'/0/0")
    expect(bip44Path(7)).toBe("m/44'/60'/0'/0/7")
    expect(legacyPath(0)).toBe("m/44'/60'/0'/0")
    expect(legacyPath(7)).toBe("m/44'/60'/0'/7")
  })

  it.each([[-1], [1.5], [2 ** 31], [Number.NaN]])('refuses account index %s', (index) => {
    expect(() => ledgerLivePath(index)).toThrow(LedgerPathError)
    expect(() => bip44Path(index)).toThrow(LedgerPathError)
    expect(() => legacyPath(index)).toThrow(LedgerPathError)
  })
})
