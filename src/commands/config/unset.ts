import { Args } from '@oclif/core'
import { BaseCommand } from '../../lib/command/base.js'
import { outputFlags } from '../../lib/input/flags.js'

export default class ConfigUnset extends BaseCommand {
  static override summary = 'Remove a saved setting.'
  static override examples = ['<%= config.bin %> config unset rpc-url']
  static override args = { key: Args.string({ required: true, description: 'Setting name.' }) }
  static override flags = { ...outputFlags }

  async run() {
    const { args } = await this.parse(ConfigUnset)
    const { ConfigStore } = await import('../../lib/config/store.js')
    const { parseConfigKey } = await import('../../lib/config/settings.js')
    const key = parseConfigKey(args.key)
    await new ConfigStore().unset(key)
    return { json: { key, value: null }, text: `${key} unset\n` }
  }
}
