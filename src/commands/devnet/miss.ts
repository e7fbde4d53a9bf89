import { Flags } from '@oclif/core'
import { BaseCommand } from '../../lib/command/base.js'
import { devnetFlags } from '../../lib/input/flags.js'

export default class DevnetMiss extends BaseCommand {
  static override summary = 'Make a validator miss its priority rounds on the devnet until it is jailed; prints when the jail ends.'
  static override examples = [
    '<%= config.bin %> devnet miss --validator 0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    '<%= config.bin %> devnet miss --validator 0x7099…79C8 --json',
  ]
  static override flags = {
    validator: Flags.string({ description: 'The validator that misses its rounds.', required: true }),
    ...devnetFlags,
  }

  async run() {
    const { flags } = await this.parse(DevnetMiss)
    const { missRounds } = await import('../../lib/devnet/drive.js')
    const result = await missRounds(flags.validator, flags)
    return { json: result, text: async () => (await import('../../lib/ui/devnet-view.js')).renderMiss(result) }
  }
}
