import { BaseCommand } from '../../lib/command/base.js'
import { outputFlags } from '../../lib/input/flags.js'

export default class DevnetStop extends BaseCommand {
  static override summary = 'Stop the devnet started by `devnet start` and wait until anvil has exited.'
  static override description = 'Exits 0 when no devnet is running too, saying so, so it is safe in cleanup scripts.'
  static override examples = ['<%= config.bin %> devnet stop', '<%= config.bin %> devnet stop --json']
  static override flags = { ...outputFlags }

  async run() {
    await this.parse(DevnetStop)
    const { stopDevnet } = await import('../../lib/devnet/lifecycle.js')
    const result = await stopDevnet()
    return { json: result, text: async () => (await import('../../lib/ui/devnet-view.js')).renderDevnetStopped(result) }
  }
}
