import { parseAddress } from '../address.js'
import { withRpcErrors } from '../chain/rpc.js'
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
  const settings = context.store.list()
  const addresses = addressArgs.length > 0 ? dedupe(addressArgs.map((raw) => parseAddress(raw, 'validator address'))) : [await defaultAddress(settings, flags)]
  const reading = readSnapshot(context.rpc, context.connection, { validators: addresses })
  // The text view (chalk, cli-table3) loads while the node answers; --json does not need it.
  const view = flags.json ? undefined : import('../ui/status-view.js')
  view?.catch(() => {}) // awaited below; this only keeps an early failure of the read from leaving it unhandled
  let snapshot
  try {
    snapshot = await withRpcErrors(context.connection.rpcUrl, () => reading)
  } finally {
    context.rpc.destroy()
  }
  const reports = snapshot.validators.map((validator) => statusJson(validator, snapshot, context.connection))
  const single = addressArgs.length <= 1
  let text = ''
  if (view) {
    const { renderValidator, renderValidatorTable } = await view
    text = single ? renderValidator(snapshot.validators[0]!, snapshot, context.connection) : renderValidatorTable(snapshot.validators, snapshot, context.connection)
  }
  return { json: single ? reports[0]! : reports, text }
}

/** An explicitly chosen signer (--ledger, --keystore) first, then the configured validator, then the environment's key. */
async function defaultAddress(settings: Partial<Record<ConfigKey, string>>, flags: SignerFlags): Promise<string> {
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
