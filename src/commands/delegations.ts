import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../lib/command/base.js'
import { connectionFlags, noCacheFlag, outputFlags, signerFlags } from '../lib/input/flags.js'

export default class Delegations extends BaseCommand {
  static override summary = "A delegator's positions: KRO worth and shares, KGH tokens, claimable reward, when each unlocks."
  static override description = `Finds the validators from the AssetManager's delegation events (cached like history), then reads every
position at one block: KRO shares and what they are worth, when they can be undelegated, KGH token ids with
their unlock times, the boosted reward to claim, the validator's status and jail, and the next command.
Without an address: the signer's, else the configured validator.`

  static override examples = [
    '<%= config.bin %> delegations 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --network mainnet',
    '<%= config.bin %> delegations --validator 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC --json',
  ]

  static override args = {
    address: Args.string({ description: 'Delegator address; defaults to the signer.' }),
  }

  static override flags = {
    ...outputFlags,
    validator: Flags.string({ description: 'Only the position with this validator.' }),
    'no-cache': noCacheFlag,
    ...connectionFlags,
    ...signerFlags,
  }

  async run() {
    const { flags, args } = await this.parse(Delegations)
    const { readDelegations } = await import('../lib/events/show-delegations.js')
    const report = await this.withProgress('Reading delegation events', (update) => readDelegations(flags, args.address, update))
    return { json: report.json, text: async () => (await import('../lib/ui/delegations-view.js')).renderDelegations(report) }
  }
}
