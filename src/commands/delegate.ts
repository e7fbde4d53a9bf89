import { Flags } from '@oclif/core'
import { ActionCommand } from '../lib/command/transaction-command.js'
import { sendingFlags } from '../lib/input/flags.js'

export default class Delegate extends ActionCommand {
  static override summary = 'Delegate KRO to a validator for shares (approves exactly the shortfall, only if needed).'
  static override description = `The signer is the delegator. The validator must be registered and out of jail. Each delegation
restarts the lock (the minimum delegation period) for the delegator's whole position with that validator.`
  static override examples = [
    '<%= config.bin %> delegate --validator 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --amount 1000KRO --network sepolia',
    '<%= config.bin %> delegate --validator 0x7099…79C8 --amount 250.5KRO --ledger --dry-run',
  ]
  static override flags = {
    validator: Flags.string({ description: 'Validator to delegate to.', required: true }),
    amount: Flags.string({ description: 'KRO to delegate: wei or with the unit (1000KRO, 0.5 kro).', required: true }),
    ...sendingFlags,
  }

  protected override readonly action = this.sends(Delegate, async () => (await import('../lib/actions/delegation.js')).delegate)
}
