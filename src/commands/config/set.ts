import { Args } from '@oclif/core'
import { BaseCommand } from '../../lib/command/base.js'
import { outputFlags } from '../../lib/input/flags.js'

export default class ConfigSet extends BaseCommand {
  static override summary = 'Save a setting: network, rpc-url, validator-manager, asset-manager, hd-path, keystore, validator or validator-pool.'
  static override description =
    'Saved settings rank below flags and environment variables. Secrets (private keys, mnemonics) are refused. hd-path is checked as --hd-path is (quote it in a shell); a saved RPC URL is printed with its key masked.'
  static override examples = [
    '<%= config.bin %> config set network sepolia',
    '<%= config.bin %> config set rpc-url https://sepolia.example.com',
    '<%= config.bin %> config set validator 0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  ]
  static override args = {
    key: Args.string({ required: true, description: 'Setting name (a long flag name).' }),
    value: Args.string({ required: true, description: 'Value to save.' }),
  }
  static override flags = { ...outputFlags }

  async run() {
    const { args } = await this.parse(ConfigSet)
    const { ConfigStore } = await import('../../lib/config/store.js')
    const { normalizeSetting, parseConfigKey, shownSetting } = await import('../../lib/config/settings.js')
    const store = new ConfigStore()
    const key = parseConfigKey(args.key)
    const value = normalizeSetting(key, args.value, store)
    await store.set(key, value)
    const shown = shownSetting(key, value)
    return { json: { key, value: shown, path: store.path }, text: `${key} = ${shown}\n` }
  }
}
