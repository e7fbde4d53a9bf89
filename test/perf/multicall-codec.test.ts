// The multicall's own ABI code (status reads without loading ethers, and a status of 50
// validators encodes 850 calls) must give exactly what ethers' generic coder gives, and fail the
// same way.
import { describe, expect, it } from 'vitest'
import { getAddress, hexlify, randomBytes, type Interface } from 'ethers'
import { BatchedCallFailed, contractAt, decodeAggregate, encodeAggregate, viewCall, type BatchedCall } from '../../src/lib/chain/multicall.js'
import { AssetManager__factory, ERC20__factory, KGH__factory, Multicall3__factory, ValidatorManager__factory } from '../../src/lib/chain/types/index.js'
import { VIEWS } from '../../src/lib/chain/types/views.js'

const multicall = contractAt('Multicall3', '0xcA11bde05977b3631167028862bE2a173976CA11')
const vm = contractAt('ValidatorManager', '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0')
const am = contractAt('AssetManager', '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512')
const kro = contractAt('ERC20', '0x5FbDB2315678afecb367f032d93F642f64180aa3')
const interfaces = {
  Multicall3: Multicall3__factory.createInterface(),
  ValidatorManager: ValidatorManager__factory.createInterface(),
  AssetManager: AssetManager__factory.createInterface(),
  ERC20: ERC20__factory.createInterface(),
  KGH: KGH__factory.createInterface(),
}
const ethersOf = { multicall: interfaces.Multicall3, vm: interfaces.ValidatorManager, am: interfaces.AssetManager, kro: interfaces.ERC20 }
const someone = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const other = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc'

const word = (value: bigint) => `0x${value.toString(16).padStart(64, '0')}`

describe('the generated ABI table', () => {
  it('has the selector ethers computes for every function of every ABI', () => {
    let checked = 0
    for (const [abi, functions] of Object.entries(VIEWS)) {
      const iface = interfaces[abi as keyof typeof interfaces]
      for (const [name, entry] of Object.entries(functions)) {
        expect(entry.selector, `${abi}.${name}`).toBe((iface as Interface).getFunction(name)!.selector)
        checked++
      }
      iface.forEachFunction((fragment) => expect(functions, `${abi}.${fragment.name}`).toHaveProperty(fragment.name))
    }
    expect(checked).toBeGreaterThan(40)
  })
})

describe('viewCall', () => {
  it('encodes like ethers, for no, one and two address arguments and any letter case', () => {
    const cases: Array<[BatchedCall<unknown>, string]> = [
      [viewCall(vm, 'MIN_REGISTER_AMOUNT'), ethersOf.vm.encodeFunctionData('MIN_REGISTER_AMOUNT')],
      [viewCall(vm, 'getStatus', someone), ethersOf.vm.encodeFunctionData('getStatus', [someone])],
      [viewCall(am, 'canWithdrawAt', other), ethersOf.am.encodeFunctionData('canWithdrawAt', [other])],
      [viewCall(kro, 'allowance', someone, other), ethersOf.kro.encodeFunctionData('allowance', [someone, other])],
      [viewCall(multicall, 'getEthBalance', someone), ethersOf.multicall.encodeFunctionData('getEthBalance', [someone])],
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
      expect(balance.decode(data)).toBe(ethersOf.kro.decodeFunctionResult('balanceOf', data)[0])
      expect(status.decode(data)).toBe(ethersOf.vm.decodeFunctionResult('getStatus', data)[0])
      expect(jailed.decode(data)).toBe(ethersOf.vm.decodeFunctionResult('inJail', data)[0])
    }
    for (let i = 0; i < 20; i++) {
      const data = `0x${'0'.repeat(24)}${hexlify(randomBytes(20)).slice(2)}`
      expect(withdrawAccount.decode(data)).toBe(ethersOf.am.decodeFunctionResult('getWithdrawAccount', data)[0])
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
    expect(() => withdrawAccount.decode(`0x${'ff'.repeat(32)}`)).toThrow(expect.objectContaining({ code: 'BAD_DATA' }))
    expect(() => ethersOf.am.decodeFunctionResult('getWithdrawAccount', `0x${'ff'.repeat(32)}`)[0]).toThrow()
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
      const expected = ethersOf.multicall.encodeFunctionData('aggregate3', [list.map((call) => ({ target: call.target, allowFailure: true, callData: call.callData }))])
      expect(encodeAggregate(list)).toBe(expected)
    }
  })

  it('decodes what ethers encodes, and names the call that failed', () => {
    const list = calls()
    const answers = [word(123n), word(3n), word(10n ** 21n), '0x', hexlify(randomBytes(45))]
    const ok = ethersOf.multicall.encodeFunctionResult('aggregate3', [answers.map((returnData, index) => ({ success: index !== 3, returnData }))])
    expect(() => decodeAggregate(list, ok)).toThrow(BatchedCallFailed)
    try {
      decodeAggregate(list, ok)
    } catch (error) {
      expect((error as BatchedCallFailed).label).toBe('raw4')
    }
    const fine = answers.map((returnData, index) => (index === 3 ? '0xabcdef' : returnData))
    const data = ethersOf.multicall.encodeFunctionResult('aggregate3', [fine.map((returnData) => ({ success: true, returnData }))])
    expect(decodeAggregate(list, data)).toEqual([123n, 3n, 10n ** 21n, '0xabcdef', fine[4]])
  })

  it('fails like ethers on an answer that is not an aggregate3 result (no Multicall3 there)', () => {
    const list = calls()
    expect(() => decodeAggregate(list, '0x')).toThrow(expect.objectContaining({ code: 'BAD_DATA' }))
    expect(() => decodeAggregate(list, word(5n))).toThrow(expect.objectContaining({ code: 'BAD_DATA' }))
    expect(() => ethersOf.multicall.decodeFunctionResult('aggregate3', word(5n))).toThrow()
  })
})
