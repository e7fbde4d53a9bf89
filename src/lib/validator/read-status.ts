import { addressHex, parseAddress } from '../address.js'
import { withRpcErrors } from '../chain/rpc.js'
import { explainDevnetUnreachable } from '../config/devnet-not-running.js'
import { createChainContext, type ContextFlags } from '../chain-context.js'
import { defaultAddress } from '../default-address.js'
import type { SignerFlags } from '../signers/resolve.js'
import { statusJson, type StatusJson } from './report.js'
import { readSnapshot, type Snapshot, type ValidatorState } from './snapshot.js'
import type { Connection } from '../config/connection.js'

/** What `status` read: the snapshot, its validators with their checksummed addresses, and their reports. */
export interface StatusReading {
  snapshot: Snapshot
  validators: ValidatorState[]
  connection: Connection
  /** One address asked for: the report is an object, else an array. */
  single: boolean
  json: StatusJson | StatusJson[]
}

export interface StatusRead {
  /** Resolves once the request is on the wire: the caller's own work (loading a view) can overlap the node's answer. */
  sent: Promise<void>
  reading: Promise<StatusReading>
}

/** Reads every given validator (or the default address) at one block, in one request. */
export async function startStatusRead(flags: ContextFlags & SignerFlags, addressArgs: string[]): Promise<StatusRead> {
  const context = createChainContext(flags)
  const given =
    addressArgs.length > 0 ? addressArgs : [await defaultAddress(context.store.list(), flags, { prefer: 'validator', example: 'kroma-validator status 0x…' })]
  // The request needs only each address's digits: it goes out before anything else is done.
  const snapshotRead = readSnapshot(context.rpc, context.connection, { validators: dedupe(given.map((raw) => addressHex(raw, 'validator address'))) })
  snapshotRead.catch(() => {}) // awaited below, unless an address is refused first
  const sent = context.rpc.whenSent()
  const reading = (async (): Promise<StatusReading> => {
    try {
      await sent
      // While the node answers: the EIP-55 checksums are checked (keccak, slow in a fresh process).
      const checksummed = new Map<string, string>()
      for (const raw of given) {
        const address = parseAddress(raw, 'validator address')
        checksummed.set(address.toLowerCase(), address)
      }
      const snapshot = await withRpcErrors(context.connection.rpcUrl, () => snapshotRead).catch((error: unknown) => {
        throw explainDevnetUnreachable(error, context.connection)
      })
      const validators = snapshot.validators.map((validator) => ({ ...validator, address: checksummed.get(validator.address)! }))
      const reports = validators.map((validator) => statusJson(validator, snapshot, context.connection))
      const single = given.length === 1
      return { snapshot, validators, connection: context.connection, single, json: single ? reports[0]! : reports }
    } finally {
      context.rpc.destroy()
    }
  })()
  return { sent, reading }
}

function dedupe(addresses: string[]): string[] {
  return [...new Set(addresses)]
}
