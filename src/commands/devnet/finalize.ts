import { BaseCommand } from '../../lib/command/base.js'
import { devnetFlags } from '../../lib/input/flags.js'

export default class DevnetFinalize extends BaseCommand {
  static override summary = "Finalize the devnet's pending outputs: bonds are released and rewards paid."
  static override examples = ['<%= config.bin %> devnet finalize', '<%= config.bin %> devnet finalize --json']
  static override flags = { ...devnetFlags }

  async run() {
    const { flags } = await this.parse(DevnetFinalize)
    const { finalizeOutputs } = await import('../../lib/devnet/drive.js')
    const result = await finalizeOutputs(flags)
    return { json: result, text: async () => (await import('../../lib/ui/devnet-view.js')).renderFinalize(result) }
  }
}
