import { Flags } from '@oclif/core'
import { ActionCommand } from '../../lib/command/transaction-command.js'
import { sendingFlags } from '../../lib/input/flags.js'

export default class ChangeCommissionInit extends ActionCommand {
  static override summary = 'Start a commission change; finalize it after the delay (14 days on mainnet).'
  static override hiddenAliases = ['change-commission:init']
  static override examples = [
    '<%= config.bin %> changeCommission init --commission-rate 5 --network mainnet',
    '<%= config.bin %> changeCommission init --commission-rate 5 --network mainnet --yes --json',
  ]
  static override flags = {
    'commission-rate': Flags.string({ description: 'New commission in whole percent, 0 to 100.', required: true }),
    ...sendingFlags,
  }

  protected override readonly action = this.sends(ChangeCommissionInit, async () => (await import('../../lib/actions/commission.js')).initCommissionChange)
}
