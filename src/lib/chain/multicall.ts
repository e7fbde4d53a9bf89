import { getAddress, type BaseContract, type FunctionFragment, type Interface } from 'ethers'
import type { Multicall3 } from './types/index.js'
import type { TypedContractMethod } from './types/common.js'

/** One read to run inside an aggregate3 call, with its typed decoder. */
export interface BatchedCall<T> {
  target: string
  callData: string
  decode(returnData: string): T
  label: string
}

type ViewNames<C> = { [K in keyof C]: C[K] extends TypedContractMethod<infer _A, infer _R, infer S> ? (S extends 'view' ? K : never) : never }[keyof C] & string
type ArgsOf<M> = M extends TypedContractMethod<infer A, infer _R, infer _S> ? A : never
type ResultOf<M> = M extends TypedContractMethod<infer _A, infer R, infer _S> ? (R extends [infer Only] ? Only : R) : never

/**
 * What a view needs to be encoded and decoded, worked out once per function: ethers computes a
 * selector (a keccak hash) on every encodeFunctionData, and a status of 50 validators encodes
 * 850 calls. Calls whose arguments are all addresses, and results that are one uint, bool or
 * address (nearly every view here) are encoded and decoded directly; anything else goes to ethers.
 */
interface ViewCodec {
  selector: string
  encode(args: readonly unknown[]): string
  decode(returnData: string): unknown
}

const codecs = new WeakMap<Interface, Map<string, ViewCodec>>()

const ADDRESS_ARG = /^0x[0-9a-fA-F]{40}$/
const UINT = /^uint(\d+)$/

function codecFor(iface: Interface, name: string): ViewCodec {
  let byName = codecs.get(iface)
  if (!byName) codecs.set(iface, (byName = new Map()))
  let codec = byName.get(name)
  if (!codec) byName.set(name, (codec = buildCodec(iface, name)))
  return codec
}

function buildCodec(iface: Interface, name: string): ViewCodec {
  const fragment = iface.getFunction(name)
  if (!fragment) throw new Error(`ABI has no function ${name}`)
  const selector = fragment.selector
  const addressInputs = fragment.inputs.every((input) => input.type === 'address')
  const slow = {
    encode: (args: readonly unknown[]) => iface.encodeFunctionData(fragment, args as unknown[]),
    decode: (returnData: string) => unwrap(iface.decodeFunctionResult(fragment, returnData)),
  }
  return {
    selector,
    encode: (args) => {
      if (!addressInputs || args.length !== fragment.inputs.length || !args.every((arg) => typeof arg === 'string' && ADDRESS_ARG.test(arg))) return slow.encode(args)
      return selector + (args as string[]).map((arg) => arg.slice(2).toLowerCase().padStart(64, '0')).join('')
    },
    decode: wordDecoder(fragment, slow.decode) ?? slow.decode,
  }
}

function unwrap(result: ReturnType<Interface['decodeFunctionResult']>): unknown {
  return result.length === 1 ? result[0] : result
}

/**
 * A decoder for a single uint, bool or address result; undefined for anything else. Data that is
 * short or malformed goes to `fallback` (ethers), which throws its own error (BAD_DATA).
 */
function wordDecoder(fragment: FunctionFragment, fallback: (returnData: string) => unknown): ((returnData: string) => unknown) | undefined {
  if (fragment.outputs.length !== 1) return undefined
  const type = fragment.outputs[0]!.type
  const bits = UINT.exec(type)?.[1]
  const read = (returnData: string): string | undefined => (returnData.length >= 66 && returnData.startsWith('0x') ? returnData.slice(2, 66) : undefined)
  if (bits !== undefined) {
    const mask = (1n << BigInt(bits)) - 1n
    return (returnData) => {
      const word = read(returnData)
      if (word === undefined || !/^[0-9a-fA-F]{64}$/.test(word)) return fallback(returnData)
      return BigInt(`0x${word}`) & mask
    }
  }
  if (type === 'bool') {
    return (returnData) => {
      const word = read(returnData)
      if (word === undefined || !/^[0-9a-fA-F]{64}$/.test(word)) return fallback(returnData)
      return /[1-9a-fA-F]/.test(word)
    }
  }
  if (type === 'address') {
    return (returnData) => {
      const word = read(returnData)
      // An address is the low 20 bytes; ethers refuses anything wider, so does this.
      if (word === undefined || !/^0{24}[0-9a-fA-F]{40}$/.test(word)) return fallback(returnData)
      return getAddress(`0x${word.slice(24)}`)
    }
  }
  return undefined
}

/**
 * Encodes a view call of a typed contract for the multicall. The ABI-generated method types
 * give both the argument and the decoded result types, so every read stays typed.
 */
export function viewCall<C extends BaseContract, K extends ViewNames<C>>(
  contract: C,
  name: K,
  ...args: ArgsOf<C[K]>
): BatchedCall<ResultOf<C[K]>> {
  const codec = codecFor(contract.interface, name)
  return {
    target: contract.target as string,
    callData: codec.encode(args as readonly unknown[]),
    decode: (returnData) => codec.decode(returnData) as ResultOf<C[K]>,
    label: name,
  }
}

export type Decoded<T extends readonly BatchedCall<unknown>[]> = { [I in keyof T]: T[I] extends BatchedCall<infer R> ? R : never }

const word = (value: number | bigint) => value.toString(16).padStart(64, '0')

/**
 * Encodes calls into one aggregate3 call; failures are let through so the one that failed can be
 * named. ABI layout of aggregate3((address target, bool allowFailure, bytes callData)[]), written
 * directly: ethers' generic coder spends tens of milliseconds on a few hundred calls.
 */
export function encodeAggregate(multicall: Multicall3, calls: readonly BatchedCall<unknown>[]): string {
  const heads: string[] = []
  const tails: string[] = []
  let offset = calls.length * 32
  for (const call of calls) {
    if (!ADDRESS_ARG.test(call.target) || !/^0x(?:[0-9a-fA-F]{2})*$/.test(call.callData)) {
      // Not ours to write by hand: let ethers encode (and validate) the whole batch.
      return multicall.interface.encodeFunctionData('aggregate3', [calls.map((c) => ({ target: c.target, allowFailure: true, callData: c.callData }))])
    }
    const data = call.callData.slice(2).toLowerCase()
    const length = data.length / 2
    const padded = data.padEnd(Math.ceil(length / 32) * 64, '0')
    // (target, allowFailure = true, offset of callData = 3 words), then the bytes.
    const tail = call.target.slice(2).toLowerCase().padStart(64, '0') + word(1) + word(96) + word(length) + padded
    heads.push(word(offset))
    tails.push(tail)
    offset += tail.length / 2
  }
  return `${codecFor(multicall.interface, 'aggregate3').selector}${word(32)}${word(calls.length)}${heads.join('')}${tails.join('')}`
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

export function decodeAggregate<T extends readonly BatchedCall<unknown>[]>(multicall: Multicall3, calls: T, returnData: string): Decoded<T> {
  const results =
    readAggregateResult(returnData, calls.length) ??
    // Not the expected shape: ethers decodes it, or throws the error callers expect (BAD_DATA).
    (multicall.interface.decodeFunctionResult('aggregate3', returnData)[0] as Array<{ success: boolean; returnData: string }>)
  return calls.map((call, index) => {
    const result = results[index]
    // A view that reverts or returns nothing means the address holds no such contract.
    if (!result || !result.success || result.returnData === '0x') {
      throw new BatchedCallFailed(call.label, call.target, result?.returnData ?? '0x')
    }
    return call.decode(result.returnData)
  }) as Decoded<T>
}
