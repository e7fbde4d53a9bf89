// What a devnet that is not running looks like to the commands that use it (status and the
// sending commands with --network devnet), kept light: no ethers, no anvil.
import { maskUrl } from '../chain/url.js'
import type { Connection } from './connection.js'
import { CliError, ExitCode } from '../errors.js'
import { devnetPaths, isAnvilProcess, readDevnetState } from './devnet-state.js'

export const START_HINT = 'Start one with `kroma-validator devnet start` (in another terminal) or `kroma-validator devnet start --detach`.'

export function devnetNotRunning(message: string, details: Record<string, unknown> = {}): CliError {
  return new CliError(message, { code: 'DEVNET_NOT_RUNNING', exitCode: ExitCode.rpc, suggestions: [START_HINT], details: { running: false, ...details } })
}

/**
 * An unreachable RPC of the saved devnet profile, with no devnet running for this
 * configuration (stopped, or gone with a reboot), is said as that; any other error is returned
 * as it is.
 */
export function explainDevnetUnreachable(error: unknown, connection: Connection, env: NodeJS.ProcessEnv = process.env): unknown {
  if (!connection.devnet || !(error instanceof CliError) || error.code !== 'RPC_UNREACHABLE') return error
  const state = readDevnetState(devnetPaths(env))
  if (state !== undefined && isAnvilProcess(state.pid)) return error
  return devnetNotRunning(`The devnet is not running: nothing answers at ${maskUrl(connection.rpcUrl)}.`, { rpcUrl: maskUrl(connection.rpcUrl) })
}
