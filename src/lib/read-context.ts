import { JsonRpcClient } from './chain/json-rpc.js'
import { resolveConnection, type Connection, type ConnectionFlags } from './config/connection.js'
import { PRESETS } from './config/networks.js'
import { ConfigStore } from './config/store.js'

export interface ContextFlags extends ConnectionFlags {
  'rpc-timeout': number
}

export interface ResolvedSettings {
  store: ConfigStore
  connection: Connection
}

/** The saved settings and where they say to connect. */
export function resolveSettings(flags: ContextFlags, env: NodeJS.ProcessEnv): ResolvedSettings {
  const store = new ConfigStore(env)
  const connection = resolveConnection({
    flags,
    env,
    settings: store.list(),
    profile: (name) => store.profile(name),
    profileNames: () => store.profileNames().filter((name) => !(name in PRESETS)),
  })
  return { store, connection }
}

export interface ReadContext extends ResolvedSettings {
  rpc: JsonRpcClient
}

/** For commands that only read: a plain JSON-RPC client, so nothing of ethers is loaded. */
export function createReadContext(flags: ContextFlags, env: NodeJS.ProcessEnv = process.env): ReadContext {
  const { store, connection } = resolveSettings(flags, env)
  return { store, connection, rpc: new JsonRpcClient(connection.rpcUrl, { timeoutMs: flags['rpc-timeout'] * 1000 }) }
}
