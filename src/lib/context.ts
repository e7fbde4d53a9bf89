import { JsonRpcClient } from './chain/json-rpc.js'
import { resolveSettings, type ContextFlags, type ResolvedSettings } from './read-context.js'

export type { ContextFlags } from './read-context.js'

export interface ChainContext extends ResolvedSettings {
  /** The one JSON-RPC client: requests made in the same tick travel as one HTTP batch. */
  provider: JsonRpcClient
  env: NodeJS.ProcessEnv
}

/** Resolves where to connect and opens the JSON-RPC client; nothing is sent yet. */
export function createChainContext(flags: ContextFlags, env: NodeJS.ProcessEnv = process.env): ChainContext {
  const { store, connection } = resolveSettings(flags, env)
  return { store, connection, provider: new JsonRpcClient(connection.rpcUrl, { timeoutMs: flags['rpc-timeout'] * 1000 }), env }
}
