import { BaseCommand } from '../../lib/command/base.js'
import { outputFlags } from '../../lib/input/flags.js'

export default class ConfigPath extends BaseCommand {
  static override summary = 'Print where the configuration file lives (readable by its owner only).'
  static override examples = ['<%= config.bin %> config path']
  static override flags = { ...outputFlags }

  async run() {
    await this.parse(ConfigPath)
    const { ConfigStore } = await import('../../lib/config/store.js')
    const path = new ConfigStore().path
    return { json: { path }, text: `${path}\n` }
  }
}
