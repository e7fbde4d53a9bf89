import { keccak256, toUtf8Bytes } from 'ethers'
import { describe, expect, it } from 'vitest'
import { batchChecksum, safeBatch, serializeJsonObject, TX_BUILDER_VERSION, type SafeBatchFile } from '../../src/lib/safe/batch.js'

// Expected serialisations are written out by hand from the Transaction Builder's algorithm; the
// hashes come from ethers' keccak-256, not from the module under test.

describe('serializeJsonObject', () => {
  it.each([
    ['a string', 'x', '"x"'],
    ['a number', 12, '12'],
    ['null', null, 'null'],
    ['undefined', undefined, 'null'],
    ['a boolean', false, 'false'],
    ['an empty object', {}, '{[]}'],
    ['an empty array', [], '[]'],
    ['keys sorted, each value followed by a comma', { b: 1, a: 'x' }, '{["a","b"]"x",1,}'],
    ['arrays joined by commas, no trailing one', [1, 'two', null], '[1,"two",null]'],
    ['nesting', { z: [{ y: true, x: undefined }], a: { c: '1', b: [] } }, '{["a","z"]{["b","c"][],"1",},[{["x","y"]null,true,}],}'],
    ['strings escaped as JSON', { 'k"': 'a"b\n' }, '{["k\\""]"a\\"b\\n",}'],
  ])('%s', (_name, value, expected) => {
    expect(serializeJsonObject(value)).toBe(expected)
  })
})

const BATCH: SafeBatchFile = {
  version: '1.0',
  chainId: '1',
  createdAt: 1700000000000,
  meta: {
    name: 'Pool',
    description: 'd',
    txBuilderVersion: '1.16.5',
    createdFromSafeAddress: '0xAbC0000000000000000000000000000000000001',
    createdFromOwnerAddress: '',
  },
  transactions: [
    {
      to: '0xFdFF462845953D90719A78Fd12a2d103541d2103',
      value: '0',
      data: '0x2e1a7d4d0000000000000000000000000000000000000000000000000de0b6b3a7640000',
      contractMethod: { inputs: [{ internalType: 'uint256', name: '_amount', type: 'uint256' }], name: 'withdraw', payable: false },
      contractInputsValues: { _amount: '1000000000000000000' },
    },
  ],
}

// BATCH serialised by hand: meta.name is null, there is no checksum.
const SERIALISED =
  '{["chainId","createdAt","meta","transactions","version"]"1",1700000000000,' +
  '{["createdFromOwnerAddress","createdFromSafeAddress","description","name","txBuilderVersion"]"","0xAbC0000000000000000000000000000000000001","d",null,"1.16.5",},' +
  '[{["contractInputsValues","contractMethod","data","to","value"]{["_amount"]"1000000000000000000",},' +
  '{["inputs","name","payable"][{["internalType","name","type"]"uint256","_amount","uint256",}],"withdraw",false,},' +
  '"0x2e1a7d4d0000000000000000000000000000000000000000000000000de0b6b3a7640000","0xFdFF462845953D90719A78Fd12a2d103541d2103","0",}],"1.0",}'

describe('batchChecksum', () => {
  it('is the keccak-256 of the serialisation with meta.name null and no checksum', () => {
    expect(serializeJsonObject({ ...BATCH, meta: { ...BATCH.meta, name: null } })).toBe(SERIALISED)
    expect(batchChecksum(BATCH)).toBe(keccak256(toUtf8Bytes(SERIALISED)))
  })

  it('ignores the name and a checksum already there, and changes with anything else', () => {
    const checksum = batchChecksum(BATCH)
    expect(batchChecksum({ ...BATCH, meta: { ...BATCH.meta, name: 'Renamed in the app' } })).toBe(checksum)
    expect(batchChecksum({ ...BATCH, meta: { ...BATCH.meta, checksum: '0x1234' } })).toBe(checksum)
    expect(batchChecksum({ ...BATCH, chainId: '11155111' })).not.toBe(checksum)
    expect(batchChecksum({ ...BATCH, transactions: [{ ...BATCH.transactions[0]!, value: '1' }] })).not.toBe(checksum)
  })

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    const batch = { ...BATCH, meta: { ...BATCH.meta, description: 'validators’ balances' } }
    const serialised = SERIALISED.replace('"d"', '"validators’ balances"')
    expect(batchChecksum(batch)).toBe(keccak256(toUtf8Bytes(serialised)))
  })
})

describe('safeBatch', () => {
  it('fills the header the Transaction Builder expects and adds the checksum', () => {
    const batch = safeBatch({
      chainId: 1,
      safe: BATCH.meta.createdFromSafeAddress,
      name: 'Pool',
      description: 'd',
      createdAt: 1700000000000,
      transactions: BATCH.transactions,
    })
    expect(batch).toEqual({
      ...BATCH,
      meta: {
        ...BATCH.meta,
        txBuilderVersion: TX_BUILDER_VERSION,
        checksum: keccak256(toUtf8Bytes(SERIALISED.replace('"1.16.5"', JSON.stringify(TX_BUILDER_VERSION)))),
      },
    })
  })
})
