import { ActionCommand } from '../../lib/command/transaction-command.js'
import { sendingFlags } from '../../lib/input/flags.js'

export default class ChangeCommissionFinalize extends ActionCommand {
  static override summary = 'Apply the pending commission change once its delay has passed.'
  static override hiddenAliases = ['change-commission:finalize']
  static override examples = [
    '<%= config.bin %> changeCommission finalize --network mainnet',
    '<%= config.bin %> changeCommission finalize --network mainnet --yes',
  ]
  static override flags = { ...sendingFlags }

  protected override readonly action = this.sends(
    ChangeCommissionFinalize,
    async () => (await import('../../lib/actions/commission.js')).finalizeCommissionChange,
  )
}
