import { Args } from '@oclif/core'
import { BaseCommand } from '../lib/command/base.js'
import { connectionFlags, outputFlags, signerFlags } from '../lib/input/flags.js'

export default class Status extends BaseCommand {
  static override summary = 'Show where a validator stands: status, jail, commission, KRO, weight, when it can withdraw.'
  static override description = `Reads everything at one block in one RPC round trip, however many validators.
Without an address, shows the configured validator (config "validator") or the signer's address.`

  static override examples = [
    '<%= config.bin %> status 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC --network mainnet --rpc-url https://eth.example.com',
    '<%= config.bin %> status --json',
    '<%= config.bin %> status 0xAb…01 0xCd…02 --network sepolia',
  ]

  static override strict = false
  static override args = {
    address: Args.string({ description: 'Validator address(es); defaults to the configured validator or the signer.' }),
  }

  static override flags = { ...outputFlags, ...connectionFlags, ...signerFlags }

  async run() {
    const { flags, argv } = await this.parse(Status)
    const { statusOutput } = await import('../lib/command/status-output.js')
    return statusOutput(flags, argv as string[])
  }
}
