import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

/**
 * The Safe Transaction Builder's batch file: what the Safe app's Transaction Builder imports.
 * Pure: no file system, no ethers.
 */

/** The Transaction Builder version the files say they were made with. */
export const TX_BUILDER_VERSION = '1.16.5'

export interface SafeMethodInput {
  internalType: string
  name: string
  type: string
}

export interface SafeBatchTransaction {
  to: string
  /** Wei, base 10. */
  value: string
  data: string
  contractMethod: { inputs: SafeMethodInput[]; name: string; payable: boolean }
  /** Each argument by its name, as a string (numbers base 10, arrays as [a,b]). */
  contractInputsValues: Record<string, string>
}

export interface SafeBatchMeta {
  name: string
  description: string
  txBuilderVersion: string
  createdFromSafeAddress: string
  createdFromOwnerAddress: string
  checksum?: string
}

export interface SafeBatchFile {
  version: '1.0'
  chainId: string
  /** Milliseconds since the epoch. */
  createdAt: number
  meta: SafeBatchMeta
  transactions: SafeBatchTransaction[]
}

export interface SafeBatchRequest {
  chainId: number
  safe: string
  name: string
  description: string
  createdAt: number
  transactions: SafeBatchTransaction[]
}

/** A batch for the Safe at `safe`, with its checksum. The owner who will execute it is not known: left empty. */
export function safeBatch(request: SafeBatchRequest): SafeBatchFile {
  const batch: SafeBatchFile = {
    version: '1.0',
    chainId: String(request.chainId),
    createdAt: request.createdAt,
    meta: {
      name: request.name,
      description: request.description,
      txBuilderVersion: TX_BUILDER_VERSION,
      createdFromSafeAddress: request.safe,
      createdFromOwnerAddress: '',
    },
    transactions: request.transactions,
  }
  return { ...batch, meta: { ...batch.meta, checksum: batchChecksum(batch) } }
}

/**
 * The Transaction Builder's checksum: keccak-256 of the batch serialised by
 * serializeJsonObject, without meta.checksum and with meta.name set to null (so renaming a
 * batch in the app keeps it valid).
 */
export function batchChecksum(batch: SafeBatchFile): string {
  const { checksum: _omitted, ...meta } = batch.meta
  const text = serializeJsonObject({ ...batch, meta: { ...meta, name: null } })
  return `0x${bytesToHex(keccak_256(utf8ToBytes(text)))}`
}

/**
 * The Transaction Builder's serialisation: an object is `{` + the JSON of its sorted keys + each
 * value serialised and followed by a comma + `}`; an array is `[a,b]`; anything else is its JSON,
 * with undefined as null.
 */
export function serializeJsonObject(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(serializeJsonObject).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    const keys = Object.keys(record).sort()
    return `{${JSON.stringify(keys)}${keys.map((key) => `${serializeJsonObject(record[key])},`).join('')}}`
  }
  return value === undefined ? 'null' : JSON.stringify(value)
}
