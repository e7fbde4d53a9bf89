import { AbiCoder } from 'ethers'
import { describe, expect, it } from 'vitest'
import { deploylessInitCode } from '../../src/lib/chain/deployless.js'

const A = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const B = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const C = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'

describe('deploylessInitCode', () => {
  it("lays out the constructor's arguments as the ABI does: the addresses, then an address array", () => {
    const encoded = AbiCoder.defaultAbiCoder().encode(['address', 'address', 'address', 'address[]'], [A, B, C, [B, A]])
    expect(deploylessInitCode('0x6080', [A, B, C], [B, A])).toBe(`0x6080${encoded.slice(2)}`)
  })

  it('and a uint256 array, empty or not', () => {
    const coder = AbiCoder.defaultAbiCoder()
    expect(deploylessInitCode('0x60', [A, B, C], [42n, 2n ** 255n])).toBe(
      `0x60${coder.encode(['address', 'address', 'address', 'uint256[]'], [A, B, C, [42n, 2n ** 255n]]).slice(2)}`,
    )
    expect(deploylessInitCode('0x60', [A, B, C], [])).toBe(`0x60${coder.encode(['address', 'address', 'address', 'uint256[]'], [A, B, C, []]).slice(2)}`)
  })
})
