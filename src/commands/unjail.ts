import { TransactionCommand } from '../lib/command/transaction-command.js'
import { sendingFlags } from '../lib/command/flags.js'

export default class Unjail extends TransactionCommand {
  static override summary = 'Leave jail once the jail period is over.'
  static override examples = ['<%= config.bin %> unjail --network mainnet', '<%= config.bin %> unjail --dry-run']
  static override flags = { ...sendingFlags }

  async run() {
    const { flags } = await this.parse(Unjail)
    const { unjail } = await import('../lib/actions/unjail.js')
    return this.send(unjail, {}, flags)
  }
}
