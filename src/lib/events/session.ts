import { parseAddress } from '../address.js'
import { checkChainId, withRpcErrors } from '../chain/rpc.js'
import { maskUrl } from '../chain/url.js'
import { defaultAddress } from '../default-address.js'
import { CliError, ExitCode } from '../errors.js'
import { createChainContext, type ContextFlags, type ChainContext } from '../chain-context.js'
import type { SignerFlags } from '../signers/resolve.js'
import { LogReadError } from './reader.js'
import { readHead, type Head } from './scan.js'

export interface EventFlags extends ContextFlags, SignerFlags {
  'no-cache': boolean
}

export interface EventSession {
  context: ChainContext
  /** The address asked about: given, else the signer's, else the configured validator. */
  address: string
}

/** Where to connect and whose events: nothing is sent yet. */
export async function openEventSession(flags: EventFlags, addressArg: string | undefined, example: string): Promise<EventSession> {
  const context = createChainContext(flags)
  const address = addressArg !== undefined ? parseAddress(addressArg) : await defaultAddress(context.store.list(), flags, { prefer: 'signer', example })
  return { context, address }
}

/**
 * Runs a read over the chain's events: the chain id checked, the head and its finalized block
 * read; an endpoint that fails or cannot serve the logs is exit 4, naming it.
 */
export async function readEvents<T>(context: ChainContext, body: (chainId: number, head: Head) => Promise<T>): Promise<T> {
  const { connection, rpc } = context
  try {
    return await withRpcErrors(connection.rpcUrl, async () => {
      const chainId = Number(BigInt(String(await rpc.send('eth_chainId', []))))
      checkChainId(chainId, connection.chainId, connection.networkName, connection.rpcUrl)
      return body(chainId, await readHead(rpc))
    })
  } catch (error) {
    if (error instanceof LogReadError) {
      throw new CliError(`The RPC at ${maskUrl(connection.rpcUrl)} cannot serve the logs: ${error.message}.`, {
        code: 'RPC_ERROR',
        exitCode: ExitCode.rpc,
        suggestions: ['Try again later, or use another endpoint (--rpc-url).'],
        cause: error,
      })
    }
    throw error
  } finally {
    rpc.destroy()
  }
}
