import { describe, expect, it } from 'vitest'
import { ENV, requireStatedChain, resolveConnection, type ConnectionFlags, type ConnectionSources } from '../../src/lib/config/connection.js'
import type { NetworkProfile } from '../../src/lib/config/networks.js'
import type { ConfigKey } from '../../src/lib/config/store.js'
import { CliError } from '../../src/lib/errors.js'

// From the deployed-system table (kroma-validator-system.md), not from the code under test.
const MAINNET = {
  chainId: 1,
  validatorManager: '0x232277d9672eEdd53c4B26C0F386C2Eb88DC7363',
  assetManager: '0xa295310DE52b86F236A815AFb2f518F3C0F5A6D3',
}
const SEPOLIA = {
  chainId: 11155111,
  validatorManager: '0x18189f55FD29759CE51F13DCF0A9cCC1E41dFCC7',
  assetManager: '0x5E9c8dB8f0aE21eA23eF53893dE2474E07D1CD91',
}

// Custom deployments: addresses of no known network.
const VM = {
  flag: '0x1000000000000000000000000000000000000001',
  env: '0x2000000000000000000000000000000000000002',
  config: '0x3000000000000000000000000000000000000003',
}
const AM = {
  flag: '0x1000000000000000000000000000000000000011',
  env: '0x2000000000000000000000000000000000000022',
  config: '0x3000000000000000000000000000000000000033',
}
const RPC = { flag: 'https://flag.example.com/', env: 'https://env.example.com/', config: 'https://config.example.com/' }

interface Input {
  flags?: ConnectionFlags
  env?: NodeJS.ProcessEnv
  settings?: Partial<Record<ConfigKey, string>>
  profiles?: Record<string, NetworkProfile>
}

function resolve(input: Input) {
  const profiles = input.profiles ?? {}
  const sources: ConnectionSources = {
    flags: input.flags ?? {},
    env: input.env ?? {},
    settings: input.settings ?? {},
    profile: (name) => profiles[name],
    profileNames: () => Object.keys(profiles),
  }
  return resolveConnection(sources)
}

function refusal(input: Input): CliError {
  try {
    resolve(input)
  } catch (error) {
    expect(error).toBeInstanceOf(CliError)
    return error as CliError
  }
  throw new Error('expected a refusal')
}

const allFlags: ConnectionFlags = { 'rpc-url': RPC.flag, 'validator-manager': VM.flag, 'asset-manager': AM.flag }
const allEnv = { [ENV.rpcUrl]: RPC.env, [ENV.validatorManager]: VM.env, [ENV.assetManager]: AM.env }
const allSettings = { 'rpc-url': RPC.config, 'validator-manager': VM.config, 'asset-manager': AM.config }

describe('order of precedence', () => {
  it('flags over environment over config', () => {
    expect(resolve({ flags: allFlags, env: allEnv, settings: allSettings })).toMatchObject({
      rpcUrl: RPC.flag,
      validatorManager: VM.flag,
      assetManager: AM.flag,
    })
    expect(resolve({ env: allEnv, settings: allSettings })).toMatchObject({ rpcUrl: RPC.env, validatorManager: VM.env, assetManager: AM.env })
    expect(resolve({ settings: allSettings })).toMatchObject({ rpcUrl: RPC.config, validatorManager: VM.config, assetManager: AM.config })
  })

  it('each setting independently', () => {
    const mixed = resolve({ flags: { 'asset-manager': AM.flag }, env: { [ENV.rpcUrl]: RPC.env }, settings: allSettings })
    expect(mixed).toMatchObject({ rpcUrl: RPC.env, validatorManager: VM.config, assetManager: AM.flag })
  })

  it('the kroma-up variable names', () => {
    expect(ENV).toMatchObject({
      rpcUrl: 'VALIDATOR_L1_ETH_RPC',
      validatorManager: 'VALIDATOR_VALMGR_ADDRESS',
      assetManager: 'VALIDATOR_ASSETMANAGER_ADDRESS',
      network: 'KROMA_NETWORK',
    })
    const fromEnv = resolve({
      env: { VALIDATOR_L1_ETH_RPC: RPC.env, VALIDATOR_VALMGR_ADDRESS: VM.env, VALIDATOR_ASSETMANAGER_ADDRESS: AM.env },
    })
    expect(fromEnv).toMatchObject({ rpcUrl: RPC.env, validatorManager: VM.env, assetManager: AM.env })
  })

  it('empty or blank values are skipped (a kroma-up .env with unset entries)', () => {
    const connection = resolve({
      flags: { 'rpc-url': '' },
      env: { [ENV.rpcUrl]: '  ', [ENV.validatorManager]: '', [ENV.network]: '' },
      settings: allSettings,
    })
    expect(connection).toMatchObject({ rpcUrl: RPC.config, validatorManager: VM.config, networkName: undefined })
  })

  it('network: flag over KROMA_NETWORK over config', () => {
    const base = { 'rpc-url': RPC.flag }
    expect(resolve({ flags: { ...base, network: 'sepolia' }, env: { KROMA_NETWORK: 'mainnet' }, settings: { network: 'mainnet' } })).toMatchObject({
      networkName: 'sepolia',
      chainId: SEPOLIA.chainId,
    })
    expect(resolve({ flags: base, env: { KROMA_NETWORK: 'sepolia' }, settings: { network: 'mainnet' } })).toMatchObject({
      networkName: 'sepolia',
      chainId: SEPOLIA.chainId,
    })
    expect(resolve({ flags: base, settings: { network: 'sepolia' } })).toMatchObject({ networkName: 'sepolia', chainId: SEPOLIA.chainId })
  })

  it('the preset gives the contracts; any other layer overrides them', () => {
    const preset = resolve({ flags: { network: 'mainnet', 'rpc-url': RPC.flag } })
    expect(preset).toMatchObject({
      validatorManager: MAINNET.validatorManager,
      assetManager: MAINNET.assetManager,
      chainId: 1,
      explorer: 'https://etherscan.io',
      devnet: false,
    })
    const overridden = resolve({ flags: { network: 'mainnet', 'rpc-url': RPC.flag }, settings: { 'validator-manager': VM.config } })
    expect(overridden).toMatchObject({ validatorManager: VM.config, assetManager: MAINNET.assetManager, chainId: 1, networkName: 'mainnet' })
  })

  it('a saved profile gives its RPC, contracts, chain and multicall', () => {
    const devnet: NetworkProfile = {
      name: 'devnet',
      chainId: 31337,
      rpcUrl: 'http://127.0.0.1:8545',
      validatorManager: VM.config,
      assetManager: AM.config,
      multicall3: '0x4000000000000000000000000000000000000004',
      devnet: true,
    }
    const connection = resolve({ flags: { network: 'devnet' }, profiles: { devnet } })
    expect(connection).toMatchObject({
      networkName: 'devnet',
      chainId: 31337,
      rpcUrl: devnet.rpcUrl,
      validatorManager: VM.config,
      assetManager: AM.config,
      devnet: true,
    })
    // The environment still wins over the profile's RPC.
    expect(resolve({ flags: { network: 'devnet' }, env: { [ENV.rpcUrl]: RPC.env }, profiles: { devnet } }).rpcUrl).toBe(RPC.env)
  })

  it('addresses come out checksummed whatever their case', () => {
    const connection = resolve({
      flags: { 'rpc-url': RPC.flag, 'validator-manager': SEPOLIA.validatorManager.toLowerCase(), 'asset-manager': SEPOLIA.assetManager.toLowerCase() },
    })
    expect(connection.validatorManager).toBe(SEPOLIA.validatorManager)
    expect(connection.assetManager).toBe(SEPOLIA.assetManager)
  })
})

describe('identifying a preset by its addresses', () => {
  it.each([
    ['mainnet', MAINNET],
    ['sepolia', SEPOLIA],
  ] as const)('%s addresses without a network name are %s', (name, preset) => {
    const connection = resolve({ env: { [ENV.rpcUrl]: RPC.env, [ENV.validatorManager]: preset.validatorManager, [ENV.assetManager]: preset.assetManager } })
    expect(connection).toMatchObject({ networkName: name, chainId: preset.chainId })
    const lower = resolve({
      env: { [ENV.rpcUrl]: RPC.env, [ENV.validatorManager]: preset.validatorManager.toLowerCase(), [ENV.assetManager]: preset.assetManager.toLowerCase() },
    })
    expect(lower).toMatchObject({ networkName: name, chainId: preset.chainId })
  })

  it('custom addresses name no network and state no chain', () => {
    const connection = resolve({ flags: allFlags })
    expect(connection.networkName).toBeUndefined()
    expect(connection.chainId).toBeUndefined()
    expect(connection.explorer).toBeUndefined()
    expect(() => requireStatedChain(connection)).toThrow(CliError)
  })

  it('--chain-id or KROMA_CHAIN_ID states the chain of a custom deployment', () => {
    expect(resolve({ flags: { ...allFlags, 'chain-id': 31337 } }).chainId).toBe(31337)
    expect(resolve({ flags: allFlags, env: { KROMA_CHAIN_ID: '17000' } }).chainId).toBe(17000)
    expect(resolve({ flags: { ...allFlags, 'chain-id': 31337 }, env: { KROMA_CHAIN_ID: '17000' } }).chainId).toBe(31337)
    expect(requireStatedChain(resolve({ flags: { ...allFlags, 'chain-id': 31337 } }))).toBe(31337)
  })

  it('a mainnet ValidatorManager with a sepolia AssetManager is refused', () => {
    const error = refusal({ env: { [ENV.rpcUrl]: RPC.env, [ENV.validatorManager]: MAINNET.validatorManager, [ENV.assetManager]: SEPOLIA.assetManager } })
    expect(error.exitCode).toBe(2)
    expect(error.code).toBe('NETWORK_MISMATCH')
    expect(error.message).toContain('mainnet')
    expect(error.message).toContain('sepolia')
  })
})

describe('mix-ups are refused', () => {
  it.each([
    ['VALIDATOR_VALMGR_ADDRESS', { env: { [ENV.validatorManager]: MAINNET.validatorManager } }],
    ['VALIDATOR_ASSETMANAGER_ADDRESS', { env: { [ENV.assetManager]: MAINNET.assetManager } }],
    ['config validator-manager', { settings: { 'validator-manager': MAINNET.validatorManager } }],
    ['--asset-manager', { flags: { 'asset-manager': MAINNET.assetManager } }],
  ] as const)('a mainnet address from %s with network sepolia', (source, input) => {
    const error = refusal({ ...input, flags: { ...(('flags' in input && input.flags) || {}), network: 'sepolia', 'rpc-url': RPC.flag } })
    expect(error.exitCode).toBe(2)
    expect(error.code).toBe('NETWORK_MISMATCH')
    expect(error.message).toContain(source)
    expect(error.message).toContain('mainnet')
    expect(error.message).toContain('sepolia')
  })

  it('a sepolia address with network mainnet (from KROMA_NETWORK)', () => {
    const error = refusal({ env: { KROMA_NETWORK: 'mainnet', [ENV.rpcUrl]: RPC.env, [ENV.validatorManager]: SEPOLIA.validatorManager } })
    expect(error.code).toBe('NETWORK_MISMATCH')
  })

  it.each([
    [{ network: 'sepolia', 'chain-id': 1 }, {}],
    [{ network: 'mainnet', 'chain-id': 11155111 }, {}],
    [{ network: 'mainnet' }, { KROMA_CHAIN_ID: '5' }],
  ] as const)('a chain id that contradicts the network (%j %j)', (flags, env) => {
    const error = refusal({ flags: { ...flags, 'rpc-url': RPC.flag }, env })
    expect(error.exitCode).toBe(2)
    expect(error.code).toBe('NETWORK_MISMATCH')
    const stated = 'chain-id' in flags ? flags['chain-id'] : Number((env as { KROMA_CHAIN_ID: string }).KROMA_CHAIN_ID)
    expect(error.message).toMatch(new RegExp(`\\b${stated}\\b`))
    expect(error.message).toContain(flags.network)
  })

  it('a chain id that contradicts the network identified by addresses', () => {
    const error = refusal({
      flags: { 'rpc-url': RPC.flag, 'validator-manager': MAINNET.validatorManager, 'asset-manager': MAINNET.assetManager, 'chain-id': 5 },
    })
    expect(error.code).toBe('NETWORK_MISMATCH')
    expect(error.message).toContain('mainnet')
  })

  it('a chain id that agrees with the network is fine', () => {
    expect(resolve({ flags: { network: 'sepolia', 'chain-id': 11155111, 'rpc-url': RPC.flag } }).chainId).toBe(11155111)
  })
})

describe('missing or invalid input', () => {
  it('no RPC anywhere: exit 2 saying where to set it', () => {
    for (const input of [
      { flags: { 'validator-manager': VM.flag, 'asset-manager': AM.flag } },
      { flags: { network: 'mainnet' } },
      { settings: { network: 'sepolia' } },
    ]) {
      const error = refusal(input)
      expect(error.exitCode).toBe(2)
      expect(error.code).toBe('NO_RPC_URL')
      expect(error.suggestions.join(' ')).toContain('VALIDATOR_L1_ETH_RPC')
      expect(error.suggestions.join(' ')).toContain('--rpc-url')
    }
  })

  it('no contract address and no network: exit 2', () => {
    const error = refusal({ flags: { 'rpc-url': RPC.flag, 'asset-manager': AM.flag } })
    expect(error.exitCode).toBe(2)
    expect(error.code).toBe('NO_CONTRACT_ADDRESS')
    expect(error.message).toContain('ValidatorManager')
  })

  it.each(['ws://127.0.0.1:8546', 'file:///etc/passwd', 'not a url', '127.0.0.1:8545'])('an RPC URL such as %j: exit 2', (url) => {
    const error = refusal({ flags: { ...allFlags, 'rpc-url': url } })
    expect(error.exitCode).toBe(2)
    expect(error.code).toBe('INVALID_RPC_URL')
  })

  it('an invalid RPC URL is not quoted back (it may hold a key)', () => {
    const key = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6'
    const error = refusal({ env: { [ENV.rpcUrl]: `wss://eth.example.com/v2/${key}` }, flags: { 'validator-manager': VM.flag, 'asset-manager': AM.flag } })
    expect(error.message).toContain(ENV.rpcUrl)
    expect(error.message + error.suggestions.join(' ')).not.toContain(key)
  })

  it('an unknown network: exit 2 listing the known ones', () => {
    const error = refusal({ env: { KROMA_NETWORK: 'goerli', [ENV.rpcUrl]: RPC.env } })
    expect(error.exitCode).toBe(2)
    expect(error.code).toBe('UNKNOWN_NETWORK')
    expect(error.message).toContain('goerli')
    expect(error.message).toContain('KROMA_NETWORK')
    // The known networks once, as the suggestion.
    expect(error.suggestions).toEqual(['Known networks: mainnet, sepolia.'])
    expect(error.message).not.toContain('mainnet')
  })

  it('an invalid address names its source', () => {
    const error = refusal({ flags: { 'rpc-url': RPC.flag, 'asset-manager': AM.flag }, env: { [ENV.validatorManager]: '0x1234' } })
    expect(error.exitCode).toBe(2)
    expect(error.code).toBe('INVALID_ADDRESS')
    expect(error.message).toContain('VALIDATOR_VALMGR_ADDRESS')
  })

  it('an invalid KROMA_CHAIN_ID: exit 2', () => {
    const error = refusal({ flags: allFlags, env: { KROMA_CHAIN_ID: 'one' } })
    expect(error.exitCode).toBe(2)
    expect(error.code).toBe('INVALID_CHAIN_ID')
  })
})
