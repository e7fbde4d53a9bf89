import type { JsonRpcProvider } from 'ethers'
import { createProvider } from './chain/provider.js'
import { resolveSettings, type ContextFlags, type ResolvedSettings } from './read-context.js'

export type { ContextFlags } from './read-context.js'

export interface ChainContext extends ResolvedSettings {
  provider: JsonRpcProvider
  env: NodeJS.ProcessEnv
}

/** Resolves where to connect and opens a batching provider; nothing is sent yet. */
export function createChainContext(flags: ContextFlags, env: NodeJS.ProcessEnv = process.env): ChainContext {
  const { store, connection } = resolveSettings(flags, env)
  const provider = createProvider(connection.rpcUrl, { chainId: connection.chainId, timeoutMs: flags['rpc-timeout'] * 1000 })
  return { store, connection, provider, env }
}
