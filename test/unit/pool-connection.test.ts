import { describe, expect, it } from 'vitest'
import { ENV, requireValidatorPool, resolveConnection, type ConnectionFlags } from '../../src/lib/config/connection.js'
import type { ConfigKey } from '../../src/lib/config/store.js'
import { CliError } from '../../src/lib/errors.js'

// From the deployment table (kroma-validator-system.md), not from the code under test.
const MAINNET_POOL = '0xFdFF462845953D90719A78Fd12a2d103541d2103'
const SEPOLIA_POOL = '0xbc171C51D9e3E0b24AA4606824e45F93DdE6E352'
const MAINNET_VM = '0x232277d9672eEdd53c4B26C0F386C2Eb88DC7363'
const MAINNET_AM = '0xa295310DE52b86F236A815AFb2f518F3C0F5A6D3'
const RPC = 'https://rpc.example.com/'
const CUSTOM = {
  'rpc-url': RPC,
  'validator-manager': '0x1000000000000000000000000000000000000001',
  'asset-manager': '0x1000000000000000000000000000000000000011',
}
const POOL = {
  flag: '0x1000000000000000000000000000000000000021',
  env: '0x2000000000000000000000000000000000000022',
  config: '0x3000000000000000000000000000000000000023',
}

function resolve(flags: ConnectionFlags, env: NodeJS.ProcessEnv = {}, settings: Partial<Record<ConfigKey, string>> = {}) {
  return resolveConnection({ flags, env, settings, profile: () => undefined, profileNames: () => [] })
}

function refusal(run: () => unknown): CliError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(CliError)
    return error as CliError
  }
  throw new Error('expected a refusal')
}

describe('the V1 ValidatorPool address', () => {
  it('comes with the mainnet and sepolia presets', () => {
    expect(resolve({ network: 'mainnet', 'rpc-url': RPC }).validatorPool).toBe(MAINNET_POOL)
    expect(resolve({ network: 'sepolia', 'rpc-url': RPC }).validatorPool).toBe(SEPOLIA_POOL)
  })

  it('comes with a network identified by its contract addresses', () => {
    expect(resolve({ 'rpc-url': RPC, 'validator-manager': MAINNET_VM, 'asset-manager': MAINNET_AM }).validatorPool).toBe(MAINNET_POOL)
  })

  it('--validator-pool over VALIDATOR_VALPOOL_ADDRESS over config over the preset, checksummed', () => {
    const env = { [ENV.validatorPool]: POOL.env }
    const settings = { 'validator-pool': POOL.config }
    expect(ENV.validatorPool).toBe('VALIDATOR_VALPOOL_ADDRESS')
    expect(resolve({ ...CUSTOM, 'validator-pool': POOL.flag }, env, settings).validatorPool).toBe(POOL.flag)
    expect(resolve(CUSTOM, env, settings).validatorPool).toBe(POOL.env)
    expect(resolve(CUSTOM, {}, settings).validatorPool).toBe(POOL.config)
  })

  it('a custom deployment without one: undefined, and the pool commands stop with exit 2 saying how to give it', () => {
    const connection = resolve(CUSTOM)
    expect(connection.validatorPool).toBeUndefined()
    const error = refusal(() => requireValidatorPool(connection))
    expect(error).toMatchObject({ code: 'NO_CONTRACT_ADDRESS', exitCode: 2 })
    expect(error.suggestions.join(' ')).toContain('--validator-pool')
    expect(error.suggestions.join(' ')).toContain('VALIDATOR_VALPOOL_ADDRESS')
    expect(error.suggestions.join(' ')).toContain('config set validator-pool')
  })

  it("another network's pool is a mix-up: refused", () => {
    const error = refusal(() => resolve({ network: 'sepolia', 'rpc-url': RPC, 'validator-pool': MAINNET_POOL }))
    expect(error).toMatchObject({ code: 'NETWORK_MISMATCH', exitCode: 2 })
    expect(error.message).toContain("mainnet's")
  })

  it('an invalid address names where it came from', () => {
    const error = refusal(() => resolve(CUSTOM, { [ENV.validatorPool]: '0x1234' }))
    expect(error).toMatchObject({ code: 'INVALID_ADDRESS', exitCode: 2 })
    expect(error.message).toContain('VALIDATOR_VALPOOL_ADDRESS')
  })
})
