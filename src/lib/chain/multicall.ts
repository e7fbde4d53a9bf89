import type { BaseContract } from 'ethers'
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
 * Encodes a view call of a typed contract for the multicall. The ABI-generated method types
 * give both the argument and the decoded result types, so every read stays typed.
 */
export function viewCall<C extends BaseContract, K extends ViewNames<C>>(
  contract: C,
  name: K,
  ...args: ArgsOf<C[K]>
): BatchedCall<ResultOf<C[K]>> {
  const fragment = contract.interface.getFunction(name)
  if (!fragment) throw new Error(`ABI has no function ${name}`)
  return {
    target: contract.target as string,
    callData: contract.interface.encodeFunctionData(fragment, args),
    decode: (returnData) => {
      const result = contract.interface.decodeFunctionResult(fragment, returnData)
      return (result.length === 1 ? result[0] : result) as ResultOf<C[K]>
    },
    label: name,
  }
}

export type Decoded<T extends readonly BatchedCall<unknown>[]> = { [I in keyof T]: T[I] extends BatchedCall<infer R> ? R : never }

/** Encodes calls into one aggregate3 call; failures are let through so the one that failed can be named. */
export function encodeAggregate(multicall: Multicall3, calls: readonly BatchedCall<unknown>[]): string {
  return multicall.interface.encodeFunctionData('aggregate3', [
    calls.map((call) => ({ target: call.target, allowFailure: true, callData: call.callData })),
  ])
}

export class BatchedCallFailed extends Error {
  constructor(readonly label: string, readonly target: string, readonly returnData: string) {
    super(`${label} on ${target} failed`)
  }
}

export function decodeAggregate<T extends readonly BatchedCall<unknown>[]>(multicall: Multicall3, calls: T, returnData: string): Decoded<T> {
  const [results] = multicall.interface.decodeFunctionResult('aggregate3', returnData) as unknown as [Array<{ success: boolean; returnData: string }>]
  return calls.map((call, index) => {
    const result = results[index]
    // A view that reverts or returns nothing means the address holds no such contract.
    if (!result || !result.success || result.returnData === '0x') {
      throw new BatchedCallFailed(call.label, call.target, result?.returnData ?? '0x')
    }
    return call.decode(result.returnData)
  }) as Decoded<T>
}
