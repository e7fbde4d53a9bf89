import type { ContextFlags } from '../chain-context.js'
import type { SignerFlags } from '../signers/resolve.js'
import type { StatusJson } from '../validator/report.js'
import { startStatusRead } from '../validator/read-status.js'
import type { CommandOutput } from '../ui/output.js'

/**
 * `status` as printed, for the command and for the launcher's fast lane: the text view (chalk,
 * cli-table3; --json needs none) loads while the node answers.
 */
export async function statusOutput(
  flags: ContextFlags & SignerFlags & { json?: boolean },
  addressArgs: string[],
): Promise<CommandOutput<StatusJson | StatusJson[]>> {
  const read = await startStatusRead(flags, addressArgs)
  read.reading.catch(() => {}) // awaited below; this only keeps a failure during the view's load from going unhandled
  await read.sent
  const view = flags.json ? undefined : import('../ui/status-view.js')
  view?.catch(() => {}) // awaited below
  const reading = await read.reading
  if (!view) return { json: reading.json, text: '' }
  const { renderValidator, renderValidatorTable } = await view
  const text = reading.single
    ? renderValidator(reading.validators[0]!, reading.snapshot, reading.connection)
    : renderValidatorTable(reading.validators, reading.snapshot, reading.connection)
  return { json: reading.json, text }
}
