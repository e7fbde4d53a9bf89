import { Flags } from '@oclif/core'
import { ActionCommand } from '../../lib/command/transaction-command.js'
import { sendingFlags } from '../../lib/input/flags.js'

export default class KghClaim extends ActionCommand {
  static override summary = 'Claim the boosted KRO reward of your KGH delegated to a validator.'
  static override examples = [
    '<%= config.bin %> kgh claim --validator 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --network mainnet',
    '<%= config.bin %> kgh claim --validator 0x7099…79C8 --ledger --json',
  ]
  static override flags = {
    validator: Flags.string({ description: 'Validator the KGH are delegated to.', required: true }),
    ...sendingFlags,
  }

  protected override readonly action = this.sends(KghClaim, async () => (await import('../../lib/actions/kgh.js')).kghClaim)
}
