import { BaseCommand } from '../../lib/command/base.js'
import { outputFlags } from '../../lib/input/flags.js'

export default class ConfigList extends BaseCommand {
  static override summary = 'List saved settings and network profiles.'
  static override examples = ['<%= config.bin %> config list', '<%= config.bin %> config list --json']
  static override flags = { ...outputFlags }

  async run() {
    await this.parse(ConfigList)
    const { ConfigStore } = await import('../../lib/config/store.js')
    const { shownSetting } = await import('../../lib/config/settings.js')
    const store = new ConfigStore()
    const settings = Object.fromEntries(Object.entries(store.list()).map(([key, value]) => [key, shownSetting(key, value)]))
    const profiles = store.profileNames()
    const text = () => {
      const lines = Object.entries(settings).map(([key, value]) => `${key} = ${value}`)
      if (lines.length === 0) lines.push('(no settings saved)')
      if (profiles.length > 0) lines.push(`network profiles: ${profiles.join(', ')}`)
      return `${lines.join('\n')}\n`
    }
    return { json: { settings, profiles, path: store.path }, text }
  }
}
