// ABI decoding of uint, bool, address, tuples and arrays, typed by the ABI's own description:
// a generated `as const` ABI parameter gives both the TypeScript type of the value and the
// runtime walk. No ethers here, so that reading status need not load it.
import { toChecksumAddress } from '../address.js'

export interface AbiParam {
  readonly name: string
  readonly type: string
  readonly components?: readonly AbiParam[]
}

type ComponentsOf<P> = P extends { readonly components: infer C extends readonly AbiParam[] } ? C : never

/** The decoded value of an ABI parameter: bigint for uintN, boolean, checksummed address, objects by field name, arrays. */
export type AbiValue<P extends AbiParam> = P['type'] extends `${string}[]`
  ? Array<AbiValue<{ name: P['name']; type: ElementType<P['type']>; components: ComponentsOf<P> }>>
  : P['type'] extends 'tuple'
    ? AbiTuple<ComponentsOf<P>>
    : P['type'] extends 'bool'
      ? boolean
      : P['type'] extends 'address'
        ? string
        : P['type'] extends `uint${string}`
          ? bigint
          : never

type ElementType<T extends string> = T extends `${infer E}[]` ? E : never

export type AbiTuple<C extends readonly AbiParam[]> = { -readonly [F in C[number] as F['name']]: AbiValue<F> }

/** An answer that is not what the ABI says: reported as ethers reports it (BAD_DATA). */
function badData(what: string): Error {
  return Object.assign(new Error(`could not decode the answer: ${what}`), { code: 'BAD_DATA' })
}

const elementOf = (param: AbiParam): AbiParam => ({ ...param, type: param.type.slice(0, -2) })
const isDynamic = (param: AbiParam): boolean =>
  param.type.endsWith('[]') || param.type === 'bytes' || param.type === 'string' || (param.type === 'tuple' && param.components!.some(isDynamic))
const headSize = (param: AbiParam): number =>
  param.type === 'tuple' && !isDynamic(param) ? param.components!.reduce((sum, field) => sum + headSize(field), 0) : 32

class Reader {
  constructor(private readonly hex: string) {}

  word(at: number): string {
    if (at < 0 || (at + 32) * 2 > this.hex.length) throw badData(`no word at byte ${at}`)
    return this.hex.slice(at * 2, at * 2 + 64)
  }

  offset(at: number): number {
    const value = Number.parseInt(this.word(at), 16)
    if (!Number.isSafeInteger(value)) throw badData(`offset out of range at byte ${at}`)
    return value
  }

  /** The value whose head is at `at`, in an encoding (tuple or array body) starting at `base`. */
  value(param: AbiParam, at: number, base: number): unknown {
    if (isDynamic(param)) return this.body(param, base + this.offset(at))
    if (param.type === 'tuple') return this.tuple(param.components!, at)
    const word = this.word(at)
    if (param.type === 'bool') {
      if (!/^0{63}[01]$/.test(word)) throw badData(`${param.name} is not a bool`)
      return word.endsWith('1')
    }
    if (param.type === 'address') {
      if (!word.startsWith('0'.repeat(24))) throw badData(`${param.name} is not an address`)
      return toChecksumAddress(`0x${word.slice(24)}`)
    }
    const bits = /^uint(\d+)$/.exec(param.type)?.[1]
    if (bits === undefined) throw new TypeError(`ABI type ${param.type} is not supported`)
    const value = BigInt(`0x${word}`)
    if (value >> BigInt(bits) !== 0n) throw badData(`${param.name} is out of range for ${param.type}`)
    return value
  }

  /** A dynamic value whose encoding starts at `start`. */
  private body(param: AbiParam, start: number): unknown {
    if (param.type === 'tuple') return this.tuple(param.components!, start)
    if (!param.type.endsWith('[]')) throw new TypeError(`ABI type ${param.type} is not supported`)
    const length = this.offset(start)
    const element = elementOf(param)
    const size = headSize(element)
    if ((start + 32 + length * size) * 2 > this.hex.length) throw badData(`${param.name} is longer than the answer`)
    return Array.from({ length }, (_, index) => this.value(element, start + 32 + index * size, start + 32))
  }

  private tuple(fields: readonly AbiParam[], start: number): Record<string, unknown> {
    const value: Record<string, unknown> = {}
    let at = start
    for (const field of fields) {
      value[field.name] = this.value(field, at, start)
      at += headSize(field)
    }
    return value
  }
}

/** Decodes `returnData` as the ABI encoding of one value of type `param` (as abi.encode(value) gives it). */
export function decodeAbi<P extends AbiParam>(param: P, returnData: string): AbiValue<P> {
  if (!/^0x(?:[0-9a-fA-F]{2})*$/.test(returnData)) throw badData('not hex')
  return new Reader(returnData.slice(2)).value(param, 0, 0) as AbiValue<P>
}
