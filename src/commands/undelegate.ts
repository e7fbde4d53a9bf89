import { Flags } from '@oclif/core'
import { ActionCommand } from '../lib/command/transaction-command.js'
import { sendingFlags } from '../lib/input/flags.js'

export default class Undelegate extends ActionCommand {
  static override summary = 'Take delegated KRO back from a validator, once the lock after the last delegation is over.'
  static override description = `The signer is the delegator; the KRO goes to it. --amount max takes out everything the position
is worth (what the share rounding leaves behind is worth less than one wei).`
  static override examples = [
    '<%= config.bin %> undelegate --validator 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --amount max --network mainnet',
    '<%= config.bin %> undelegate --validator 0x7099…79C8 --amount 100KRO --json --yes',
  ]
  static override flags = {
    validator: Flags.string({ description: 'Validator the KRO is delegated to.', required: true }),
    amount: Flags.string({ description: 'KRO to take out: wei, with the unit (100KRO), or max (the whole position).', required: true }),
    ...sendingFlags,
  }

  protected override readonly action = this.sends(Undelegate, async () => (await import('../lib/actions/delegation.js')).undelegate)
}
