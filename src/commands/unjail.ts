import { ActionCommand } from '../lib/command/transaction-command.js'
import { sendingFlags } from '../lib/input/flags.js'

export default class Unjail extends ActionCommand {
  static override summary = 'Leave jail once the jail period is over.'
  static override examples = ['<%= config.bin %> unjail --network mainnet', '<%= config.bin %> unjail --dry-run']
  static override flags = { ...sendingFlags }

  protected override readonly action = this.sends(Unjail, async () => (await import('../lib/actions/unjail.js')).unjail)
}
