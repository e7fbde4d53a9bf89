import { Flags } from '@oclif/core'
import { ActionCommand } from '../../lib/command/transaction-command.js'
import { sendingFlags } from '../../lib/input/flags.js'

export default class KghUndelegate extends ActionCommand {
  static override summary = 'Take delegated KGH NFTs back from a validator, with their boosted reward.'
  static override description = `The signer is the delegator. Each token can be undelegated once the minimum delegation period after
its delegation is over. --token-id all takes every KGH the signer has with the validator.`
  static override examples = [
    '<%= config.bin %> kgh undelegate --validator 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --token-id all --network mainnet',
    '<%= config.bin %> kgh undelegate --validator 0x7099…79C8 --token-id 42,43 --dry-run',
  ]
  static override flags = {
    validator: Flags.string({ description: 'Validator the KGH are delegated to.', required: true }),
    'token-id': Flags.string({ description: 'KGH token id, several separated by commas, or all.', required: true }),
    ...sendingFlags,
  }

  protected override readonly action = this.sends(KghUndelegate, async () => (await import('../../lib/actions/kgh.js')).kghUndelegate)
}
