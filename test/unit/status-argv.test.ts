import { describe, expect, it } from 'vitest'
import Status from '../../src/commands/status.js'
import { parseStatusArgv, type FlagDefinition } from '../../src/launch/status-argv.js'

const A = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const B = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'

/** The status command's own flag definitions (the launcher reads the same from oclif's manifest). */
const parse = (argv: string[]) => parseStatusArgv(argv, Status.flags)

describe('parseStatusArgv (the plain forms the launcher runs without oclif)', () => {
  it("reads addresses, --json and the connection flags in both spellings, with oclif's defaults", () => {
    expect(parse([A, '--json', '--network', 'sepolia', `--rpc-url=https://rpc.example/k`, B, '--chain-id', '11155111', '--rpc-timeout=30'])).toEqual({
      flags: { json: true, ledger: false, network: 'sepolia', 'rpc-url': 'https://rpc.example/k', 'chain-id': 11155111, 'rpc-timeout': 30 },
      addresses: [A, B],
    })
    expect(parse([])).toEqual({ flags: { json: false, ledger: false, 'rpc-timeout': 15 }, addresses: [] })
  })

  it('takes everything after -- as an address, as oclif does', () => {
    expect(parse(['--', '--json', '-'])?.addresses).toEqual(['--json', '-'])
  })

  it('reads integers at their bounds', () => {
    expect(parse(['--rpc-timeout', '1'])?.flags['rpc-timeout']).toBe(1)
    expect(parse(['--rpc-timeout', '600'])?.flags['rpc-timeout']).toBe(600)
    expect(parse(['--chain-id', '1'])?.flags['chain-id']).toBe(1)
    expect(parse(['--chain-id', String(Number.MAX_SAFE_INTEGER)])?.flags['chain-id']).toBe(Number.MAX_SAFE_INTEGER)
  })

  it.each([
    ['a signer flag', ['--ledger']],
    ['a signer flag with a value', ['--keystore', 'key.json']],
    ['a short flag', ['-y']],
    ['an unknown flag', ['--yes']],
    ['a repeated flag', ['--network', 'mainnet', '--network', 'sepolia']],
    ['a flag repeated in the other spelling', ['--network', 'mainnet', '--network=sepolia']],
    ['--json given twice', ['--json', '--json']],
    ['a flag without its value', ['--network']],
    ['a value that looks like a flag', ['--rpc-url', '--json']],
    ['a dash-led value after =', ['--network=-x']],
    ['an empty value', ['--network=']],
    ['a lone dash', ['-']],
    ['an integer that is not one', ['--rpc-timeout', '1.5']],
    ['a negative integer', ['--rpc-timeout=-1']],
    ['an integer below its minimum', ['--rpc-timeout', '0']],
    ['an integer above its maximum', ['--rpc-timeout', '601']],
    ['a chain id of 0', ['--chain-id=0']],
    ['a chain id a number does not hold exactly', ['--chain-id', '9007199254740993']],
    ['--json with a value', ['--json=true']],
    ['--help', [A, '--help']],
  ])('leaves %s to oclif', (_what, argv) => {
    expect(parse(argv)).toBeUndefined()
  })
})

describe('parseStatusArgv reads what it takes from the definitions', () => {
  const json: FlagDefinition = { type: 'boolean', allowNo: false }
  const network: FlagDefinition = { type: 'option', multiple: false }

  it('takes the flags a definition names, with their defaults', () => {
    expect(parseStatusArgv(['--network', 'mainnet'], { json, network, label: { type: 'option', default: 'main' } })).toEqual({
      flags: { json: false, network: 'mainnet', label: 'main' },
      addresses: [],
    })
    expect(parseStatusArgv(['--network', 'mainnet'], { json })).toBeUndefined()
  })

  it.each<[string, FlagDefinition]>([
    ['of the signer group', { ...network, helpGroup: 'SIGNER' }],
    ['read from an environment variable', { ...network, env: 'KROMA_NETWORK' }],
    ['given several times', { ...network, multiple: true }],
    ['with a choice of values', { ...network, options: ['mainnet', 'sepolia'] }],
    ['depending on another flag', { ...network, dependsOn: ['json'] }],
    ['exclusive with another flag', { ...network, exclusive: ['json'] }],
    ['with aliases', { ...network, aliases: ['net'] }],
    ['deprecated', { ...network, deprecated: true }],
  ])('leaves a flag %s to oclif', (_what, definition) => {
    expect(parseStatusArgv(['--network', 'mainnet'], { json, network: definition })).toBeUndefined()
    expect(parseStatusArgv([], { json, network: definition })).toEqual({ flags: { json: false }, addresses: [] })
  })

  it('leaves a --no- boolean to oclif', () => {
    expect(parseStatusArgv(['--json'], { json: { ...json, allowNo: true } })).toBeUndefined()
  })

  it('leaves a run without a required flag to oclif', () => {
    expect(parseStatusArgv([], { json, network: { ...network, required: true } })).toBeUndefined()
    expect(parseStatusArgv(['--network', 'mainnet'], { json, network: { ...network, required: true } })?.flags).toEqual({ json: false, network: 'mainnet' })
  })

  it('leaves a computed default to oclif', () => {
    expect(parseStatusArgv([], { json, network: { ...network, default: () => Promise.resolve('mainnet') } })).toBeUndefined()
  })
})
