// The multicall's hand-written ABI paths (kept for speed: a status of 50 validators encodes 850
// calls) must give exactly what ethers' generic coder gives, and fail the same way.
import { describe, expect, it } from 'vitest'
import { getAddress, hexlify, randomBytes } from 'ethers'
import { BatchedCallFailed, decodeAggregate, encodeAggregate, viewCall, type BatchedCall } from '../../src/lib/chain/multicall.js'
import { AssetManager__factory, ERC20__factory, Multicall3__factory, ValidatorManager__factory } from '../../src/lib/chain/types/index.js'

const multicall = Multicall3__factory.connect('0xcA11bde05977b3631167028862bE2a173976CA11')
const vm = ValidatorManager__factory.connect('0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0')
const am = AssetManager__factory.connect('0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512')
const kro = ERC20__factory.connect('0x5FbDB2315678afecb367f032d93F642f64180aa3')
const someone = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const other = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc'

const word = (value: bigint) => `0x${value.toString(16).padStart(64, '0')}`

describe('viewCall', () => {
  it('encodes like ethers, for no, one and two address arguments and any letter case', () => {
    const cases: Array<[BatchedCall<unknown>, string]> = [
      [viewCall(vm, 'MIN_REGISTER_AMOUNT'), vm.interface.encodeFunctionData('MIN_REGISTER_AMOUNT')],
      [viewCall(vm, 'getStatus', someone), vm.interface.encodeFunctionData('getStatus', [someone])],
      [viewCall(am, 'canWithdrawAt', other), am.interface.encodeFunctionData('canWithdrawAt', [other])],
      [viewCall(kro, 'allowance', someone, other), kro.interface.encodeFunctionData('allowance', [someone, other])],
      [viewCall(multicall, 'getEthBalance', someone), multicall.interface.encodeFunctionData('getEthBalance', [someone])],
    ]
    for (const [call, expected] of cases) expect(call.callData).toBe(expected)
  })

  it('decodes uint, bool and address results like ethers', () => {
    const status = viewCall(vm, 'getStatus', someone) // uint8
    const jailed = viewCall(vm, 'inJail', someone) // bool
    const withdrawAccount = viewCall(am, 'getWithdrawAccount', someone) // address
    const balance = viewCall(kro, 'balanceOf', someone) // uint256
    const values = [0n, 1n, 5n, 255n, 2n ** 128n + 7n, 2n ** 256n - 1n]
    for (const value of values) {
      const data = word(value)
      expect(balance.decode(data)).toBe(kro.interface.decodeFunctionResult('balanceOf', data)[0])
      expect(status.decode(data)).toBe(vm.interface.decodeFunctionResult('getStatus', data)[0])
      expect(jailed.decode(data)).toBe(vm.interface.decodeFunctionResult('inJail', data)[0])
    }
    for (let i = 0; i < 20; i++) {
      const data = `0x${'0'.repeat(24)}${hexlify(randomBytes(20)).slice(2)}`
      expect(withdrawAccount.decode(data)).toBe(am.interface.decodeFunctionResult('getWithdrawAccount', data)[0])
    }
    // Longer answers are read like ethers reads them: the first word.
    expect(balance.decode(`${word(9n)}${'ff'.repeat(32)}`)).toBe(9n)
  })

  it('refuses short or malformed answers the way ethers does (BAD_DATA)', () => {
    const balance = viewCall(kro, 'balanceOf', someone)
    const withdrawAccount = viewCall(am, 'getWithdrawAccount', someone)
    for (const data of ['0x', '0x1234', word(1n).slice(0, 60)]) {
      expect(() => balance.decode(data)).toThrow(expect.objectContaining({ code: 'BAD_DATA' }))
    }
    // An address wider than 20 bytes (ethers defers that error to reading the value).
    expect(() => withdrawAccount.decode(`0x${'ff'.repeat(32)}`)).toThrow()
    expect(() => am.interface.decodeFunctionResult('getWithdrawAccount', `0x${'ff'.repeat(32)}`)[0]).toThrow()
  })
})

describe('aggregate3', () => {
  const calls = (): BatchedCall<unknown>[] => [
    viewCall(multicall, 'getBlockNumber'),
    viewCall(vm, 'getStatus', someone),
    viewCall(kro, 'allowance', someone, other),
    // Odd lengths: 4 bytes, 36 bytes, 68 bytes and one not a multiple of 32 beyond a selector.
    { target: getAddress(other), callData: '0x12345678', decode: (data) => data, label: 'raw4' },
    { target: getAddress(other), callData: hexlify(randomBytes(45)), decode: (data) => data, label: 'raw45' },
  ]

  it('encodes like ethers', () => {
    for (const list of [[], calls(), [...calls(), ...calls(), ...calls()]]) {
      const expected = multicall.interface.encodeFunctionData('aggregate3', [list.map((call) => ({ target: call.target, allowFailure: true, callData: call.callData }))])
      expect(encodeAggregate(multicall, list)).toBe(expected)
    }
  })

  it('decodes what ethers encodes, and names the call that failed', () => {
    const list = calls()
    const answers = [word(123n), word(3n), word(10n ** 21n), '0x', hexlify(randomBytes(45))]
    const ok = multicall.interface.encodeFunctionResult('aggregate3', [answers.map((returnData, index) => ({ success: index !== 3, returnData }))])
    expect(() => decodeAggregate(multicall, list, ok)).toThrow(BatchedCallFailed)
    try {
      decodeAggregate(multicall, list, ok)
    } catch (error) {
      expect((error as BatchedCallFailed).label).toBe('raw4')
    }
    const fine = answers.map((returnData, index) => (index === 3 ? '0xabcdef' : returnData))
    const data = multicall.interface.encodeFunctionResult('aggregate3', [fine.map((returnData) => ({ success: true, returnData }))])
    expect(decodeAggregate(multicall, list, data)).toEqual([123n, 3n, 10n ** 21n, '0xabcdef', fine[4]])
  })

  it('fails like ethers on an answer that is not an aggregate3 result (no Multicall3 there)', () => {
    const list = calls()
    expect(() => decodeAggregate(multicall, list, '0x')).toThrow(expect.objectContaining({ code: 'BAD_DATA' }))
    expect(() => decodeAggregate(multicall, list, word(5n))).toThrow()
  })
})
