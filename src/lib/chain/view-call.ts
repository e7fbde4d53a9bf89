import { toChecksumAddress } from '../address.js'
import type { RpcSender } from './json-rpc.js'
import type { AssetManager, ERC20, ValidatorManager, ValidatorPool } from './types/index.js'
import type { TypedContractMethod } from './types/common.js'
import { VIEWS, type ContractName } from './types/views.js'

/**
 * Single views read with plain eth_calls (no Multicall3: reads work on any chain), typed by the
 * TypeChain bindings and encoded from the table scripts/abi-views.mjs generates, so no ethers is
 * loaded. Calls sent in the same tick travel in one HTTP request.
 */

/** One view call with its typed decoder. */
export interface ViewCall<T> {
  target: string
  callData: string
  decode(returnData: string): T
  label: string
}

/** The TypeChain binding of each ABI these reads use. */
interface Contracts {
  AssetManager: AssetManager
  ERC20: ERC20
  ValidatorManager: ValidatorManager
  ValidatorPool: ValidatorPool
}
type ReadableName = keyof Contracts & ContractName

/** A contract to read from: its ABI's name and its address. */
export interface ContractRef<N extends ReadableName> {
  readonly abi: N
  readonly target: string
}

export function contractAt<N extends ReadableName>(abi: N, target: string): ContractRef<N> {
  return { abi, target }
}

type ViewNames<C> = { [K in keyof C]: C[K] extends TypedContractMethod<infer _A, infer _R, infer S> ? (S extends 'view' ? K : never) : never }[keyof C] & string
/** Views this codec reads directly (address and uint arguments, one uint, bool or address result); see scripts/abi-views.mjs. */
type WordViews<N extends ContractName> = {
  [K in keyof (typeof VIEWS)[N]]: (typeof VIEWS)[N][K] extends { output: string } ? K : never
}[keyof (typeof VIEWS)[N]] &
  string
type ArgsOf<M> = M extends TypedContractMethod<infer A, infer _R, infer _S> ? A : never
type ResultOf<M> = M extends TypedContractMethod<infer _A, infer R, infer _S> ? (R extends [infer Only] ? Only : R) : never

interface ViewEntry {
  readonly selector: string
  /** The argument types, each one word: address or uintN. */
  readonly inputs?: readonly string[]
  readonly output?: string
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

/** One argument as its ABI word: an address as 0x-prefixed hex, a uintN as a bigint (or a safe integer) in its range. */
function encodeWord(type: string, value: unknown, label: string): string {
  if (type === 'address') {
    if (typeof value !== 'string' || !ADDRESS_ARG.test(value)) throw new TypeError(`${label} takes addresses as 0x-prefixed hex`)
    return `000000000000000000000000${value.slice(2).toLowerCase()}`
  }
  const width = UINT.exec(type)?.[1]
  if (width === undefined) throw new TypeError(`${label} takes a ${type}, which this codec does not encode`)
  const bits = BigInt(width)
  const number = typeof value === 'bigint' ? value : typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : undefined
  if (number === undefined || number < 0n || number >> bits !== 0n) throw new TypeError(`${label} takes a ${type} as a bigint in its range`)
  return number.toString(16).padStart(64, '0')
}

/** Encodes a view call; the ABI-generated method types give both the argument and the decoded result types. */
export function viewCall<N extends ReadableName, K extends ViewNames<Contracts[N]> & WordViews<N>>(
  contract: ContractRef<N>,
  name: K,
  ...args: ArgsOf<Contracts[N][K]>
): ViewCall<ResultOf<Contracts[N][K]>> {
  const table: Readonly<Record<string, ViewEntry>> = VIEWS[contract.abi]
  const view = table[name]
  if (view?.inputs === undefined || view.output === undefined) throw new TypeError(`${contract.abi}.${name} is not a one-word view`)
  const values: readonly unknown[] = args
  if (values.length !== view.inputs.length) throw new TypeError(`${contract.abi}.${name} takes ${view.inputs.length} argument(s)`)
  const callData = view.selector + view.inputs.map((type, index) => encodeWord(type, values[index], `${contract.abi}.${name}`)).join('')
  const decode = wordDecoder(view.output, name)
  return { target: contract.target, callData, decode: (returnData) => decode(returnData) as ResultOf<Contracts[N][K]>, label: name }
}

/** A view that reverted or answered nothing: the address holds no such contract. */
export class ViewCallFailed extends Error {
  constructor(
    readonly label: string,
    readonly target: string,
    cause: unknown,
  ) {
    super(`${label} on ${target} did not answer`, { cause })
  }
}

export type Decoded<T extends readonly ViewCall<unknown>[]> = { -readonly [I in keyof T]: T[I] extends ViewCall<infer R> ? R : never }

/** Reads every call at `blockTag`, in one HTTP request; the first that fails is named. */
export async function readViews<T extends readonly ViewCall<unknown>[]>(rpc: RpcSender, calls: T, blockTag: string): Promise<Decoded<T>> {
  const answers = await Promise.allSettled(calls.map((call) => rpc.send('eth_call', [{ to: call.target, data: call.callData }, blockTag])))
  return calls.map((call, index) => {
    const answer = answers[index]!
    if (answer.status === 'rejected') {
      // A transport failure is the endpoint's, not the contract's: let it through as it is.
      if (!/revert/i.test(String((answer.reason as Error)?.message))) throw answer.reason
      throw new ViewCallFailed(call.label, call.target, answer.reason)
    }
    if (answer.value === '0x' || typeof answer.value !== 'string') throw new ViewCallFailed(call.label, call.target, undefined)
    return call.decode(answer.value)
  }) as Decoded<T>
}
