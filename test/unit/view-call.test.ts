import { Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { AssetManager__factory } from '../../src/lib/chain/types/index.js'
import { contractAt, viewCall } from '../../src/lib/chain/view-call.js'

const am = contractAt('AssetManager', Wallet.createRandom().address)
const iface = AssetManager__factory.createInterface()

describe('viewCall', () => {
  it('encodes address and uint arguments as ethers does', () => {
    const validator = Wallet.createRandom().address
    const delegator = Wallet.createRandom().address
    for (const id of [0n, 42n, 2n ** 256n - 1n]) {
      const call = viewCall(am, 'canUndelegateKghAt', validator, delegator, id)
      expect(call.callData).toBe(iface.encodeFunctionData('canUndelegateKghAt', [validator, delegator, id]))
    }
    expect(viewCall(am, 'getKroAssets', validator, delegator).callData).toBe(iface.encodeFunctionData('getKroAssets', [validator, delegator]))
  })

  it('decodes the one-word answer with the width of its type', () => {
    const validator = Wallet.createRandom().address
    const call = viewCall(am, 'canUndelegateKghAt', validator, validator, 1n)
    expect(call.decode(iface.encodeFunctionResult('canUndelegateKghAt', [1_700_000_000n]))).toBe(1_700_000_000n)
  })

  it('refuses a uint out of its range, or not a number', () => {
    const validator = Wallet.createRandom().address
    expect(() => viewCall(am, 'canUndelegateKghAt', validator, validator, -1n)).toThrow(/uint256 as a bigint in its range/)
    expect(() => viewCall(am, 'canUndelegateKghAt', validator, validator, 2n ** 256n)).toThrow(/uint256 as a bigint in its range/)
    expect(() => viewCall(am, 'canUndelegateKghAt', validator, validator, '7')).toThrow(/uint256 as a bigint in its range/)
  })
})
