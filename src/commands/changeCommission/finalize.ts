import { TransactionCommand } from '../../lib/command/transaction-command.js'
import { sendingFlags } from '../../lib/command/flags.js'

export default class ChangeCommissionFinalize extends TransactionCommand {
  static override summary = 'Apply the pending commission change once its delay has passed.'
  static override hiddenAliases = ['change-commission:finalize']
  static override examples = [
    '<%= config.bin %> changeCommission finalize --network mainnet',
    '<%= config.bin %> changeCommission finalize --network mainnet --yes',
  ]
  static override flags = { ...sendingFlags }

  async run() {
    const { flags } = await this.parse(ChangeCommissionFinalize)
    const { finalizeCommissionChange } = await import('../../lib/actions/commission.js')
    return this.send(finalizeCommissionChange, {}, flags)
  }
}
