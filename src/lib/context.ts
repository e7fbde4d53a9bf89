import type { JsonRpcProvider } from 'ethers'
import { resolveConnection, type Connection, type ConnectionFlags } from './config/connection.js'
import { PRESETS } from './config/networks.js'
import { ConfigStore } from './config/store.js'
import { createProvider } from './chain/rpc.js'

export interface ChainContext {
  store: ConfigStore
  connection: Connection
  provider: JsonRpcProvider
  env: NodeJS.ProcessEnv
}

export interface ContextFlags extends ConnectionFlags {
  'rpc-timeout': number
}

/** Resolves where to connect and opens a batching provider; nothing is sent yet. */
export function createChainContext(flags: ContextFlags, env: NodeJS.ProcessEnv = process.env): ChainContext {
  const store = new ConfigStore(env)
  const connection = resolveConnection({
    flags,
    env,
    settings: store.list(),
    profile: (name) => store.profile(name),
    profileNames: () => store.profileNames().filter((name) => !(name in PRESETS)),
  })
  const provider = createProvider(connection.rpcUrl, { chainId: connection.chainId, timeoutMs: flags['rpc-timeout'] * 1000 })
  return { store, connection, provider, env }
}
