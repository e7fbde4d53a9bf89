import { BaseCommand } from '../../lib/command/base.js'
import { outputFlags } from '../../lib/input/flags.js'

export default class DevnetStatus extends BaseCommand {
  static override summary = 'Tell whether the devnet is up: exit 0 when it is, 4 when it is not (with why).'
  static override description = 'Up means: its anvil process runs, answers on its RPC URL as anvil, and has the devnet contracts.'
  static override examples = ['<%= config.bin %> devnet status', '<%= config.bin %> devnet status --json']
  static override flags = { ...outputFlags }

  async run() {
    await this.parse(DevnetStatus)
    const { devnetStatus } = await import('../../lib/devnet/lifecycle.js')
    const status = await devnetStatus()
    return { json: status, text: async () => (await import('../../lib/ui/devnet-view.js')).renderDevnetStatus(status) }
  }
}
