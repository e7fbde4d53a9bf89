import { TransactionCommand } from '../lib/command/transaction-command.js'
import { sendingFlags } from '../lib/command/flags.js'

export default class Activate extends TransactionCommand {
  static override summary = 'Put a READY validator into the selection tree.'
  static override examples = ['<%= config.bin %> activate --network mainnet', '<%= config.bin %> activate --yes --json']
  static override flags = { ...sendingFlags }

  async run() {
    const { flags } = await this.parse(Activate)
    const { activate } = await import('../lib/actions/activate.js')
    return this.send(activate, {}, flags)
  }
}
