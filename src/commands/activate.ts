import { ActionCommand } from '../lib/command/transaction-command.js'
import { sendingFlags } from '../lib/input/flags.js'

export default class Activate extends ActionCommand {
  static override summary = 'Put a READY validator into the selection tree.'
  static override examples = ['<%= config.bin %> activate --network mainnet', '<%= config.bin %> activate --yes --json']
  static override flags = { ...sendingFlags }

  protected override readonly action = this.sends(Activate, async () => (await import('../lib/actions/activate.js')).activate)
}
