import { addressHex, parseAddress } from '../address.js'
import { withRpcErrors } from '../chain/rpc.js'
import { explainDevnetUnreachable } from '../devnet/not-running.js'
import { createReadContext, type ContextFlags } from '../read-context.js'
import { defaultAddress } from '../default-address.js'
import type { SignerFlags } from '../signers/resolve.js'
import { statusJson, type StatusJson } from './report.js'
import { readSnapshot } from './snapshot.js'

export interface StatusOutput {
  json: StatusJson | StatusJson[]
  /** Empty with --json. */
  text: string
}

export async function showStatus(flags: ContextFlags & SignerFlags & { json?: boolean }, addressArgs: string[]): Promise<StatusOutput> {
  const context = createReadContext(flags)
  const given = addressArgs.length > 0 ? addressArgs : [await defaultAddress(context.store.list(), flags, { prefer: 'validator', example: 'kroma-validator status 0x…' })]
  const single = given.length === 1
  const checksummed = new Map<string, string>()
  const withChecksum = <V extends { address: string }>(validator: V): V => ({ ...validator, address: checksummed.get(validator.address)! })
  let view: typeof import('../ui/status-view.js') | undefined
  // The request needs only each address's digits: it goes out before anything else is done.
  const reading = readSnapshot(context.rpc, context.connection, { validators: dedupe(given.map((raw) => addressHex(raw, 'validator address'))) })
  reading.catch(() => {}) // awaited below, unless an address is refused first
  let loadingView: Promise<unknown> | undefined
  let snapshot
  try {
    // While the node answers: the text view (chalk, cli-table3; --json needs none) loads, and
    // the EIP-55 checksums are checked (keccak, slow in a fresh process).
    await context.rpc.whenSent()
    loadingView = flags.json ? undefined : import('../ui/status-view.js').then((loaded) => (view = loaded))
    loadingView?.catch(() => {}) // awaited below; this only keeps a failure of the read from leaving it unhandled
    for (const raw of given) {
      const address = parseAddress(raw, 'validator address')
      checksummed.set(address.toLowerCase(), address)
    }
    snapshot = await withRpcErrors(context.connection.rpcUrl, () => reading).catch((error: unknown) => {
      throw explainDevnetUnreachable(error, context.connection)
    })
  } finally {
    context.rpc.destroy()
  }
  const validators = snapshot.validators.map(withChecksum)
  const reports = validators.map((validator) => statusJson(validator, snapshot, context.connection))
  let table = ''
  if (loadingView) {
    await loadingView
    table = single ? view!.renderValidator(validators[0]!, snapshot, context.connection) : view!.renderValidatorTable(validators, snapshot, context.connection)
  }
  return { json: single ? reports[0]! : reports, text: table }
}

function dedupe(addresses: string[]): string[] {
  return [...new Set(addresses)]
}
