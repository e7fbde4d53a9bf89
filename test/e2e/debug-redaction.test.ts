// Under DEBUG, oclif's own log echoes the command line: a secret typed there by mistake, or an
// RPC URL's key, must still not reach the terminal.
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'

const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
const MNEMONIC = 'test test test test test test test test test test test junk'
const RPC_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'

describe('DEBUG output', () => {
  it('hides a private key typed as an argument, and the command still refuses it', async () => {
    const result = await runCli(['config', 'set', 'validator', KEY], { env: { DEBUG: '*' } })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('oclif') // the debug log did run
    expect(result.stderr + result.stdout).not.toContain(KEY.slice(2, 34))
  })

  it('hides a mnemonic typed as an argument', async () => {
    const result = await runCli(['config', 'set', 'hd-path', MNEMONIC], { env: { DEBUG: '*' } })
    expect(result.exitCode).toBe(2)
    expect(result.stderr + result.stdout).not.toContain(MNEMONIC)
  })

  it('hides the key in an RPC URL and the signer secrets from the environment', async () => {
    const result = await runCli(
      ['status', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '--network', 'sepolia', '--rpc-url', `http://127.0.0.1:9/v2/${RPC_KEY}`, '--rpc-timeout', '1'],
      {
        env: { DEBUG: '*', VALIDATOR_PRIVATE_KEY: KEY },
      },
    )
    expect(result.exitCode).toBe(4)
    expect(result.stderr).toContain('oclif')
    const output = result.stderr + result.stdout
    expect(output).not.toContain(RPC_KEY)
    expect(output).not.toContain(KEY.slice(2, 34))
  })
})
