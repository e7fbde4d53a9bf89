import { hexlify, keccak256 as ethersKeccak, randomBytes } from 'ethers'
import { describe, expect, it } from 'vitest'
import { keccak256 } from '../../src/lib/keccak.js'

describe('keccak256', () => {
  it('gives the known digests of the empty input and "abc"', () => {
    expect(hexlify(keccak256(new Uint8Array()))).toBe('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470')
    expect(hexlify(keccak256(new TextEncoder().encode('abc')))).toBe('0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45')
  })

  it('agrees with ethers for every length around the block size (136 bytes) and beyond', () => {
    for (let length = 0; length <= 420; length++) {
      const data = randomBytes(length)
      expect(hexlify(keccak256(data)), `length ${length}`).toBe(ethersKeccak(data))
    }
  })
})
