import { Args } from '@oclif/core'
import { BaseCommand } from '../../lib/command/base.js'
import { outputFlags } from '../../lib/input/flags.js'

export default class ConfigGet extends BaseCommand {
  static override summary = 'Print one saved setting (nothing and exit 0 when unset).'
  static override description = 'A saved RPC URL is printed with its key masked, as in every message.'
  static override examples = ['<%= config.bin %> config get network']
  static override args = { key: Args.string({ required: true, description: 'Setting name.' }) }
  static override flags = { ...outputFlags }

  async run() {
    const { args } = await this.parse(ConfigGet)
    const { ConfigStore } = await import('../../lib/config/store.js')
    const { parseConfigKey, shownSetting } = await import('../../lib/config/settings.js')
    const key = parseConfigKey(args.key)
    const saved = new ConfigStore().get(key)
    const value = saved === undefined ? undefined : shownSetting(key, saved)
    return { json: { key, value: value ?? null }, text: value === undefined ? '' : `${value}\n` }
  }
}
