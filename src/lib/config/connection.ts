import type { Interfaces } from '@oclif/core'
import type { connectionFlags, poolFlags } from '../input/flags.js'
import { parseAddress } from '../address.js'
import { CliError, ExitCode, invalidInput } from '../errors.js'
import { PRESETS, presetByValidatorManager, type DeploymentBlocks, type NetworkProfile } from './networks.js'
import type { ConfigKey } from './store.js'

/** The connection flags, as their definitions type them; the pool's only on the commands that use it. */
export type ConnectionFlags = Partial<Omit<Interfaces.InferredFlags<typeof connectionFlags & typeof poolFlags>, 'json' | 'rpc-timeout'>>

export interface Connection {
  /** The stated network, or the preset identified by its contract addresses. */
  networkName?: string
  /** The chain the RPC must be on; undefined when nothing states it (then only reads run). */
  chainId?: number
  rpcUrl: string
  validatorManager: string
  assetManager: string
  /** The V1 ValidatorPool: the network's, or given; undefined when neither (see requireValidatorPool). */
  validatorPool?: string
  explorer?: string
  devnet: boolean
  /** Where the contracts' history starts, for a known network. */
  deploymentBlocks?: DeploymentBlocks
}

export interface ConnectionSources {
  flags: ConnectionFlags
  env: NodeJS.ProcessEnv
  settings: Partial<Record<ConfigKey, string>>
  profile(name: string): NetworkProfile | undefined
  profileNames(): string[]
}

export const ENV = {
  rpcUrl: 'VALIDATOR_L1_ETH_RPC',
  validatorManager: 'VALIDATOR_VALMGR_ADDRESS',
  assetManager: 'VALIDATOR_ASSETMANAGER_ADDRESS',
  network: 'KROMA_NETWORK',
  validatorPool: 'VALIDATOR_VALPOOL_ADDRESS',
  chainId: 'KROMA_CHAIN_ID',
} as const

interface Sourced {
  value: string
  source: string
}

function firstOf(...candidates: Array<[string | undefined, string]>): Sourced | undefined {
  for (const [value, source] of candidates) {
    if (value !== undefined && value.trim() !== '') return { value: value.trim(), source }
  }
  return undefined
}

/**
 * Resolves where to connect: flags, then the kroma-up environment names, then the saved
 * configuration, then the network preset or profile. Nothing is guessed: an RPC URL alone
 * says nothing about which chain it serves, so the expected chain comes only from a stated
 * network, a chain id, or contract addresses that belong to a known network.
 */
export function resolveConnection(sources: ConnectionSources): Connection {
  const { flags, env, settings } = sources
  const networkChoice = firstOf([flags.network, '--network'], [env[ENV.network], ENV.network], [settings.network, 'config network'])
  let profile: NetworkProfile | undefined
  if (networkChoice) {
    profile = PRESETS[networkChoice.value] ?? sources.profile(networkChoice.value)
    if (!profile) {
      const known = [...Object.keys(PRESETS), ...sources.profileNames()].join(', ')
      throw invalidInput('UNKNOWN_NETWORK', `Unknown network "${networkChoice.value}" (from ${networkChoice.source}).`, [`Known networks: ${known}.`])
    }
  }

  const rpc = firstOf(
    [flags['rpc-url'], '--rpc-url'],
    [env[ENV.rpcUrl], ENV.rpcUrl],
    [settings['rpc-url'], 'config rpc-url'],
    [profile?.rpcUrl, `network ${profile?.name}`],
  )
  if (!rpc) {
    throw invalidInput('NO_RPC_URL', 'No L1 RPC endpoint is set.', [
      `Pass --rpc-url <url>, set ${ENV.rpcUrl} (as in kroma-up's .env), or run \`kroma-validator config set rpc-url <url>\`.`,
    ])
  }
  const rpcUrl = parseRpcUrl(rpc)

  const validatorManager = resolveContract('ValidatorManager', profile, [
    [flags['validator-manager'], '--validator-manager'],
    [env[ENV.validatorManager], ENV.validatorManager],
    [settings['validator-manager'], 'config validator-manager'],
  ])
  const assetManager = resolveContract('AssetManager', profile, [
    [flags['asset-manager'], '--asset-manager'],
    [env[ENV.assetManager], ENV.assetManager],
    [settings['asset-manager'], 'config asset-manager'],
  ])

  // Contract addresses of a known network identify it when no network was named.
  const identified = profile ?? presetByValidatorManager(validatorManager.value)
  const chainId = resolveChainId(flags, env, identified)
  if (identified && identified !== profile) checkBelongs(identified, assetManager, 'assetManager', 'AssetManager')
  const validatorPool = resolveValidatorPool(sources, identified)

  return {
    networkName: identified?.name,
    chainId,
    rpcUrl,
    validatorManager: validatorManager.value,
    assetManager: assetManager.value,
    validatorPool,
    explorer: identified?.explorer,
    devnet: profile?.devnet ?? false,
    deploymentBlocks: identified?.deploymentBlocks,
  }
}

function resolveContract(label: string, profile: NetworkProfile | undefined, candidates: Array<[string | undefined, string]>): Sourced {
  const key = label === 'ValidatorManager' ? 'validatorManager' : 'assetManager'
  const chosen = firstOf(...candidates, [profile?.[key], `network ${profile?.name}`])
  if (!chosen) {
    const flag = label === 'ValidatorManager' ? '--validator-manager' : '--asset-manager'
    throw invalidInput('NO_CONTRACT_ADDRESS', `No ${label} address is set.`, [`Pick a network with --network mainnet|sepolia, or pass ${flag} <address>.`])
  }
  const value = parseAddress(chosen.value, `${label} address (from ${chosen.source})`)
  // An address from another layer that belongs to a different known network is a mix-up
  // (e.g. a mainnet .env with --network sepolia): stop before anything reads or sends.
  if (profile) checkBelongs(profile, { value, source: chosen.source }, key, label)
  return { value, source: chosen.source }
}

/** The V1 ValidatorPool: given (flag, kroma-up variable, config), else the network's. */
function resolveValidatorPool(sources: ConnectionSources, network: NetworkProfile | undefined): string | undefined {
  const chosen = firstOf(
    [sources.flags['validator-pool'], '--validator-pool'],
    [sources.env[ENV.validatorPool], ENV.validatorPool],
    [sources.settings['validator-pool'], 'config validator-pool'],
    [network?.validatorPool, `network ${network?.name}`],
  )
  if (!chosen) return undefined
  const value = parseAddress(chosen.value, `ValidatorPool address (from ${chosen.source})`)
  if (network) checkBelongs(network, { value, source: chosen.source }, 'validatorPool', 'ValidatorPool')
  return value
}

/** Commands on the V1 ValidatorPool need its address; a custom deployment gives it. */
export function requireValidatorPool(connection: Connection): string {
  if (connection.validatorPool !== undefined) return connection.validatorPool
  throw invalidInput('NO_CONTRACT_ADDRESS', 'No ValidatorPool address is set: this network has no V1 ValidatorPool preset.', [
    `Pass --validator-pool <address>, set ${ENV.validatorPool} (as in kroma-up's .env), or run \`kroma-validator config set validator-pool <address>\`; mainnet and sepolia know theirs.`,
  ])
}

function checkBelongs(profile: NetworkProfile, chosen: Sourced, key: 'validatorManager' | 'assetManager' | 'validatorPool', label: string): void {
  const owner = Object.values(PRESETS).find((preset) => preset[key]?.toLowerCase() === chosen.value.toLowerCase())
  if (owner && owner.name !== profile.name) {
    throw invalidInput('NETWORK_MISMATCH', `The ${label} address from ${chosen.source} is ${owner.name}'s, but the network is ${profile.name}.`, [
      `Unset ${chosen.source} or choose --network ${owner.name}.`,
    ])
  }
}

function resolveChainId(flags: ConnectionFlags, env: NodeJS.ProcessEnv, identified: NetworkProfile | undefined): number | undefined {
  const stated = flags['chain-id'] ?? parseChainIdEnv(env[ENV.chainId])
  if (stated !== undefined && identified && stated !== identified.chainId) {
    throw invalidInput('NETWORK_MISMATCH', `Chain id ${stated} contradicts network ${identified.name} (chain ${identified.chainId}).`, [
      'Drop --chain-id, or choose the network that runs on that chain.',
    ])
  }
  return identified?.chainId ?? stated
}

function parseChainIdEnv(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined
  if (!/^\d{1,15}$/.test(raw.trim())) {
    throw invalidInput('INVALID_CHAIN_ID', `Invalid ${ENV.chainId} "${raw}". Accepted form: a positive whole number, e.g. 1 or 11155111.`)
  }
  return Number(raw.trim())
}

export const RPC_URL_FORM = 'Accepted form: an http:// or https:// URL, e.g. https://ethereum-rpc.example.com/<key>.'

function parseRpcUrl(chosen: Sourced): string {
  let url: URL
  try {
    url = new URL(chosen.value)
  } catch {
    throw invalidInput('INVALID_RPC_URL', `Invalid RPC URL (from ${chosen.source}).`, [RPC_URL_FORM])
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidInput('INVALID_RPC_URL', `Unsupported RPC URL scheme "${url.protocol}" (from ${chosen.source}).`, [RPC_URL_FORM])
  }
  return chosen.value
}

/** Sending needs a stated chain: a transaction is never sent on a network that was guessed. */
export function requireStatedChain(connection: Connection): number {
  if (connection.chainId === undefined) {
    throw new CliError('Which network is this? The contract addresses belong to no known network and no network was named, so nothing will be sent.', {
      code: 'NETWORK_NOT_STATED',
      exitCode: ExitCode.invalidInput,
      suggestions: ['Pass --network <name> (mainnet, sepolia or a saved profile), or --chain-id <id> for a custom deployment.'],
    })
  }
  return connection.chainId
}
