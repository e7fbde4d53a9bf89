import { toChecksumAddress } from '../address.js'
import type { AssetManager, ERC20, KGH, Multicall3, ValidatorManager } from './types/index.js'
import type { TypedContractMethod } from './types/common.js'
import { VIEWS, type ContractName } from './types/views.js'

/** One read to run inside an aggregate3 call, with its typed decoder. */
export interface BatchedCall<T> {
  target: string
  callData: string
  decode(returnData: string): T
  label: string
}

/** The TypeChain binding of each ABI in abis/: the types of every read come from them. */
interface Contracts {
  AssetManager: AssetManager
  ERC20: ERC20
  KGH: KGH
  Multicall3: Multicall3
  ValidatorManager: ValidatorManager
}

/** A contract to read from: its ABI's name and its address. */
export interface ContractRef<N extends ContractName> {
  readonly abi: N
  readonly target: string
}

export function contractAt<N extends ContractName>(abi: N, target: string): ContractRef<N> {
  return { abi, target }
}

type ViewNames<C> = { [K in keyof C]: C[K] extends TypedContractMethod<infer _A, infer _R, infer S> ? (S extends 'view' ? K : never) : never }[keyof C] & string
/** Views this codec reads directly (address arguments, one uint, bool or address result); see scripts/abi-views.mjs. */
type WordViews<N extends ContractName> = { [K in keyof (typeof VIEWS)[N]]: (typeof VIEWS)[N][K] extends { output: string } ? K : never }[keyof (typeof VIEWS)[N]] & string
type ArgsOf<M> = M extends TypedContractMethod<infer A, infer _R, infer _S> ? A : never
type ResultOf<M> = M extends TypedContractMethod<infer _A, infer R, infer _S> ? (R extends [infer Only] ? Only : R) : never

interface WordView {
  selector: string
  inputs: number
  output: string
}

const ADDRESS_ARG = /^0x[0-9a-fA-F]{40}$/
const WORD = /^[0-9a-fA-F]{64}$/
const UINT = /^uint(\d+)$/

/** An answer that is not what the ABI says (too short, not hex, out of range): the address holds no such contract. */
function badData(label: string, returnData: string): Error {
  return Object.assign(new Error(`${label}: could not decode ${returnData.slice(0, 74)}`), { code: 'BAD_DATA' })
}

/** As ethers decodes one word: a uint is masked to its width, a bool is any non-zero word. */
function wordDecoder(output: string, label: string): (returnData: string) => unknown {
  const readWord = (returnData: string): string => {
    const hex = returnData.startsWith('0x') ? returnData.slice(2, 66) : ''
    if (!WORD.test(hex)) throw badData(label, returnData)
    return hex
  }
  const bits = UINT.exec(output)?.[1]
  if (bits !== undefined) {
    const mask = (1n << BigInt(bits)) - 1n
    return (returnData) => BigInt(`0x${readWord(returnData)}`) & mask
  }
  if (output === 'bool') return (returnData) => /[1-9a-fA-F]/.test(readWord(returnData))
  // An address is the low 20 bytes of the word; anything in the upper 12 is not an address.
  return (returnData) => {
    const hex = readWord(returnData)
    if (!hex.startsWith('0'.repeat(24))) throw badData(label, returnData)
    return toChecksumAddress(`0x${hex.slice(24)}`)
  }
}

/**
 * Encodes a view call for the multicall. The ABI-generated method types give both the argument
 * and the decoded result types, so every read stays typed; the selector and the result's type
 * come from the table generated from the same ABIs.
 */
export function viewCall<N extends ContractName, K extends ViewNames<Contracts[N]> & WordViews<N>>(
  contract: ContractRef<N>,
  name: K,
  ...args: ArgsOf<Contracts[N][K]>
): BatchedCall<ResultOf<Contracts[N][K]>> {
  const view = viewOf(contract.abi, name)
  const addresses = args as readonly unknown[]
  if (addresses.length !== view.inputs) throw new TypeError(`${contract.abi}.${name} takes ${view.inputs} address argument(s)`)
  let callData = view.selector
  for (const address of addresses) {
    if (typeof address !== 'string' || !ADDRESS_ARG.test(address)) throw new TypeError(`${contract.abi}.${name} takes addresses as 0x-prefixed hex`)
    callData += `000000000000000000000000${address.slice(2).toLowerCase()}`
  }
  return { target: contract.target, callData, decode: view.decode as (returnData: string) => ResultOf<Contracts[N][K]>, label: name }
}

/** A view's selector, argument count and decoder, worked out once per run. */
const views = new Map<string, WordView & { decode(returnData: string): unknown }>()
function viewOf(abi: ContractName, name: string) {
  const key = `${abi}.${name}`
  let view = views.get(key)
  if (!view) {
    const entry = (VIEWS[abi] as unknown as Record<string, WordView>)[name]!
    views.set(key, (view = { ...entry, decode: wordDecoder(entry.output, name) }))
  }
  return view
}

export type Decoded<T extends readonly BatchedCall<unknown>[]> = { [I in keyof T]: T[I] extends BatchedCall<infer R> ? R : never }

const word = (value: number | bigint) => value.toString(16).padStart(64, '0')
const HEX_BYTES = /^0x(?:[0-9a-fA-F]{2})*$/
/** allowFailure = true, then the offset of callData within the tuple (3 words). */
const ALLOW_FAILURE_AND_OFFSET = word(1) + word(96)
const ZERO_WORD = '0'.repeat(64)

/**
 * Encodes calls into one aggregate3 call; failures are let through so the one that failed can be
 * named. ABI layout of aggregate3((address target, bool allowFailure, bytes callData)[]). A status
 * of 50 validators encodes 850 calls: repeated parts (targets, lengths) are worked out once.
 */
export function encodeAggregate(calls: readonly BatchedCall<unknown>[]): string {
  const targetWords = new Map<string, string>()
  let heads = ''
  let tails = ''
  let offset = calls.length * 32
  for (const call of calls) {
    let target = targetWords.get(call.target)
    if (target === undefined) {
      if (!ADDRESS_ARG.test(call.target)) throw new TypeError(`${call.label}: the target must be 0x-prefixed hex`)
      targetWords.set(call.target, (target = call.target.slice(2).toLowerCase().padStart(64, '0')))
    }
    if (!HEX_BYTES.test(call.callData)) throw new TypeError(`${call.label}: the call data must be 0x-prefixed hex`)
    const length = (call.callData.length - 2) / 2
    const padding = (32 - (length % 32)) % 32
    const tail = target + ALLOW_FAILURE_AND_OFFSET + word(length) + call.callData.slice(2).toLowerCase() + ZERO_WORD.slice(0, padding * 2)
    heads += word(offset)
    tails += tail
    offset += tail.length / 2
  }
  return `${VIEWS.Multicall3.aggregate3.selector}${word(32)}${word(calls.length)}${heads}${tails}`
}

export class BatchedCallFailed extends Error {
  constructor(readonly label: string, readonly target: string, readonly returnData: string) {
    super(`${label} on ${target} failed`)
  }
}

/** The (success, returnData) list of an aggregate3 answer, read directly; undefined if malformed. */
function readAggregateResult(returnData: string, count: number): Array<{ success: boolean; returnData: string }> | undefined {
  if (!returnData.startsWith('0x')) return undefined
  const hex = returnData.slice(2)
  const at = (byte: number): number | undefined => {
    if (byte < 0 || byte * 2 + 64 > hex.length) return undefined
    const value = Number.parseInt(hex.slice(byte * 2, byte * 2 + 64), 16)
    return Number.isSafeInteger(value) ? value : undefined
  }
  const array = at(0)
  if (array === undefined) return undefined
  const length = at(array)
  if (length !== count) return undefined
  const base = array + 32
  const results: Array<{ success: boolean; returnData: string }> = []
  for (let index = 0; index < length; index++) {
    const relative = at(base + index * 32)
    if (relative === undefined) return undefined
    const tuple = base + relative
    const success = at(tuple)
    const dataOffset = at(tuple + 32)
    if (success === undefined || success > 1 || dataOffset === undefined) return undefined
    const dataStart = tuple + dataOffset
    const dataLength = at(dataStart)
    if (dataLength === undefined || (dataStart + 32 + dataLength) * 2 > hex.length) return undefined
    results.push({ success: success === 1, returnData: `0x${hex.slice((dataStart + 32) * 2, (dataStart + 32 + dataLength) * 2)}` })
  }
  return results
}

export function decodeAggregate<T extends readonly BatchedCall<unknown>[]>(calls: T, returnData: string): Decoded<T> {
  const results = readAggregateResult(returnData, calls.length)
  if (!results) throw badData('aggregate3', returnData)
  return calls.map((call, index) => {
    const result = results[index]
    // A view that reverts or returns nothing means the address holds no such contract.
    if (!result || !result.success || result.returnData === '0x') {
      throw new BatchedCallFailed(call.label, call.target, result?.returnData ?? '0x')
    }
    return call.decode(result.returnData)
  }) as Decoded<T>
}
