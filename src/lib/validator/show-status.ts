import { addressHex, parseAddress } from '../address.js'
import { withRpcErrors } from '../chain/rpc.js'
import { explainDevnetUnreachable } from '../devnet/not-running.js'
import { createReadContext, type ContextFlags } from '../read-context.js'
import type { ConfigKey } from '../config/store.js'
import { CliError, ExitCode } from '../errors.js'
import { resolveSignerSource, type SignerFlags } from '../signers/resolve.js'
import { statusJson, type StatusJson } from './report.js'
import { readSnapshot } from './snapshot.js'

export interface StatusOutput {
  json: StatusJson | StatusJson[]
  /** Empty with --json. */
  text: string
}

export async function showStatus(flags: ContextFlags & SignerFlags & { json?: boolean }, addressArgs: string[]): Promise<StatusOutput> {
  const context = createReadContext(flags)
  const given = addressArgs.length > 0 ? addressArgs : [await defaultAddress(context.store.list(), flags)]
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

/** An explicitly chosen signer (--ledger, --keystore) first, then the configured validator, then the environment's key. */
export async function defaultAddress(settings: Partial<Record<ConfigKey, string>>, flags: SignerFlags): Promise<string> {
  const explicit = flags.ledger || flags.keystore !== undefined
  if (!explicit && settings.validator) return parseAddress(settings.validator, 'configured validator address (config validator)')
  const source = resolveSignerSource(flags, process.env, settings)
  if (!source) {
    throw new CliError('Which validator? No address was given and none is configured.', {
      code: 'NO_ADDRESS',
      exitCode: ExitCode.invalidInput,
      suggestions: ['Pass an address: `kroma-validator status 0x…`, or save one: `kroma-validator config set validator 0x…`.'],
    })
  }
  // Only here is a signer opened (ethers): status of a given or configured address never loads it.
  const { signerAddress } = await import('../signers/open.js')
  return signerAddress(source, { env: process.env })
}

function dedupe(addresses: string[]): string[] {
  return [...new Set(addresses)]
}
