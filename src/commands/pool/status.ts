import { Args } from '@oclif/core'
import { BaseCommand } from '../../lib/command/base.js'
import { connectionFlags, outputFlags, poolFlags, signerFlags } from '../../lib/input/flags.js'

export default class PoolStatus extends BaseCommand {
  static override summary = 'Show the ETH an address has in the V1 ValidatorPool, and how to get it back.'
  static override description = `The V1 ValidatorPool (deprecated, ETH bonds) keeps balances by the V1 validator's own address.
Without an address, shows the configured validator (config "validator") or the signer's address.
--json: { address, pool, balance (wei), terminated, terminateOutputIndex, requiredBondAmount, unbondable, blockNumber, steps }.`

  static override examples = [
    '<%= config.bin %> pool status 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC --network mainnet',
    '<%= config.bin %> pool status --json --network devnet',
  ]

  static override args = {
    address: Args.string({ description: 'Address whose pool balance to show; defaults to the configured validator or the signer.' }),
  }

  static override flags = { ...outputFlags, ...poolFlags, ...connectionFlags, ...signerFlags }

  async run() {
    const { args, flags } = await this.parse(PoolStatus)
    const { readPoolStatus } = await import('../../lib/pool/show-status.js')
    const status = await readPoolStatus(flags, args.address)
    return { json: status, text: async () => (await import('../../lib/ui/pool-view.js')).renderPoolStatus(status) }
  }
}
