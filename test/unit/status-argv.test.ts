import { describe, expect, it } from 'vitest'
import { parseStatusArgv } from '../../src/launch/status-argv.js'

const A = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const B = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'

describe('parseStatusArgv (the plain forms the launcher runs without oclif)', () => {
  it("reads addresses, --json and the connection flags in both spellings, with oclif's defaults", () => {
    expect(parseStatusArgv([A, '--json', '--network', 'sepolia', `--rpc-url=https://rpc.example/k`, B, '--chain-id', '11155111', '--rpc-timeout=30'])).toEqual({
      flags: { json: true, ledger: false, network: 'sepolia', 'rpc-url': 'https://rpc.example/k', 'chain-id': 11155111, 'rpc-timeout': 30 },
      addresses: [A, B],
    })
    expect(parseStatusArgv([])).toEqual({ flags: { json: false, ledger: false, 'rpc-timeout': 15 }, addresses: [] })
  })

  it('takes everything after -- as an address, as oclif does', () => {
    expect(parseStatusArgv(['--', '--json'])?.addresses).toEqual(['--json'])
  })

  it.each([
    ['a signer flag', ['--ledger']],
    ['a short flag', ['-y']],
    ['an unknown flag', ['--yes']],
    ['a repeated flag', ['--network', 'mainnet', '--network', 'sepolia']],
    ['--json given twice', ['--json', '--json']],
    ['a flag without its value', ['--network']],
    ['a value that looks like a flag', ['--rpc-url', '--json']],
    ['an empty value', ['--network=']],
    ['an integer that is not one', ['--rpc-timeout', '1.5']],
    ['an integer below its minimum', ['--rpc-timeout', '0']],
    ['an integer above its maximum', ['--rpc-timeout', '601']],
    ['a chain id of 0', ['--chain-id=0']],
    ['--json with a value', ['--json=true']],
    ['--help', [A, '--help']],
  ])('leaves %s to oclif', (_what, argv) => {
    expect(parseStatusArgv(argv)).toBeUndefined()
  })
})
