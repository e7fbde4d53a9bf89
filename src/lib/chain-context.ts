import type { Interfaces } from '@oclif/core'
import type { connectionFlags } from './input/flags.js'
import { JsonRpcClient } from './chain/json-rpc.js'
import { resolveConnection, type Connection, type ConnectionFlags } from './config/connection.js'
import { PRESETS } from './config/networks.js'
import { ConfigStore } from './config/store.js'

/** The connection flags and the RPC timeout (which has a default), as their definitions type them. */
export type ContextFlags = ConnectionFlags & Pick<Interfaces.InferredFlags<typeof connectionFlags>, 'rpc-timeout'>

/** Where a command connects, from the saved settings, and the client it connects with. */
export interface ChainContext {
  store: ConfigStore
  connection: Connection
  /** The one JSON-RPC client (no ethers): requests made in the same tick travel as one HTTP batch. */
  rpc: JsonRpcClient
  env: NodeJS.ProcessEnv
}

/** Resolves where to connect and opens the JSON-RPC client; nothing is sent yet. */
export function createChainContext(flags: ContextFlags, env: NodeJS.ProcessEnv = process.env): ChainContext {
  const store = new ConfigStore(env)
  const connection = resolveConnection({
    flags,
    env,
    settings: store.list(),
    profile: (name) => store.profile(name),
    profileNames: () => store.profileNames().filter((name) => !(name in PRESETS)),
  })
  return { store, connection, rpc: new JsonRpcClient(connection.rpcUrl, { timeoutMs: flags['rpc-timeout'] * 1000 }), env }
}
